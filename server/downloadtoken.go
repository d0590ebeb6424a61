package server

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// downloadTokenTTL is how long a download token stays valid.
const downloadTokenTTL = 5 * time.Minute

// Token kinds: a certificate bundle or the CA chain.
const (
	tokenKindCertificate = "cert"
	tokenKindCA          = "ca"
)

// downloadClaims is the signed content of a download token.
type downloadClaims struct {
	Kind     string `json:"k"`
	DomainID string `json:"d,omitempty"`
	Serial   string `json:"s,omitempty"`
	EntityID string `json:"e,omitempty"`
	Expires  int64  `json:"x"` // Unix seconds
	Nonce    string `json:"n"` // makes each token unique, so single use can be recorded
}

// tokenSigner signs and checks download tokens with HMAC-SHA256 under a
// server secret. A token is "<base64url claims>.<base64url MAC>".
type tokenSigner struct {
	key []byte
}

// sign returns a token for claims, filling in a fresh nonce.
func (t tokenSigner) sign(claims downloadClaims) string {
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		// crypto/rand.Read does not return errors since Go 1.24; it crashes instead.
		panic(err)
	}
	claims.Nonce = hex.EncodeToString(nonce)

	payload, _ := json.Marshal(claims) // a struct of strings and ints always encodes
	encoded := base64.RawURLEncoding.EncodeToString(payload)
	return encoded + "." + base64.RawURLEncoding.EncodeToString(t.mac(encoded))
}

func (t tokenSigner) mac(encoded string) []byte {
	h := hmac.New(sha256.New, t.key)
	h.Write([]byte(encoded))
	return h.Sum(nil)
}

// verify checks the signature, kind and expiry of a token and returns its
// claims. Every failure is a 401 problem; binding to a domain or entity is
// the caller's check, because a mismatch there is a 403.
func (t tokenSigner) verify(token, kind string, now time.Time) (downloadClaims, error) {
	if token == "" {
		return downloadClaims{}, newProblem(kindUnauthorized, "missing download token")
	}
	encoded, sig, ok := strings.Cut(token, ".")
	if !ok {
		return downloadClaims{}, newProblem(kindUnauthorized, "invalid download token: not in the form this server issues")
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, t.mac(encoded)) {
		return downloadClaims{}, newProblem(kindUnauthorized, "invalid download token: bad signature")
	}

	payload, err := base64.RawURLEncoding.DecodeString(encoded)
	if err != nil {
		return downloadClaims{}, newProblem(kindUnauthorized, "invalid download token: bad encoding")
	}
	var claims downloadClaims
	if err := json.Unmarshal(payload, &claims); err != nil {
		return downloadClaims{}, newProblem(kindUnauthorized, "invalid download token: bad content")
	}
	if claims.Kind != kind {
		return downloadClaims{}, newProblem(kindUnauthorized, "invalid download token: issued for another kind of download")
	}
	if now.Unix() >= claims.Expires {
		expired := time.Unix(claims.Expires, 0).UTC().Format(time.RFC3339)
		return downloadClaims{}, newProblem(kindUnauthorized, "download token expired at %s: request a new one", expired)
	}
	return claims, nil
}
