package server

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestPanicBecomesJSON500(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{logger: slog.New(slog.NewTextHandler(&logs, nil))}
	handler := s.observe(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("secret detail of the failure")
	}))

	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))

	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	var body errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body is not a JSON error: %s", rec.Body)
	}
	id := rec.Header().Get("X-Request-Id")
	if body.Error != string(kindInternal) || !strings.Contains(body.Message, id) {
		t.Errorf("error body %+v does not name the request id %s", body, id)
	}
	if strings.Contains(rec.Body.String(), "secret detail") || strings.Contains(rec.Body.String(), "goroutine") {
		t.Errorf("the response leaks the panic or a stack trace: %s", rec.Body)
	}
	if !strings.Contains(logs.String(), "secret detail") || !strings.Contains(logs.String(), "status=500") {
		t.Errorf("the log lacks the panic or the status:\n%s", logs.String())
	}
}
