package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// RFC 6238 appendix B's SHA-1 secret "12345678901234567890" in base32.
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestCheckTOTP(t *testing.T) {
	t.Parallel()
	// RFC 6238 appendix B: at 59 s the 8-digit code is 94287082; the six
	// digit code is its last six.
	now := time.Unix(59, 0)
	step, ok := CheckTOTP(rfcSecret, "287082", now)
	if !ok || step != 1 {
		t.Fatalf("CheckTOTP(RFC vector) = %d, %v; want step 1, true", step, ok)
	}
	// One step either side is accepted and named; two steps off is not.
	code, _ := totp.GenerateCode(rfcSecret, now.Add(30*time.Second))
	if step, ok := CheckTOTP(rfcSecret, code[:3]+" "+code[3:], now); !ok || step != 2 {
		t.Errorf("next step's code (with a space) = %d, %v; want 2, true", step, ok)
	}
	code, _ = totp.GenerateCode(rfcSecret, now.Add(90*time.Second))
	if _, ok := CheckTOTP(rfcSecret, code, now); ok {
		t.Error("a code three steps ahead was accepted")
	}
	for _, bad := range []string{"", "28708", "2870822", "abcdef"} {
		if _, ok := CheckTOTP(rfcSecret, bad, now); ok {
			t.Errorf("CheckTOTP(%q) accepted", bad)
		}
	}
}

func TestTOTPKey(t *testing.T) {
	t.Parallel()
	k, err := NewTOTPKey("The Ledger", "ana@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Secret) != 32 || !strings.HasPrefix(k.QR, "data:image/png;base64,") ||
		!strings.HasPrefix(k.URL, "otpauth://totp/") || !strings.Contains(k.URL, "secret="+k.Secret) {
		t.Fatalf("NewTOTPKey = %+v", k)
	}
	again, err := TOTPKeyFor(k.Secret, "The Ledger", "ana@example.org")
	if err != nil || again.URL != k.URL {
		t.Fatalf("TOTPKeyFor(secret) = %q, %v; want %q", again.URL, err, k.URL)
	}
	code, _ := totp.GenerateCode(k.Secret, time.Now())
	if _, ok := CheckTOTP(k.Secret, code, time.Now()); !ok {
		t.Fatal("the key's current code is refused")
	}
}

func TestRecoveryCodes(t *testing.T) {
	t.Parallel()
	codes := NewRecoveryCodes(RecoveryCodeCount)
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 19 || seen[c] {
			t.Fatalf("recovery code %q: want 19 characters, unique", c)
		}
		seen[c] = true
	}
	c := codes[0]
	typed := strings.ToLower(strings.ReplaceAll(c, "-", " "))
	if HashRecoveryCode(typed) != HashRecoveryCode(c) {
		t.Error("a recovery code typed in lower case with spaces does not match")
	}
	if HashRecoveryCode(codes[1]) == HashRecoveryCode(c) {
		t.Error("two codes hash alike")
	}
}
