package auth

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP parameters: those every authenticator app supports (RFC 6238's
// defaults), so that none needs configuring.
const (
	totpPeriod = 30 // seconds
	totpSkew   = 1  // steps either side accepted, for clocks a little apart
)

// TOTPKey is a second factor being enrolled: the secret to store and what
// the user's authenticator app needs to learn it.
type TOTPKey struct {
	Secret string // base32, without padding
	URL    string // otpauth://totp/…, what the QR code holds
	QR     string // the QR code as a data: URI of a PNG image
}

// NewTOTPKey returns a key with a fresh random secret for account (an
// email address) at issuer (the site's name).
func NewTOTPKey(issuer, account string) (TOTPKey, error) {
	return totpKey(issuer, account, nil)
}

// TOTPKeyFor returns the key of an existing secret, to show its QR code
// again.
func TOTPKeyFor(secret, issuer, account string) (TOTPKey, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		return TOTPKey{}, err
	}
	return totpKey(issuer, account, raw)
}

func totpKey(issuer, account string, secret []byte) (TOTPKey, error) {
	if issuer == "" {
		issuer = "Pressroom"
	}
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Secret: secret,
		Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return TOTPKey{}, err
	}
	img, err := k.Image(256, 256)
	if err != nil {
		return TOTPKey{}, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return TOTPKey{}, err
	}
	return TOTPKey{Secret: k.Secret(), URL: k.URL(),
		QR: "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}

// TOTPStep returns the RFC 6238 time step of t.
func TOTPStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// CheckTOTP reports whether code is the secret's code for now or a step
// either side, and which step it matched, so that the caller can refuse a
// second use of the same code (or of an older one). Spaces in code are
// ignored, as apps show "123 456".
func CheckTOTP(secret, code string, now time.Time) (step int64, ok bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return 0, false
	}
	cur := TOTPStep(now)
	// Latest step first: when two match (never, in practice), the later
	// one is recorded, which refuses more replays.
	for s := cur + totpSkew; s >= cur-totpSkew; s-- {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*totpPeriod, 0),
			totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// RecoveryCodeCount is how many recovery codes a user gets.
const RecoveryCodeCount = 10

// recoveryAlphabet leaves out letters read as digits (I, L, O, U).
var recoveryAlphabet = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// NewRecoveryCodes returns n one-time codes such as "7K2Q-9MXD-4HTB-C0PA":
// 80 random bits each, enough that their stored SHA-256 hashes (see
// HashRecoveryCode) cannot be reversed by guessing.
func NewRecoveryCodes(n int) []string {
	codes := make([]string, n)
	for i := range codes {
		b := make([]byte, 10)
		rand.Read(b)
		s := recoveryAlphabet.EncodeToString(b) // 16 characters
		codes[i] = s[0:4] + "-" + s[4:8] + "-" + s[8:12] + "-" + s[12:16]
	}
	return codes
}

// HashRecoveryCode returns the stored form of a recovery code, after
// forgiving how people type it: case, spaces and dashes do not matter,
// nor do O, I and L for 0, 1 and 1.
func HashRecoveryCode(code string) string {
	r := strings.NewReplacer("-", "", " ", "", "O", "0", "I", "1", "L", "1")
	return HashSecret(r.Replace(strings.ToUpper(strings.TrimSpace(code))))
}

// LooksLikeTOTP reports whether s is shaped like an authenticator code
// (six digits) rather than a recovery code.
func LooksLikeTOTP(s string) bool {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if len(s) != 6 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
