package presstest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/mail"
)

// MailpitEnv names the environment variable holding the path of the
// mailpit binary (github.com/axllent/mailpit), a real SMTP server that
// keeps what it receives and shows it through an HTTP API. .ci/run
// installs it; without it mail tests skip, except under CI=true.
const MailpitEnv = "PRESSROOM_MAILPIT"

// Mailpit is a running mailpit for one test.
type Mailpit struct {
	Host     string // 127.0.0.1
	SMTPPort int
	API      string // base URL of the HTTP API, e.g. http://127.0.0.1:PORT
	// TLS trusts the server's self-signed certificate; it offers
	// STARTTLS and accepts any credentials (or none).
	TLS *tls.Config
	t   testing.TB
}

func mailpitPath() string {
	if p := os.Getenv(MailpitEnv); p != "" {
		return p
	}
	p, _ := exec.LookPath("mailpit")
	return p
}

// MustMailpit starts mailpit on free loopback ports, waits until both its
// SMTP server and its API answer, and stops it when t ends.
func MustMailpit(t testing.TB) *Mailpit {
	t.Helper()
	bin := mailpitPath()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("presstest: mailpit not found: set %s", MailpitEnv)
		}
		t.Skipf("presstest: mailpit not found (go install github.com/axllent/mailpit@v1.33.1, then set %s)", MailpitEnv)
	}
	dir := t.TempDir()
	certFile, keyFile, pool := selfSignedCert(t, dir)
	var lastErr error
	for range 3 { // a free port may be taken between finding and binding it
		m := &Mailpit{Host: "127.0.0.1", SMTPPort: freePort(t), t: t,
			TLS: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}}
		httpPort := freePort(t)
		m.API = "http://127.0.0.1:" + strconv.Itoa(httpPort)
		var log strings.Builder
		cmd := exec.Command(bin,
			"--smtp", "127.0.0.1:"+strconv.Itoa(m.SMTPPort), "--listen", "127.0.0.1:"+strconv.Itoa(httpPort),
			"--database", filepath.Join(dir, "mailpit.db"),
			"--smtp-tls-cert", certFile, "--smtp-tls-key", keyFile,
			"--smtp-auth-accept-any", "--smtp-auth-allow-insecure", "--smtp-disable-rdns", "--quiet")
		cmd.Stdout, cmd.Stderr = &log, &log
		if err := cmd.Start(); err != nil {
			t.Fatalf("presstest: mailpit: %v", err)
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		stop := func() {
			cmd.Process.Kill()
			<-done
		}
		if lastErr = m.wait(done); lastErr == nil {
			t.Cleanup(stop)
			return m
		}
		stop()
		lastErr = fmt.Errorf("%w\n%s", lastErr, log.String())
	}
	t.Fatalf("presstest: mailpit did not start: %v", lastErr)
	return nil
}

func (m *Mailpit) wait(done <-chan struct{}) error {
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return fmt.Errorf("mailpit exited")
		default:
		}
		c, err := net.DialTimeout("tcp", net.JoinHostPort(m.Host, strconv.Itoa(m.SMTPPort)), time.Second)
		if err == nil {
			c.Close()
			if res, err := http.Get(m.API + "/api/v1/messages"); err == nil {
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					return nil
				}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("no answer on SMTP port %d and %s within 15 s", m.SMTPPort, m.API)
}

// SMTP returns a mailer for this server in the given TLS mode
// (mail.StartTLS or mail.NoTLS; mailpit's SMTP port does not speak
// implicit TLS here).
func (m *Mailpit) SMTP(mode string) *mail.SMTP {
	return &mail.SMTP{Host: m.Host, Port: m.SMTPPort, TLS: mode, From: "The Ledger <newsroom@example.org>",
		TLSConfig: m.TLS, Timeout: 10 * time.Second}
}

// MailpitAddress is a sender or recipient as the API reports it.
type MailpitAddress struct {
	Name    string
	Address string
}

// MailpitMessage is a message as mailpit's API reports it. The list
// leaves Text, HTML and Raw empty; Message fills them.
type MailpitMessage struct {
	ID      string
	From    MailpitAddress
	To      []MailpitAddress
	Subject string
	Text    string
	HTML    string
	Raw     string // the message source as received
}

// Messages returns the messages received, newest first.
func (m *Mailpit) Messages() []MailpitMessage {
	m.t.Helper()
	var list struct{ Messages []MailpitMessage }
	m.getJSON("/api/v1/messages", &list)
	return list.Messages
}

// Message returns one message with its bodies and source.
func (m *Mailpit) Message(id string) MailpitMessage {
	m.t.Helper()
	var msg MailpitMessage
	m.getJSON("/api/v1/message/"+id, &msg)
	msg.Raw = m.get("/api/v1/message/" + id + "/raw")
	return msg
}

// WaitFor waits up to five seconds for a message to address and returns
// the newest, whole.
func (m *Mailpit) WaitFor(address string) MailpitMessage {
	m.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		for _, msg := range m.Messages() {
			for _, to := range msg.To {
				if strings.EqualFold(to.Address, address) {
					return m.Message(msg.ID)
				}
			}
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("mailpit: no message to %s within 5 s", address)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (m *Mailpit) get(path string) string {
	m.t.Helper()
	res, err := http.Get(m.API + path)
	if err != nil {
		m.t.Fatalf("mailpit: %v", err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		m.t.Fatalf("mailpit: GET %s: %d %v\n%s", path, res.StatusCode, err, b)
	}
	return string(b)
}

func (m *Mailpit) getJSON(path string, v any) {
	m.t.Helper()
	if err := json.Unmarshal([]byte(m.get(path)), v); err != nil {
		m.t.Fatalf("mailpit: GET %s: %v", path, err)
	}
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// selfSignedCert writes a certificate for 127.0.0.1 and its key into dir
// and returns their paths and a pool that trusts it.
func selfSignedCert(t testing.TB, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}
