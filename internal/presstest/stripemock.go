package presstest

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// StripeMockEnv names the environment variable holding the path of the
// stripe-mock binary (github.com/stripe/stripe-mock), Stripe's own fake of
// its API, which checks every request against Stripe's OpenAPI
// description. .ci/run installs it; without it Stripe tests skip, except
// under CI=true.
const StripeMockEnv = "PRESSROOM_STRIPE_MOCK"

// StripeMockKey is a secret key stripe-mock accepts.
const StripeMockKey = "sk_test_pressroom"

func stripeMockPath() string {
	if p := os.Getenv(StripeMockEnv); p != "" {
		return p
	}
	p, _ := exec.LookPath("stripe-mock")
	return p
}

// MustStripeMock starts stripe-mock on a free loopback port, waits until
// it answers and returns its base URL (http://127.0.0.1:PORT), to use as
// the Stripe API URL. It stops when t ends.
func MustStripeMock(t testing.TB) string {
	t.Helper()
	bin := stripeMockPath()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("presstest: stripe-mock not found: set %s", StripeMockEnv)
		}
		t.Skipf("presstest: stripe-mock not found (go install github.com/stripe/stripe-mock@v0.203.0, then set %s)", StripeMockEnv)
	}
	var lastErr error
	for range 3 { // a free port may be taken between finding and binding it
		addr := "127.0.0.1:" + strconv.Itoa(freePort(t))
		var log strings.Builder
		cmd := exec.Command(bin, "-http-addr", addr)
		cmd.Stdout, cmd.Stderr = &log, &log
		if err := cmd.Start(); err != nil {
			t.Fatalf("presstest: stripe-mock: %v", err)
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		stop := func() {
			cmd.Process.Kill()
			<-done
		}
		base := "http://" + addr
		if lastErr = waitStripeMock(base, done); lastErr == nil {
			t.Cleanup(stop)
			return base
		}
		stop()
		lastErr = fmt.Errorf("%w\n%s", lastErr, log.String())
	}
	t.Fatalf("presstest: stripe-mock did not start: %v", lastErr)
	return ""
}

func waitStripeMock(base string, done <-chan struct{}) error {
	deadline := time.Now().Add(20 * time.Second) // it loads Stripe's whole OpenAPI description first
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return fmt.Errorf("stripe-mock exited")
		default:
		}
		req, _ := http.NewRequest("GET", base+"/v1/customers", nil)
		req.SetBasicAuth(StripeMockKey, "")
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("no answer from %s within 20 s", base)
}
