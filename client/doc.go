// Package client is the typed client of the certs API, hosted or local, and
// the only code in certs-tui that speaks HTTP to a certs service.
//
// Make a client and list the newest certificates of a domain:
//
//	c, err := client.New(client.Config{BaseURL: "http://127.0.0.1:9010", Token: token})
//	if err != nil {
//		return err
//	}
//	page, err := c.Certs.List(ctx, domainID, client.ListOptions{Limit: 20})
//	if errors.Is(err, client.ErrUnauthorized) {
//		// ask for a new token
//	}
//	for _, cert := range page.Certificates {
//		fmt.Println(cert.SerialNumber, cert.EntityID, cert.ExpiryTime)
//	}
//
// Every call takes a context and is bounded by Config.Timeout. GET calls are
// retried on connection errors and 502, 503 and 504 responses. Writes are
// sent once, and a write that fails after it was sent matches
// ErrOutcomeUnknown.
// HTTP errors are *APIError values that match ErrNotFound, ErrUnauthorized
// and the other sentinels with errors.Is; failures without a response are
// *NetworkError values that match ErrNetwork. Server text in an APIError is
// untrusted: sanitize it before printing it to a terminal.
package client
