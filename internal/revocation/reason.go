// Package revocation names the RFC 5280 CRLReason codes the way the certs
// API spells them, for the server and the client alike.
package revocation

import (
	"fmt"

	"golang.org/x/crypto/ocsp"
)

// Names maps RFC 5280 CRLReason codes to their snake_case API names. Code 7
// is unused by RFC 5280.
var Names = map[int]string{
	ocsp.Unspecified:          "unspecified",
	ocsp.KeyCompromise:        "key_compromise",
	ocsp.CACompromise:         "ca_compromise",
	ocsp.AffiliationChanged:   "affiliation_changed",
	ocsp.Superseded:           "superseded",
	ocsp.CessationOfOperation: "cessation_of_operation",
	ocsp.CertificateHold:      "certificate_hold",
	ocsp.RemoveFromCRL:        "remove_from_crl",
	ocsp.PrivilegeWithdrawn:   "privilege_withdrawn",
	ocsp.AACompromise:         "aa_compromise",
}

// Name returns the API name of a reason code, such as key_compromise for 1,
// or "reason_N" for a code RFC 5280 does not define.
func Name(code int) string {
	if name, ok := Names[code]; ok {
		return name
	}
	return fmt.Sprintf("reason_%d", code)
}
