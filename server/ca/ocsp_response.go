package ca

import (
	"crypto"
	"crypto/sha1"
	"crypto/x509/pkix"
	encoding_asn1 "encoding/asn1"
	"fmt"
	"time"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
	"golang.org/x/crypto/ocsp"
)

var (
	oidOCSPBasic = encoding_asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 1}
	hashOIDs     = map[crypto.Hash]encoding_asn1.ObjectIdentifier{
		crypto.SHA1:   {1, 3, 14, 3, 2, 26},
		crypto.SHA256: {2, 16, 840, 1, 101, 3, 4, 2, 1},
		crypto.SHA384: {2, 16, 840, 1, 101, 3, 4, 2, 2},
		crypto.SHA512: {2, 16, 840, 1, 101, 3, 4, 2, 3},
	}
)

// encodeOCSPResponse encodes and signs an RFC 6960 response with the
// intermediate as the responder, named by key hash. extensions go into
// responseExtensions, where RFC 8954 puts the echoed nonce.
//
// golang.org/x/crypto/ocsp (v0.59.0) is not used for this because it cannot
// sign with Ed25519 and writes extra extensions only into singleExtensions.
// Its ParseResponse cannot verify Ed25519 responses either, so the client
// checks their signature itself. openssl ocsp verifies all of them.
func (a *Authority) encodeOCSPResponse(req *ocsp.Request, status int, revokedAt time.Time, reason int, now time.Time, extensions []pkix.Extension) ([]byte, error) {
	hashOID, ok := hashOIDs[req.HashAlgorithm]
	if !ok {
		return nil, fmt.Errorf("unsupported OCSP hash algorithm %v", req.HashAlgorithm)
	}
	algorithm, hash, err := signatureAlgorithm(a.intermediateKey.Public())
	if err != nil {
		return nil, err
	}
	spki, err := subjectPublicKeyBits(a.Intermediate.PublicKey)
	if err != nil {
		return nil, err
	}
	responderKeyHash := sha1.Sum(spki) // RFC 6960 section 4.2.1 fixes SHA-1 here
	thisUpdate := now.UTC().Truncate(time.Second)

	var tbs cryptobyte.Builder
	tbs.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.Tag(2).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1OctetString(responderKeyHash[:])
		})
		b.AddASN1GeneralizedTime(thisUpdate)
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(hashOID)
						b.AddASN1NULL()
					})
					b.AddASN1OctetString(req.IssuerNameHash)
					b.AddASN1OctetString(req.IssuerKeyHash)
					b.AddASN1BigInt(req.SerialNumber)
				})
				addCertStatus(b, status, revokedAt, reason)
				b.AddASN1GeneralizedTime(thisUpdate)
				b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddASN1GeneralizedTime(thisUpdate.Add(OCSPValidity))
				})
			})
		})
		if len(extensions) > 0 {
			b.AddASN1(asn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				addExtensions(b, extensions)
			})
		}
	})
	tbsDER, err := tbs.Bytes()
	if err != nil {
		return nil, fmt.Errorf("encode OCSP response: %w", err)
	}
	signature, err := sign(a.intermediateKey, hash, tbsDER)
	if err != nil {
		return nil, fmt.Errorf("sign OCSP response: %w", err)
	}

	var basic cryptobyte.Builder
	basic.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbsDER)
		algorithm(b)
		b.AddASN1BitString(signature)
	})
	basicDER, err := basic.Bytes()
	if err != nil {
		return nil, err
	}

	var out cryptobyte.Builder
	out.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Enum(int64(ocsp.Success))
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidOCSPBasic)
				b.AddASN1OctetString(basicDER)
			})
		})
	})
	return out.Bytes()
}

// addCertStatus writes the CertStatus CHOICE: good [0], revoked [1] with
// time and reason, or unknown [2].
func addCertStatus(b *cryptobyte.Builder, status int, revokedAt time.Time, reason int) {
	switch status {
	case ocsp.Good:
		b.AddASN1(asn1.Tag(0).ContextSpecific(), func(*cryptobyte.Builder) {})
	case ocsp.Revoked:
		b.AddASN1(asn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1GeneralizedTime(revokedAt.UTC().Truncate(time.Second))
			if reason != ocsp.Unspecified {
				b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
					b.AddASN1Enum(int64(reason))
				})
			}
		})
	default:
		b.AddASN1(asn1.Tag(2).ContextSpecific(), func(*cryptobyte.Builder) {})
	}
}

// addExtensions writes Extensions, a SEQUENCE of Extension (RFC 5280).
func addExtensions(b *cryptobyte.Builder, extensions []pkix.Extension) {
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for _, ext := range extensions {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(ext.Id)
				if ext.Critical {
					b.AddASN1Boolean(true)
				}
				b.AddASN1OctetString(ext.Value)
			})
		}
	})
}
