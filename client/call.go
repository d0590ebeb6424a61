package client

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"
)

// call describes one API request and how to read its response.
type call struct {
	method string
	url    string
	query  url.Values

	body        any    // marshalled as JSON when set
	rawBody     []byte // sent as is with contentType when set
	contentType string
	accept      string

	// result receives the decoded JSON response; raw receives the body bytes
	// instead, with the response's Content-Type in rawType.
	result  any
	raw     *[]byte
	rawType *string

	// emptyOK accepts a 2xx response with an empty body, leaving result as is.
	emptyOK bool

	limit int // response body cap; limitSmall when zero

	write  bool // changes state on the server, so never retried
	noAuth bool // sends no bearer token and does not refresh on 401

	// noRefresh skips the token refresh on 401, for the downloads whose
	// 401 is about their own download token.
	noRefresh bool

	// bearer replaces the access token, as the refresh call does with the
	// refresh token; such a call never refreshes on 401.
	bearer string

	secrets []string // further values to keep out of errors and logs
}

// do runs c within the client's timeout. When the response is 401 and a
// refresh token is known, it refreshes the tokens once and repeats the call
// once. A second 401 goes to the caller.
func (c *Client) do(ctx context.Context, cl call) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	token := c.Tokens().AccessToken
	err := c.send(ctx, cl, token)
	if !c.mayRefresh(cl, err) {
		return err
	}

	if refreshErr := c.refreshAfter(ctx, token); refreshErr != nil {
		c.logger.Warn("token refresh failed", "error", refreshErr)
		return fmt.Errorf("%w (the token refresh failed: %w)", err, refreshErr)
	}

	return c.send(ctx, cl, c.Tokens().AccessToken)
}

// mayRefresh reports whether err is a 401 that a token refresh could cure.
func (c *Client) mayRefresh(cl call, err error) bool {
	if cl.noAuth || cl.noRefresh || cl.bearer != "" || !errors.Is(err, ErrUnauthorized) {
		return false
	}

	return c.Tokens().RefreshToken != "" && c.usersURL != ""
}

// send makes one logical request, retries included, and turns the response
// into cl's result or an error.
func (c *Client) send(ctx context.Context, cl call, token string) error {
	var sent atomic.Bool
	trace := &httptrace.ClientTrace{
		// Any write attempt counts, even a failed one, because the server
		// may have read the whole request before the connection broke.
		WroteRequest: func(httptrace.WroteRequestInfo) { sent.Store(true) },
	}

	req := c.http.R().
		SetContext(httptrace.WithClientTrace(ctx, trace)).
		SetResponseBodyLimit(cmp.Or(cl.limit, limitSmall)).
		SetHeader("Accept", cmp.Or(cl.accept, "application/json"))

	if cl.query != nil {
		req.SetQueryParamsFromValues(cl.query)
	}

	switch {
	case cl.rawBody != nil:
		req.SetHeader("Content-Type", cl.contentType).SetBody(cl.rawBody)
	case cl.body != nil:
		req.SetHeader("Content-Type", "application/json").SetBody(cl.body)
	}

	switch {
	case cl.bearer != "":
		req.SetAuthToken(cl.bearer)
	case !cl.noAuth && token != "":
		req.SetAuthToken(token)
	}

	start := time.Now()
	resp, err := req.Execute(cl.method, cl.url)
	path := requestPath(cl.url, resp)
	secrets := c.secrets(append(cl.secrets, token, cl.bearer)...)

	if err != nil {
		err = c.transportError(cl, path, resp, err, sent.Load(), secrets)
		c.logger.Warn("request failed", "method", cl.method, "path", path, "error", err, "duration", time.Since(start))
		return err
	}

	c.logger.Debug("request done", "method", cl.method, "path", path, "status", resp.StatusCode(), "duration", time.Since(start))

	if resp.IsError() || resp.StatusCode() < 200 || resp.StatusCode() > 299 {
		return newAPIError(cl.method, path, resp, secrets)
	}

	return decodeResponse(cl, path, resp, secrets)
}

