package client

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAPIErrorClasses(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		requestID   string
		sentinel    error
		want        APIError
	}{
		{
			name:     "404 empty body",
			status:   http.StatusNotFound,
			sentinel: ErrNotFound,
			want:     APIError{StatusCode: 404, Method: "GET", Path: "/d1/certs/42"},
		},
		{
			name:        "500 HTML",
			status:      http.StatusInternalServerError,
			contentType: "text/html",
			body:        "<html>\n  <body>Internal   failure</body>\n</html>",
			want:        APIError{StatusCode: 500, Method: "GET", Path: "/d1/certs/42", Message: "<html> <body>Internal failure</body> </html>"},
		},
		{
			name:        "401 JSON",
			status:      http.StatusUnauthorized,
			contentType: "application/json",
			body:        `{"error":"unauthorized","message":"bearer token expired"}`,
			requestID:   "req-77",
			sentinel:    ErrUnauthorized,
			want: APIError{StatusCode: 401, Method: "GET", Path: "/d1/certs/42",
				Kind: "unauthorized", Message: "bearer token expired", RequestID: "req-77"},
		},
		{
			name:        "400 JSON sent as text",
			status:      http.StatusBadRequest,
			contentType: "text/plain",
			body:        `{"error":"invalid_serial","message":"serial \"x\" is not decimal"}`,
			sentinel:    ErrBadRequest,
			want: APIError{StatusCode: 400, Method: "GET", Path: "/d1/certs/42",
				Kind: "invalid_serial", Message: `serial "x" is not decimal`},
		},
		{
			name:        "403 JSON",
			status:      http.StatusForbidden,
			contentType: "application/json",
			body:        `{"error":"forbidden","message":"no access to domain d1"}`,
			sentinel:    ErrForbidden,
			want: APIError{StatusCode: 403, Method: "GET", Path: "/d1/certs/42",
				Kind: "forbidden", Message: "no access to domain d1"},
		},
		{
			name:        "409 JSON",
			status:      http.StatusConflict,
			contentType: "application/json",
			body:        `{"error":"conflict","message":"already revoked"}`,
			sentinel:    ErrConflict,
			want: APIError{StatusCode: 409, Method: "GET", Path: "/d1/certs/42",
				Kind: "conflict", Message: "already revoked"},
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				if tt.requestID != "" {
					w.Header().Set("X-Request-Id", tt.requestID)
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))

			_, err := c.Certs.Get(testContext(t), "d1", "42")

			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v (%T) is not an *APIError", err, err)
			}
			if diff := cmp.Diff(tt.want, *apiErr); diff != "" {
				t.Errorf("APIError mismatch (-want +got):\n%s", diff)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.sentinel)
			}
			if errors.Is(err, ErrNetwork) {
				t.Errorf("an HTTP error matches ErrNetwork: %v", err)
			}
			if errors.Is(err, ErrInvalidResponse) {
				t.Errorf("a non-2xx response matches ErrInvalidResponse: %v", err)
			}
		})
	}
}

func TestAPIErrorSuccessWithHTML(t *testing.T) {
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>Sign in</body></html>"))
	}))

	_, err := c.Certs.Get(testContext(t), "d1", "42")

	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v (%T) is not an *APIError", err, err)
	}
	if apiErr.StatusCode != 200 {
		t.Errorf("StatusCode = %d, want 200", apiErr.StatusCode)
	}
	if !errors.Is(err, ErrInvalidResponse) {
		t.Errorf("errors.Is(err, ErrInvalidResponse) = false for %v", err)
	}
	if !strings.Contains(apiErr.Message, "Sign in") {
		t.Errorf("Message %q lacks the body excerpt", apiErr.Message)
	}
}

func TestAPIErrorTruncatedJSON(t *testing.T) {
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"total": 3, "certificates": [{"serial_number": "1"`))
	}))

	_, err := c.Certs.List(testContext(t), "d1", ListOptions{Limit: 10})

	if !errors.Is(err, ErrInvalidResponse) {
		t.Fatalf("errors.Is(err, ErrInvalidResponse) = false for %v", err)
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode != 200 {
		t.Errorf("StatusCode = %d, want 200", apiErr.StatusCode)
	}
}

func TestAPIErrorMessageCapped(t *testing.T) {
	long := strings.Repeat("é", 2000)
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"bad","message":"` + long + `\u001b[2J"}`))
	}))

	_, err := c.Certs.Get(testContext(t), "d1", "42")

	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v is not an *APIError", err)
	}
	if len(apiErr.Message) > maxServerTextLen+len("…") {
		t.Errorf("Message is %d bytes, want at most %d", len(apiErr.Message), maxServerTextLen+len("…"))
	}
	if !strings.HasPrefix(apiErr.Message, "éé") || !strings.HasSuffix(apiErr.Message, "…") {
		t.Errorf("Message is not a cut of the server text: %q…", apiErr.Message[:20])
	}
}

