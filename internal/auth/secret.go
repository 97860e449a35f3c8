// Package auth holds the credentials of staff: password hashing with
// argon2id, random secrets for sessions, tokens and links, and their
// hashes. It knows nothing of HTTP or SQL.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// NewSecret returns 32 random bytes as unpadded base64url: unguessable, and
// safe in cookies, URLs and headers.
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand panics rather than return an error)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret returns the hex SHA-256 of a secret, the form in which
// sessions, API tokens, reset and preview links are stored. A fast hash is
// right here (unlike for passwords): the secrets are random and long, so
// there is nothing to guess.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(secret)))
	return hex.EncodeToString(sum[:])
}

// TokenPrefix starts every Admin API token, so that secret scanners (and
// people) recognise one pasted where it should not be.
const TokenPrefix = "pr_"

// NewAPIToken returns a new Admin API token: TokenPrefix and a secret.
func NewAPIToken() string { return TokenPrefix + NewSecret() }
