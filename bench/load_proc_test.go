package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// proc is a process the load benchmark started: pressroom or nginx. It
// runs in a process group of its own, so that stopping it stops its
// children (nginx's workers) too, and it gets SIGKILL if the benchmark
// dies first.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  string // its standard output and error
	done chan struct{}
	err  error // of Wait, once done is closed
	hwm  atomic.Int64
	once sync.Once
}

// startProc starts bin with args, its output to a file in dir, and
// registers its stop with b.Cleanup.
func startProc(b *testing.B, name, dir string, env []string, bin string, args ...string) *proc {
	b.Helper()
	p := &proc{name: name, log: filepath.Join(dir, name+".log"), done: make(chan struct{})}
	f, err := os.Create(p.log)
	if err != nil {
		b.Fatal(err)
	}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = f, f
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := p.cmd.Start(); err != nil {
		f.Close()
		b.Fatalf("start %s: %v", name, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		f.Close()
		close(p.done)
	}()
	// VmHWM only grows while the process lives; sampling keeps the last
	// value should it die before stop reads it.
	go func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-t.C:
				p.peak()
			}
		}
	}()
	b.Cleanup(p.stop)
	return p
}

// stop ends the process group: SIGTERM, then SIGKILL after ten seconds.
func (p *proc) stop() {
	p.once.Do(func() {
		p.peak()
		pgid := p.cmd.Process.Pid
		syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
		}
		// Whatever is left of the group (nginx workers whose master was
		// killed, say) goes too.
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-p.done
	})
}

// exited says whether the process has ended, and how.
func (p *proc) exited() (bool, error) {
	select {
	case <-p.done:
		return true, p.err
	default:
		return false, nil
	}
}

// tail is the end of the process's log, for error messages.
func (p *proc) tail() string {
	data, _ := os.ReadFile(p.log)
	if len(data) > 2000 {
		data = data[len(data)-2000:]
	}
	return string(data)
}

// peak reads the process's peak resident set size (VmHWM), in bytes, and
// returns the highest seen.
func (p *proc) peak() int64 {
	if hwm, _ := procStatus(p.cmd.Process.Pid, "VmHWM"); hwm > p.hwm.Load() {
		p.hwm.Store(hwm)
	}
	return p.hwm.Load()
}

// procStatus reads one of the kB fields of /proc/PID/status, in bytes.
func procStatus(pid int, field string) (int64, error) {
	return procStatusFile(fmt.Sprintf("/proc/%d/status", pid), field)
}

// procStatusFile reads a "Name: N kB" field of a /proc file, in bytes.
func procStatusFile(path, field string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if ok && name == field {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(value), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("%s has no %s", path, field)
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr(b *testing.B) string {
	b.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitOK polls url until it answers 200, the process ends or the limit
// passes, and returns how long that took from since.
func waitOK(p *proc, url string, since time.Time, limit time.Duration) (time.Duration, error) {
	client := &http.Client{Timeout: time.Second}
	deadline := since.Add(limit)
	for {
		resp, err := client.Get(url)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(since), nil
			}
		}
		if done, werr := p.exited(); done {
			return 0, fmt.Errorf("%s exited (%v) before %s answered 200:\n%s", p.name, werr, url, p.tail())
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("%s: %s did not answer 200 within %s (last: %v):\n%s", p.name, url, limit, err, p.tail())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// run runs a command to completion within limit and returns its standard
// output; a failure carries its standard error.
func run(limit time.Duration, env []string, stdin string, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, errb.String())
	}
	return out.String(), nil
}

// cleanEnv is the environment without PRESSROOM_* variables, so that the
// developer's own settings do not reach the binary.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PRESSROOM_") {
			env = append(env, kv)
		}
	}
	return env
}

