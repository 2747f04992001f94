package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// syncBuffer is a goroutine-safe log sink. When watch is set, seen is
// closed once what was written contains it.
type syncBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	watch string
	seen  chan struct{}
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	if b.watch != "" && strings.Contains(b.buf.String(), b.watch) {
		close(b.seen)
		b.watch = ""
	}
	return n, err
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func readEnv(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Clean(path))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "# ") {
			continue // which demo id is which
		}
		k, v, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			t.Fatalf("bad line %q", sc.Text())
		}
		env[k] = v
	}
	return env
}

// get sends GET url, with tok as the bearer token unless it is empty.
func get(t *testing.T, url, tok string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return http.DefaultClient.Do(req)
}

func TestRunServesDemoSeed(t *testing.T) {
	dir := t.TempDir()
	envPath := filepath.Join(dir, "graph.env")
	// A stale, world-readable file is replaced by a private one.
	if err := os.WriteFile(envPath, []byte("OLD=1\n"), 0o644); err != nil { //nolint:gosec // G306: world-readable on purpose; run must replace it with a private file
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-env-file", envPath, "-max-limit", "2", "-latency", "1ms"}, logs, ready)
	}()
	var base string
	select {
	case base = <-ready:
	case err := <-done:
		t.Fatalf("run ended: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("not ready")
	}

	st, err := os.Stat(envPath)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("env file mode %v, %v", st.Mode(), err)
	}
	env := readEnv(t, envPath)
	if len(env) != 5 || env["FACEBOOK_BASE_URL"] != base || env["FACEBOOK_TEST_PAGE_ID"] != graphtest.DemoPageID ||
		env["FACEBOOK_TEST_BUSINESS_ID"] != graphtest.DemoBusinessID || env["FACEBOOK_TEST_RECIPIENT_ID"] != graphtest.DemoRecipientID ||
		env["FACEBOOK_ACCESS_TOKEN"] == "" {
		t.Fatalf("env %v", env)
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("base %q", base)
	}
	// The file says which id is which, as comments a shell ignores.
	text, err := os.ReadFile(envPath) //nolint:gosec // G304: the test's own temp file
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# page_id " + graphtest.DemoPageID + ": Demo Page\n",
		"# user_id " + graphtest.DemoBusinessUserID + ": Jo Doe, a business user of " + graphtest.DemoPeopleBusinessID,
		"# user_id " + graphtest.DemoBusinessSystemUserID + ": Deploy bot, a system user of " + graphtest.DemoPeopleBusinessID,
		"# business_id " + graphtest.DemoBusinessID + ": Acme Agency",
		"# app_id " + graphtest.DemoAppID + ": Demo App",
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("env file lacks %q:\n%s", want, text)
		}
	}

	// The token from the file exchanges for the page token, which lists
	// conversations two at a time (-max-limit 2).
	token := env["FACEBOOK_ACCESS_TOKEN"]
	getJSON := func(url, tok string) map[string]any {
		resp, err := get(t, url, tok)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		b, _ := io.ReadAll(resp.Body)
		var m map[string]any
		if resp.StatusCode != 200 || json.Unmarshal(b, &m) != nil {
			t.Fatalf("%s: %d %s", url, resp.StatusCode, b)
		}
		return m
	}
	page := getJSON(base+"/v19.0/"+graphtest.DemoPageID+"?fields=access_token", token)
	pageToken, _ := page["access_token"].(string)
	if pageToken == "" {
		t.Fatalf("%v", page)
	}
	convs := getJSON(base+"/v19.0/"+graphtest.DemoPageID+"/conversations", pageToken)
	if items, ok := convs["data"].([]any); !ok || len(items) != 2 {
		t.Fatalf("want 2 conversations on the first page: %v", convs)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not stop")
	}
	if resp, err := get(t, base+"/v19.0/"+graphtest.DemoPageID, ""); err == nil {
		_ = resp.Body.Close()
		t.Fatal("still serving after shutdown")
	}

	// One line per request, and never a token.
	out := logs.String()
	for _, secret := range []string{token, pageToken, "access_token"} {
		if strings.Contains(out, secret) {
			t.Fatalf("log leaks %q:\n%s", secret, out)
		}
	}
	var requestLines []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(line, "graph-emulator: ") {
			requestLines = append(requestLines, strings.Join(strings.Fields(line)[:3], " "))
		}
	}
	if strings.Join(requestLines, "|") != "GET /{page-id} 200|GET /{page-id}/conversations 200" {
		t.Fatalf("request lines %q; log:\n%s", requestLines, out)
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, ".graph-emulator-env-*")); len(matches) != 0 {
		t.Fatalf("temp files left: %v", matches)
	}
}

func TestRunRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-addr", "0.0.0.0:0"},
		{"-addr", ":8080"},
		{"-addr", "10.1.2.3:0"},
		{"-seed", "prod"},
		{"-max-limit", "-1"},
		{"extra"},
		{"-no-such-flag"},
	} {
		var logs bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := run(ctx, args, &logs, nil)
		cancel()
		if err == nil {
			t.Errorf("%v: accepted", args)
		}
	}
}

func TestRequestLineHasNoSecrets(t *testing.T) {
	r := graphtest.Request{Method: "GET", Endpoint: graphtest.EndpointAgencies, PageID: "1", Status: 400, ErrorCode: 190,
		Token: "EAAGsecret", RawQuery: "access_token=EAAGsecret&appsecret_proof=abc", Time: time.Now()}
	line := requestLine(r)
	if strings.Contains(line, "EAAGsecret") || strings.Contains(line, "abc") || !strings.HasPrefix(line, "GET /{page-id}/agencies 400 page=1 code=190 took=") {
		t.Fatal(line)
	}
	if line := requestLine(graphtest.Request{Method: "GET", Time: time.Now()}); !strings.HasPrefix(line, "GET (unknown) abandoned ") {
		t.Fatal(line)
	}
}

// TestMain lets the test binary act as the command (re-exec below), so that
// main's signal handling is exercised without building a separate binary.
func TestMain(m *testing.M) {
	if os.Getenv("GRAPH_EMULATOR_AS_MAIN") == "1" {
		os.Args = append([]string{"graph-emulator"}, strings.Fields(os.Getenv("GRAPH_EMULATOR_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestMainStopsOnSIGTERM(t *testing.T) {
	envPath := filepath.Join(t.TempDir(), "graph.env")
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^$") //nolint:gosec // G204: re-runs this test binary as the command, see TestMain
	cmd.Env = append(os.Environ(), "GRAPH_EMULATOR_AS_MAIN=1", "GRAPH_EMULATOR_ARGS=-env-file "+envPath)
	// main logs "serving" once the env file is written.
	stderr := &syncBuffer{watch: "graph-emulator: serving", seen: make(chan struct{})}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-stderr.seen:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("not serving; stderr:\n%s", stderr.String())
	}
	base := readEnv(t, envPath)["FACEBOOK_BASE_URL"]
	resp, err := get(t, base+"/v19.0/"+graphtest.DemoPageID, "")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 400 { // no token: 104
		t.Fatalf("status %d", resp.StatusCode)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case err := <-waited:
		if err != nil {
			t.Fatalf("exit: %v; stderr:\n%s", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("did not stop on SIGTERM")
	}
	if out := stderr.String(); !strings.Contains(out, "GET /{page-id} 400 page="+graphtest.DemoPageID+" code=104") || !strings.Contains(out, "graph-emulator: shutting down") {
		t.Fatalf("stderr:\n%s", out)
	}
}
