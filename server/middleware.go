package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"
)

// handlerFunc is a handler that returns its error for writeError to send.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

type requestIDKey struct{}

// requestID returns the id the logging middleware gave the request.
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// statusRecorder keeps the status a handler sent, for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (rec *statusRecorder) WriteHeader(status int) {
	if rec.status == 0 {
		rec.status = status
	}
	rec.ResponseWriter.WriteHeader(status)
}

func (rec *statusRecorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.ResponseWriter.Write(b)
}

// observe gives each request an id (also sent as X-Request-Id), limits its
// body, recovers panics into a 500 and logs one line per request. The log
// has the path but never the query, which may carry a download token.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := hex.EncodeToString(randomBytes(8))
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		r = r.WithContext(ctx)
		w.Header().Set("X-Request-Id", id)
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		rec := &statusRecorder{ResponseWriter: w}

		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.logger.ErrorContext(ctx, "handler panicked", "request_id", id, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if rec.status == 0 {
					writeError(rec, r, s.logger, newProblem(kindInternal, "internal error; the server log has details under request id %s", id))
				}
			}
			s.logger.InfoContext(ctx, "request",
				"method", r.Method, "path", shortPath(r.URL.Path), "status", rec.status,
				"duration", time.Since(start), "request_id", id)
		}()

		next.ServeHTTP(rec, r)
	})
}

// rejectDotSegments sends a JSON 400 for a path with a "." or ".." segment or an
// empty segment inside it. http.ServeMux would otherwise redirect such a
// path to its cleaned form with an empty body, and a client following the
// redirect would act on another resource than the one it named.
func (s *Server) rejectDotSegments(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodConnect {
			// A CONNECT request has no path, so http.ServeMux would reply to
			// it with a plain-text 404 before any route.
			writeError(w, r, s.logger, newProblem(kindNotFound, "no API call at CONNECT %+.80q: this server is not a proxy", r.Host))
			return
		}
		if err := checkURILength(r.URL); err != nil {
			writeError(w, r, s.logger, err)
			return
		}
		// Split the escaped path, so that an encoded slash (%2F) stays
		// inside its segment for checkID to reject with a clearer message.
		segments := strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/")
		for i, escaped := range segments {
			segment, err := url.PathUnescape(escaped)
			if err != nil {
				segment = escaped
			}
			last := i == len(segments)-1
			if segment == "." || segment == ".." || (segment == "" && !last) {
				writeError(w, r, s.logger, newProblem(kindInvalid,
					"invalid path %+.200q: segment %d is %+q; IDs cannot be \".\", \"..\" or empty, so give the exact path", r.URL.Path, i+1, segment))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// maxRequestURI is the maximum length of a request's path and query. A
// valid path holds two IDs of 128 characters, each at most 12 bytes when a
// 4-byte UTF-8 character is percent-escaped, so it stays far below.
const maxRequestURI = 8 << 10

// checkURILength returns a 414 problem when the escaped path and the query
// of u together pass maxRequestURI, naming the part that is long.
func checkURILength(u *url.URL) error {
	path, query := len(u.EscapedPath()), len(u.RawQuery)
	if path+query <= maxRequestURI {
		return nil
	}
	if query > path {
		return newProblem(kindURITooLong, "request query of %d bytes (path %d bytes) exceeds the %d bytes this server accepts: send fewer or shorter query values", query, path, maxRequestURI)
	}
	return newProblem(kindURITooLong, "request path of %d bytes (query %d bytes) exceeds the %d bytes this server accepts: IDs have at most 128 characters, so check the path, which starts %+.80q", path, query, maxRequestURI, u.Path)
}

// maxLoggedPath is how much of a request path the log keeps.
const maxLoggedPath = 200

// shortPath cuts path at maxLoggedPath bytes and adds its full length, so
// that a client cannot fill the log with long request lines.
func shortPath(path string) string {
	if len(path) <= maxLoggedPath {
		return path
	}
	return fmt.Sprintf("%s... (%d bytes)", strings.ToValidUTF8(path[:maxLoggedPath], ""), len(path))
}

// public adapts a handler that needs no bearer token.
func (s *Server) public(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			writeError(w, r, s.logger, err)
		}
	})
}

// authed adapts a handler that requires the bearer token.
func (s *Server) authed(h handlerFunc) http.Handler {
	return s.public(func(w http.ResponseWriter, r *http.Request) error {
		if err := s.checkBearer(r); err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="certs-tui"`)
			return err
		}
		return h(w, r)
	})
}

// checkBearer compares the bearer token in constant time. Both sides are
// hashed first so that the comparison time does not reveal the length.
func (s *Server) checkBearer(r *http.Request) error {
	header := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(header, " ")
	if header == "" {
		return newProblem(kindUnauthorized, "missing Authorization header: send Authorization: Bearer <token>")
	}
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return newProblem(kindUnauthorized, "invalid Authorization header: expected the Bearer scheme")
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(token)))
	want := sha256.Sum256([]byte(s.token))
	if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		return newProblem(kindUnauthorized, "invalid bearer token: use the token printed in the server's token file or given with --token")
	}
	return nil
}
