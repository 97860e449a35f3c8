package web

import (
	"net"
	"net/http"
)

// SecureCookie reports whether cookies set in answer to r should be
// Secure under policy: "always", "never", or "" for secure except when
// the request came in plain HTTP to a loopback address (a developer's
// machine), where a Secure cookie would never be sent back.
func SecureCookie(policy string, r *http.Request) bool {
	switch policy {
	case "always":
		return true
	case "never":
		return false
	}
	if r.TLS != nil {
		return true
	}
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}