func TestAPIErrorKeepsControlCharacters(t *testing.T) {
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":"not_found","message":"no \u001b[31mred\u001b[0m cert"}`))
	}))

	_, err := c.Certs.Get(testContext(t), "d1", "42")

	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v is not an *APIError", err)
	}
	if apiErr.Message != "no \x1b[31mred\x1b[0m cert" {
		t.Errorf("Message = %q, want the server text verbatim for the console to sanitize", apiErr.Message)
	}
}

func TestAPIErrorHidesToken(t *testing.T) {
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"error":"forbidden","message":"token ` + testToken + ` may not read d1"}`))
	}))

	_, err := c.Certs.Get(testContext(t), "d1", "42")

	if err == nil {
		t.Fatal("no error for a 403")
	}
	if strings.Contains(err.Error(), testToken) {
		t.Errorf("error text shows the bearer token: %v", err)
	}
}

func TestNetworkErrorClasses(t *testing.T) {
	tests := []struct {
		name     string
		err      NetworkError
		network  bool
		timeout  bool
		unknown  bool
		wantText string
	}{
		{"refused read", NetworkError{Method: "GET", Path: "/x", Err: errors.New("connection refused")}, true, false, false, "GET /x failed: connection refused"},
		{"write not sent", NetworkError{Method: "POST", Path: "/x", Write: true, Err: errors.New("connection refused")}, true, false, false, "POST /x failed: connection refused"},
		{"write sent", NetworkError{Method: "POST", Path: "/x", Write: true, Sent: true, Err: errors.New("EOF")}, true, false, true, "server may have carried it out"},
		{"write timed out", NetworkError{Method: "PATCH", Path: "/x", Write: true, Sent: true, Timeout: true, Err: errors.New("deadline")}, true, true, true, "PATCH /x timed out"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := error(&tt.err)

			if got := errors.Is(err, ErrNetwork); got != tt.network {
				t.Errorf("Is(ErrNetwork) = %v, want %v", got, tt.network)
			}
			if got := errors.Is(err, ErrTimeout); got != tt.timeout {
				t.Errorf("Is(ErrTimeout) = %v, want %v", got, tt.timeout)
			}
			if got := errors.Is(err, ErrOutcomeUnknown); got != tt.unknown {
				t.Errorf("Is(ErrOutcomeUnknown) = %v, want %v", got, tt.unknown)
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("Error() = %q, want it to contain %q", err.Error(), tt.wantText)
			}
		})
	}
}

// cutBody sends a status line and a Content-Length, then closes the
// connection before the body is complete.
func cutBody(t *testing.T, status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"serial_", status, http.StatusText(status))
		_ = buf.Flush()
		_ = conn.Close()
	}
}

func TestCutOffBodyKeepsStatus(t *testing.T) {
	var attempts atomic.Int32
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts.Add(1)
		cutBody(t, http.StatusCreated)(w, r)
	}))

	_, err := c.Certs.Issue(testContext(t), "d1", IssueRequest{EntityType: "cvm", EntityID: "vm-1"})

	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v (%T) is not an *APIError", err, err)
	}
	if apiErr.StatusCode != http.StatusCreated {
		t.Errorf("StatusCode = %d, want 201", apiErr.StatusCode)
	}
	if !errors.Is(err, ErrInvalidResponse) {
		t.Errorf("errors.Is(err, ErrInvalidResponse) = false for %v", err)
	}
	if !errors.Is(err, ErrNetwork) {
		t.Errorf("errors.Is(err, ErrNetwork) = false for %v", err)
	}
	if errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("a 201 with a cut body reports an unknown outcome: %v", err)
	}
	if got := attempts.Load(); got != 1 {
		t.Errorf("the issue was sent %d times, want 1", got)
	}
}

func TestCutOffBodyRetriedForGet(t *testing.T) {
	var attempts atomic.Int32
	c, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if attempts.Add(1) == 1 {
			cutBody(t, http.StatusOK)(w, r)
			return
		}
		_, _ = io.WriteString(w, `{"serial_number":"7"}`)
	}))

	cert, err := c.Certs.Get(testContext(t), "d1", "7")

	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if cert.SerialNumber != "7" {
		t.Errorf("SerialNumber = %q, want 7", cert.SerialNumber)
	}
	if got := attempts.Load(); got != 2 {
		t.Errorf("attempts = %d, want 2", got)
	}
}
