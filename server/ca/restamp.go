package ca

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// fixedSerialBytes is the DER content length of serials from NewFixedSerial.
const fixedSerialBytes = 16

// NewFixedSerial returns a random positive serial whose DER encoding is
// always 16 content bytes: bit 126 is set and bit 127 clear, leaving 126
// random bits. Restamp needs serials of equal length.
func NewFixedSerial() *big.Int {
	b := make([]byte, fixedSerialBytes)
	if _, err := rand.Read(b); err != nil {
		// crypto/rand.Read does not return errors since Go 1.24; it crashes instead.
		panic(err)
	}
	b[0] = b[0]&0x3f | 0x40
	return new(big.Int).SetBytes(b)
}

// Restamp returns a copy of a certificate this CA issued with serial put in
// place of its own, signed anew by the intermediate CA. Both serials must
// come from NewFixedSerial. It costs one signature, against a key
// generation, an encoding and a signature check for Issue, which is what
// seeding test data in bulk needs.
func (a *Authority) Restamp(templateDER []byte, serial *big.Int) ([]byte, error) {
	input := cryptobyte.String(templateDER)
	var cert, tbs, algorithm cryptobyte.String
	if !input.ReadASN1(&cert, asn1.SEQUENCE) ||
		!cert.ReadASN1Element(&tbs, asn1.SEQUENCE) ||
		!cert.ReadASN1Element(&algorithm, asn1.SEQUENCE) {
		return nil, errors.New("restamp: template is not a DER certificate")
	}

	// tbsCertificate starts with an optional [0] version, then the serial.
	body := tbs
	var tbsBody cryptobyte.String
	if !body.ReadASN1(&tbsBody, asn1.SEQUENCE) {
		return nil, errors.New("restamp: malformed tbsCertificate")
	}
	headerLen := len(tbs) - len(tbsBody)
	afterVersion := tbsBody
	if !afterVersion.SkipOptionalASN1(asn1.Tag(0).Constructed().ContextSpecific()) {
		return nil, errors.New("restamp: malformed version")
	}
	var oldSerial cryptobyte.String
	rest := afterVersion
	if !rest.ReadASN1(&oldSerial, asn1.INTEGER) {
		return nil, errors.New("restamp: malformed serial")
	}
	// A 127-bit serial is exactly 16 DER content bytes: no leading zero byte
	// is needed and none may be added.
	if len(oldSerial) != fixedSerialBytes || serial.BitLen() != 8*fixedSerialBytes-1 {
		return nil, fmt.Errorf("restamp: serials must be 127-bit positive integers from NewFixedSerial, got %d bits", serial.BitLen())
	}
	newSerial := serial.FillBytes(make([]byte, fixedSerialBytes))

	// Same length, so every enclosing length stays valid.
	newTBS := append([]byte(nil), tbs...)
	serialStart := headerLen + (len(tbsBody) - len(afterVersion)) + 2 // tag and one length byte
	copy(newTBS[serialStart:serialStart+fixedSerialBytes], newSerial)

	_, hash, err := signatureAlgorithm(a.intermediateKey.Public())
	if err != nil {
		return nil, err
	}
	signature, err := sign(a.intermediateKey, hash, newTBS)
	if err != nil {
		return nil, fmt.Errorf("restamp: sign: %w", err)
	}
	var out cryptobyte.Builder
	out.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(newTBS)
		b.AddBytes(algorithm)
		b.AddASN1BitString(signature)
	})
	return out.Bytes()
}