// loadTools returns the paths of wrk and nginx, installing the Debian
// packages with apt-get when either is missing (only this benchmark
// needs them; the tests do not). RUNLEVEL=1 asks the packages' scripts
// not to start the system's own nginx.
func loadTools(b *testing.B) (wrk, nginx string) {
	b.Helper()
	find := func() (string, string) {
		w, _ := exec.LookPath("wrk")
		n, err := exec.LookPath("nginx")
		if err != nil {
			if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
				n = "/usr/sbin/nginx"
			}
		}
		return w, n
	}
	if wrk, nginx = find(); wrk != "" && nginx != "" {
		return wrk, nginx
	}
	if os.Geteuid() != 0 {
		b.Fatal("the load benchmark needs wrk and nginx: sudo apt-get install --no-install-recommends wrk nginx")
	}
	logf("installing wrk and nginx with apt-get (only the load benchmark needs them)")
	env := append(cleanEnv(), "DEBIAN_FRONTEND=noninteractive", "RUNLEVEL=1")
	install := []string{"install", "-y", "-qq", "--no-install-recommends", "wrk", "nginx"}
	if _, err := run(10*time.Minute, env, "", "apt-get", install...); err != nil {
		if _, err := run(10*time.Minute, env, "", "apt-get", "update", "-qq"); err != nil {
			b.Fatal(err)
		}
		if _, err := run(10*time.Minute, env, "", "apt-get", install...); err != nil {
			b.Fatal(err)
		}
	}
	if wrk, nginx = find(); wrk == "" || nginx == "" {
		b.Fatal("apt-get installed wrk and nginx, but they are not on PATH nor in /usr/sbin")
	}
	return wrk, nginx
}

// pressroomBinary builds ./cmd/pressroom into a temporary directory, or
// returns -load.binary.
func pressroomBinary(b *testing.B) string {
	b.Helper()
	if *loadBinary != "" {
		return *loadBinary
	}
	dir, err := os.MkdirTemp("", "pressroom-load-bin-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	bin := filepath.Join(dir, "pressroom")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/pressroom")
	cmd.Dir = ".." // the module's root; go test runs in bench/
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("building pressroom: %v\n%s", err, out)
	}
	return bin
}

// cacheArgs are the serve flags that turn the page cache on and off. A
// binary without one has none (on and off nil, ok false). -load.cache-on
// and -load.cache-off, when both given, are used as they are; otherwise
// the flag is found in serve -h: the first one named cache, page-cache
// or cache-something. A flag with a value gets 256MB (on) or 0 (off), a
// boolean true or false.
type cacheArgs struct {
	ok      bool
	on, off []string
	flag    string
}

var cacheFlag = regexp.MustCompile(`(?m)^\s*--?((?:page-)?cache(?:-[a-z]+)*)(?:[ \t]+(\S+))?\s*$`)