// transportError classifies a failure that left no complete response.
func (c *Client) transportError(cl call, path string, resp *resty.Response, err error, sent bool, secrets []string) error {
	if errors.Is(err, resty.ErrResponseBodyTooLarge) {
		apiErr := &APIError{Method: cl.method, Path: path, Err: ErrResponseTooLarge}
		if resp != nil && resp.RawResponse != nil {
			apiErr.StatusCode = resp.StatusCode()
			apiErr.RequestID = requestID(resp.Header())
		}
		apiErr.Message = "the response is larger than the " + sizeText(cmp.Or(cl.limit, limitSmall)) + " limit of this call"
		return apiErr
	}

	var netErr net.Error
	timeout := errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout())

	networkErr := &NetworkError{
		Method:  cl.method,
		Path:    path,
		Sent:    sent,
		Write:   cl.write,
		Timeout: timeout,
		Err:     scrubError(err, secrets),
	}

	// The status line arrived but the body broke off. The status shows what
	// the server did, so a write's outcome is known, and the error keeps it.
	if resp != nil && resp.RawResponse != nil {
		networkErr.Write = false
		return &APIError{
			StatusCode: resp.StatusCode(),
			Method:     cl.method,
			Path:       path,
			RequestID:  redact(requestID(resp.Header()), secrets),
			Message:    "the response body was cut off",
			Err:        networkErr,
		}
	}

	return networkErr
}

// scrubError drops the *url.Error wrapper, whose text quotes the URL and
// its query, and replaces the error by its redacted text if a secret
// still shows.
func scrubError(err error, secrets []string) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}

	text := err.Error()
	if clean := redact(text, secrets); clean != text {
		return errors.New(clean)
	}

	return err
}

// newAPIError reads the server's error body: the registered JSON error
// type when the response is JSON, an excerpt of the body otherwise.
func newAPIError(method, path string, resp *resty.Response, secrets []string) *APIError {
	apiErr := &APIError{
		StatusCode: resp.StatusCode(),
		Method:     method,
		Path:       path,
		RequestID:  redact(requestID(resp.Header()), secrets),
	}

	var body errorJSON
	if registered, ok := resp.Error().(*errorJSON); ok && registered != nil {
		body = *registered
	}
	if body.Error == "" && body.Message == "" {
		// Some services send JSON errors as text/plain, which resty skips.
		_ = json.Unmarshal(resp.Body(), &body)
	}

	apiErr.Kind = capText(redact(string(body.Error), secrets))
	apiErr.Message = capText(redact(string(body.Message), secrets))
	if apiErr.Kind == "" && apiErr.Message == "" {
		apiErr.Message = bodyExcerpt(resp.Body(), secrets)
	}

	return apiErr
}

// decodeResponse stores a 2xx response into cl.result or cl.raw.
func decodeResponse(cl call, path string, resp *resty.Response, secrets []string) error {
	body := resp.Body()

	if cl.raw != nil {
		*cl.raw = body
		if cl.rawType != nil {
			*cl.rawType = resp.Header().Get("Content-Type")
		}
		return nil
	}

	if cl.result == nil {
		return nil
	}

	if len(bytes.TrimSpace(body)) == 0 {
		if cl.emptyOK {
			return nil
		}
		return invalidResponse(cl.method, path, resp, errors.New("the body is empty, expected JSON"), secrets)
	}

	if err := json.Unmarshal(body, cl.result); err != nil {
		return invalidResponse(cl.method, path, resp, errors.New("the body is not the expected JSON: "+err.Error()), secrets)
	}

	return nil
}

// invalidResponse is a 2xx response that could not be decoded.
func invalidResponse(method, path string, resp *resty.Response, cause error, secrets []string) *APIError {
	return &APIError{
		StatusCode: resp.StatusCode(),
		Method:     method,
		Path:       path,
		Message:    bodyExcerpt(resp.Body(), secrets),
		RequestID:  redact(requestID(resp.Header()), secrets),
		Err:        cause,
	}
}

// bodyExcerpt returns the start of a body with its whitespace runs folded.
func bodyExcerpt(body []byte, secrets []string) string {
	const excerptLen = 200

	if len(body) > 4*excerptLen {
		body = body[:4*excerptLen]
	}

	text := strings.Join(strings.Fields(string(body)), " ")
	text = redact(text, secrets)
	if len(text) > excerptLen {
		text = capText(text[:excerptLen])
		text = strings.ToValidUTF8(text, "") + "…"
	}

	return text
}

// requestID returns the request id header of a response, if any.
func requestID(h http.Header) string {
	for _, name := range []string{"X-Request-Id", "Request-Id", "X-Correlation-Id"} {
		if v := h.Get(name); v != "" {
			return capText(v)
		}
	}
	return ""
}

// requestPath is the URL path of the request, without the query.
func requestPath(rawURL string, resp *resty.Response) string {
	if resp != nil && resp.Request != nil && resp.Request.RawRequest != nil {
		return resp.Request.RawRequest.URL.Path
	}

	if u, err := url.Parse(rawURL); err == nil {
		return u.Path
	}
	return ""
}

// sizeText prints a byte count that is a whole number of MiB.
func sizeText(n int) string {
	return strconv.Itoa(n>>20) + " MiB"
}
