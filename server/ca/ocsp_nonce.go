package ca

import (
	"crypto/x509/pkix"
	encoding_asn1 "encoding/asn1"
	"errors"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// OIDOCSPNonce is the OCSP nonce extension, id-pkix-ocsp-nonce (RFC 6960
// section 4.4.1).
var OIDOCSPNonce = encoding_asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 2}

// Nonce length bounds of RFC 8954 section 2.1, in bytes.
const (
	minNonceLength = 1
	maxNonceLength = 32
)

// OCSPRequestNonce returns the nonce extension of a DER OCSP request, to be
// echoed in the response, or nil when the request has none. It returns an
// error for a request it cannot read and for a nonce outside the 1 to 32
// bytes that RFC 8954 allows. golang.org/x/crypto/ocsp (v0.59.0) drops
// request extensions, hence this reader.
func OCSPRequestNonce(der []byte) (*pkix.Extension, error) {
	input := cryptobyte.String(der)
	var request, tbs cryptobyte.String
	if !input.ReadASN1(&request, asn1.SEQUENCE) || !request.ReadASN1(&tbs, asn1.SEQUENCE) {
		return nil, errors.New("not an OCSP request")
	}

	// TBSRequest: [0] version, [1] requestorName, requestList, [2] extensions.
	tagVersion := asn1.Tag(0).Constructed().ContextSpecific()
	tagRequestor := asn1.Tag(1).Constructed().ContextSpecific()
	tagExtensions := asn1.Tag(2).Constructed().ContextSpecific()
	if !tbs.SkipOptionalASN1(tagVersion) || !tbs.SkipOptionalASN1(tagRequestor) || !tbs.SkipASN1(asn1.SEQUENCE) {
		return nil, errors.New("malformed tbsRequest")
	}
	var wrapped cryptobyte.String
	var present bool
	if !tbs.ReadOptionalASN1(&wrapped, &present, tagExtensions) {
		return nil, errors.New("malformed requestExtensions")
	}
	if !present {
		return nil, nil
	}

	var extensions cryptobyte.String
	if !wrapped.ReadASN1(&extensions, asn1.SEQUENCE) {
		return nil, errors.New("malformed requestExtensions")
	}
	for !extensions.Empty() {
		var extension cryptobyte.String
		var id encoding_asn1.ObjectIdentifier
		var critical bool
		var value []byte
		if !extensions.ReadASN1(&extension, asn1.SEQUENCE) ||
			!extension.ReadASN1ObjectIdentifier(&id) ||
			!extension.ReadOptionalASN1Boolean(&critical, asn1.BOOLEAN, false) ||
			!extension.ReadASN1Bytes(&value, asn1.OCTET_STRING) {
			return nil, errors.New("malformed request extension")
		}
		if !id.Equal(OIDOCSPNonce) {
			continue
		}
		if n := nonceLength(value); n < minNonceLength || n > maxNonceLength {
			return nil, fmt.Errorf("nonce of %d bytes: RFC 8954 allows %d to %d", n, minNonceLength, maxNonceLength)
		}
		return &pkix.Extension{Id: OIDOCSPNonce, Value: value}, nil
	}
	return nil, nil
}

// nonceLength returns the length of the nonce in an extension value.
// RFC 8954 wraps the nonce in an OCTET STRING, as openssl sends it. Some
// clients send the bare bytes, which count as they are.
func nonceLength(value []byte) int {
	input := cryptobyte.String(value)
	var nonce cryptobyte.String
	if input.ReadASN1(&nonce, asn1.OCTET_STRING) && input.Empty() {
		return len(nonce)
	}
	return len(value)
}
