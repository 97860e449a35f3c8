package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestPasswordRoundTrip(t *testing.T) {
	t.Parallel()
	h := HashPassword("correct horse battery")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string with our parameters", h)
	}
	if err := CheckPassword(h, "correct horse battery"); err != nil {
		t.Fatalf("right password: %v", err)
	}
	if err := CheckPassword(h, "correct horse batterY"); !errors.Is(err, ErrPasswordMismatch) {
		t.Fatalf("wrong password: got %v, want ErrPasswordMismatch", err)
	}
	if h2 := HashPassword("correct horse battery"); h2 == h {
		t.Fatal("two hashes of one password are equal: salt is not random")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA"} {
		if err := CheckPassword(bad, "x"); err == nil || errors.Is(err, ErrPasswordMismatch) {
			t.Errorf("CheckPassword(%q) = %v, want a format error", bad, err)
		}
	}
	if err := CheckNobody("anything"); !errors.Is(err, ErrPasswordMismatch) {
		t.Fatalf("CheckNobody = %v", err)
	}
}

func TestPasswordPolicy(t *testing.T) {
	t.Parallel()
	for pw, bad := range map[string]bool{"short": true, "ten chars!": false, "ünïcödé-10": false, strings.Repeat("x", 1025): true} {
		if got := CheckPasswordPolicy(pw) != ""; got != bad {
			t.Errorf("CheckPasswordPolicy(%q) refuses = %v, want %v", pw, got, bad)
		}
	}
}

func TestSecrets(t *testing.T) {
	t.Parallel()
	a, b := NewSecret(), NewSecret()
	if a == b || len(a) != 43 {
		t.Fatalf("secrets %q %q: want two different 43-character strings", a, b)
	}
	if HashSecret(a) == HashSecret(b) || len(HashSecret(a)) != 64 {
		t.Fatal("hashes of different secrets are equal or not hex SHA-256")
	}
}

// BenchmarkHashPassword measures what one sign-in's password check costs
// (the figure the argon2id parameters' comment gives).
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		HashPassword("correct horse battery")
	}
}
