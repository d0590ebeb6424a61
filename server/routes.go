package server

import "net/http"

// routes registers every call of the certs API. The Go 1.22 pattern syntax
// matches the method and path segments; the domain-scoped calls and the
// fixed /certs/... calls never overlap because their segment counts or
// literals differ.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	mux.Handle("GET /health", s.public(s.handleHealth))
	mux.Handle("GET /domains", s.authed(s.handleListDomains))
	mux.Handle("POST /domains", s.authed(s.handleCreateDomain))

	mux.Handle("POST /{domainID}/certs/issue/{entityType}/{entityID}", s.authed(s.handleIssue))
	mux.Handle("PATCH /{domainID}/certs/{serial}/renew", s.authed(s.handleRenew))
	mux.Handle("PATCH /{domainID}/certs/{serial}/revoke", s.authed(s.handleRevoke))
	mux.Handle("GET /{domainID}/certs", s.authed(s.handleList))
	mux.Handle("DELETE /{domainID}/certs", s.authed(s.handleDeleteEntity))
	mux.Handle("GET /{domainID}/certs/{serial}", s.authed(s.handleGet))
	mux.Handle("GET /{domainID}/certs/{serial}/download/token", s.authed(s.handleDownloadToken))
	mux.Handle("GET /{domainID}/certs/{entityID}/download", s.public(s.handleDownload))

	mux.Handle("GET /certs/get-ca/token", s.authed(s.handleCAToken))
	mux.Handle("GET /certs/download-ca", s.public(s.handleDownloadCA))
	mux.Handle("GET /certs/crl", s.public(s.handleCRL))
	mux.Handle("POST /certs/ocsp", s.public(s.handleOCSP))

	// Unknown paths get a JSON 404 like every other error.
	mux.Handle("/", s.public(func(w http.ResponseWriter, r *http.Request) error {
		return newProblem(kindNotFound, "no API call at %s %s", r.Method, r.URL.Path)
	}))

	return s.observe(s.rejectDotSegments(mux))
}
