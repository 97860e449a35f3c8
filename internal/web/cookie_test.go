package web

import (
	"crypto/tls"
	"net/http/httptest"
	"testing"
)

func TestSecureCookie(t *testing.T) {
	for _, c := range []struct {
		policy, host string
		tls          bool
		want         bool
	}{
		{"", "news.example", false, true}, // plain HTTP behind a TLS proxy: still Secure
		{"", "news.example:8080", false, true},
		{"", "127.0.0.1:8080", false, false},
		{"", "[::1]:8080", false, false},
		{"", "localhost:8080", false, false},
		{"", "localhost", true, true},
		{"", "192.168.1.5:8080", false, true},
		{"never", "news.example", true, false},
		{"always", "127.0.0.1", false, true},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = c.host
		if c.tls {
			r.TLS = &tls.ConnectionState{}
		}
		if got := SecureCookie(c.policy, r); got != c.want {
			t.Errorf("SecureCookie(%q, host %s, tls %v) = %v, want %v", c.policy, c.host, c.tls, got, c.want)
		}
	}
}