func detectCache(b *testing.B, bin string) cacheArgs {
	b.Helper()
	if *loadCacheOn != "" && *loadCacheOff != "" {
		return cacheArgs{ok: true, on: strings.Fields(*loadCacheOn), off: strings.Fields(*loadCacheOff), flag: *loadCacheOn}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// serve -h prints to standard error and may exit 0 or 2.
	out, _ := exec.CommandContext(ctx, bin, "serve", "-h").CombinedOutput()
	if !bytes.Contains(out, []byte("-addr")) {
		b.Fatalf("pressroom serve -h does not list its flags:\n%s", out)
	}
	m := cacheFlag.FindSubmatch(out)
	if m == nil {
		return cacheArgs{}
	}
	name := string(m[1])
	c := cacheArgs{ok: true, flag: "--" + name}
	if len(m[2]) == 0 {
		c.on, c.off = []string{"--" + name + "=true"}, []string{"--" + name + "=false"}
	} else {
		c.on, c.off = []string{"--" + name + "=256MB"}, []string{"--" + name + "=0"}
	}
	if *loadCacheOn != "" {
		c.on = strings.Fields(*loadCacheOn)
	}
	if *loadCacheOff != "" {
		c.off = strings.Fields(*loadCacheOff)
	}
	return c
}

// pressroom is a running pressroom serve.
type pressroom struct {
	*proc
	url       string
	coldStart time.Duration // process start to the first 200 of /healthz
	rssStart  int64         // VmRSS then, in bytes
}

// startPressroom starts bin serve over the database (dsn, or the SQLite
// file in dataDir) on a free loopback port, with extra flags, and waits
// for its first 200 of /healthz.
func startPressroom(b *testing.B, bin, dataDir, dsn string, extra []string) *pressroom {
	b.Helper()
	addr := freeAddr(b)
	args := []string{"serve", "--addr", addr, "--data", dataDir}
	if strings.HasPrefix(dsn, "postgres") {
		args = append(args, "--db", dsn)
	}
	args = append(args, extra...)
	start := time.Now()
	p := startProc(b, "pressroom-"+strings.ReplaceAll(addr, ":", "-"), dataDir, cleanEnv(), bin, args...)
	s := &pressroom{proc: p, url: "http://" + addr}
	d, err := waitOK(p, s.url+"/healthz", start, 2*time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	s.coldStart = d
	s.rssStart, _ = procStatus(p.cmd.Process.Pid, "VmRSS")
	return s
}

// staffToken creates an admin with the binary's own commands and returns
// an Admin API token for them.
func staffToken(b *testing.B, bin, dataDir, dsn string) string {
	b.Helper()
	where := []string{"--data", dataDir}
	if strings.HasPrefix(dsn, "postgres") {
		where = []string{"--db", dsn}
	}
	const email = "load-bench@example.org"
	add := append([]string{"user", "add", "--email", email, "--name", "Load Benchmark", "--role", "admin", "--password-stdin"}, where...)
	if _, err := run(2*time.Minute, cleanEnv(), "correct horse battery staple 2026\n", bin, add...); err != nil {
		b.Fatal(err)
	}
	out, err := run(2*time.Minute, cleanEnv(), "", bin, append([]string{"token", "create", "--email", email, "--name", "load benchmark"}, where...)...)
	if err != nil {
		b.Fatal(err)
	}
	token := strings.TrimSpace(out)
	if token == "" || strings.ContainsAny(token, " \n") {
		b.Fatalf("token create printed %q, not one token", out)
	}
	return token
}

// startNginx serves page at path from a file, as the static ceiling, with
// a minimal configuration of the benchmark's own: every path in a
// temporary directory, no daemon, workers per core, sendfile, no access
// log. It returns nginx's base URL.
func startNginx(b *testing.B, nginx, path string, page []byte) (string, *proc) {
	b.Helper()
	// Not b.TempDir(): its parents are private to this user, and nginx's
	// workers run as nobody when it is started as root.
	dir, err := os.MkdirTemp("", "pressroom-load-nginx-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(dir, "www", filepath.FromSlash(strings.TrimPrefix(path, "/")))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(file, page, 0o644); err != nil {
		b.Fatal(err)
	}
	addr := freeAddr(b)
	user := ""
	if os.Geteuid() == 0 {
		user = "user nobody nogroup;\n"
	}
	conf := fmt.Sprintf(`# Generated by the Pressroom load benchmark: the static ceiling.
%sworker_processes auto;
daemon off;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    # Pressroom keeps a keep-alive connection open for any number of
    # requests; so does the ceiling (nginx's default closes it after 1000).
    keepalive_requests 1000000;
    client_body_temp_path %[2]s/tmp/body;
    proxy_temp_path %[2]s/tmp/proxy;
    fastcgi_temp_path %[2]s/tmp/fastcgi;
    uwsgi_temp_path %[2]s/tmp/uwsgi;
    scgi_temp_path %[2]s/tmp/scgi;
    types { }
    default_type "text/html; charset=utf-8";
    server {
        listen %[3]s;
        root %[2]s/www;
    }
}
`, user, dir, addr)
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		b.Fatal(err)
	}
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	p := startProc(b, "nginx", dir, cleanEnv(), nginx, "-p", dir, "-c", confPath, "-e", filepath.Join(dir, "error.log"))
	base := "http://" + addr
	if _, err := waitOK(p, base+path, start, 10*time.Second); err != nil {
		data, _ := os.ReadFile(filepath.Join(dir, "error.log"))
		b.Fatalf("%v\n%s", err, data)
	}
	return base, p
}

// get fetches url and returns its body, failing unless it is 200.
func get(url string, header http.Header) ([]byte, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = errors.New(resp.Status)
	}
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", url, err)
	}
	return body, nil
}

// settle waits, up to 20 seconds, until the machine is nearly idle (under a
// tenth of its CPU time busy over a quarter second): requests still in
// flight when wrk stops go on being served, on the server and the
// database, and must not weigh on the next target. It says how long that
// took, or that it gave up.
func settle() (time.Duration, bool) {
	start := time.Now()
	busy := func() (used, total int64) {
		data, _ := os.ReadFile("/proc/stat")
		f := strings.Fields(firstLine(string(data)))
		for i, v := range f[1:] {
			n, _ := strconv.ParseInt(v, 10, 64)
			total += n
			if i != 3 && i != 4 { // idle, iowait
				used += n
			}
		}
		return used, total
	}
	for time.Since(start) < 20*time.Second {
		u0, t0 := busy()
		time.Sleep(250 * time.Millisecond)
		u1, t1 := busy()
		if t1 > t0 && float64(u1-u0)/float64(t1-t0) < 0.10 {
			return time.Since(start), true
		}
	}
	return time.Since(start), false
}
