// Command graph-emulator serves the offline Graph API emulator with the demo
// seed, for shell-driven acceptance runs:
//
//	graph-emulator -env-file .tmp/graph.env &
//	# wait for the file, then:
//	source .tmp/graph.env
//
// It serves until SIGINT or SIGTERM, logging one line per request to stderr,
// "METHOD ENDPOINT STATUS page=... [code=...] took=...", e.g.
//
//	POST /{page-id}/agencies 200 page=100000000000001 took=0s
//
// Tokens and proofs are never logged. Other lines start "graph-emulator:".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stderr, nil)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "graph-emulator:", err)
		os.Exit(2)
	}
}

// run parses args, starts the emulator and blocks until ctx ends. ready, if
// not nil, receives the base URL once the server listens (for tests).
func run(ctx context.Context, args []string, stderr io.Writer, ready chan<- string) error {
	fs := flag.NewFlagSet("graph-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	seed := fs.String("seed", "demo", "seed data set (only \"demo\")")
	envFile := fs.String("env-file", "", "write FACEBOOK_* variables for `source` to this file (mode 0600)")
	latency := fs.Duration("latency", 0, "latency added to every response")
	maxLimit := fs.Int("max-limit", 0, "largest page size served (default 100)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if *seed != "demo" {
		return fmt.Errorf("unknown seed %q (only \"demo\")", *seed)
	}
	if err := graphtest.CheckLoopback(*addr); err != nil {
		return err
	}
	if *maxLimit < 0 || *latency < 0 {
		return errors.New("-max-limit and -latency must not be negative")
	}

	// No timestamp prefix: request lines start with method, endpoint, status.
	logger := log.New(stderr, "", 0)
	e := graphtest.New(graphtest.Options{
		MaxLimit:  *maxLimit,
		Latency:   *latency,
		OnRequest: func(r graphtest.Request) { logger.Print(requestLine(r)) },
	})
	fx := graphtest.SeedDemo(e)
	base, err := e.Listen(*addr)
	if err != nil {
		return err
	}
	defer e.Close()
	if *envFile != "" {
		if err := writeEnvFile(*envFile, envLines(base, fx)); err != nil {
			return err
		}
	}
	logger.Printf("graph-emulator: serving the %s seed on %s (page %s)", *seed, base, fx.PageID)
	if ready != nil {
		ready <- base
	}
	<-ctx.Done()
	logger.Print("graph-emulator: shutting down")
	return nil
}

// requestLine is the log line for one request: "METHOD ENDPOINT STATUS"
// first (space-separated, no timestamp, so scripts can `cut -d' ' -f1-3 |
// uniq -c` it), then details. It is built from fields that cannot hold
// credentials: no token, no query, no params.
func requestLine(r graphtest.Request) string {
	endpoint := r.Endpoint
	if endpoint == "" {
		endpoint = "(unknown)"
	}
	status := fmt.Sprint(r.Status)
	if r.Status == 0 {
		status = "abandoned" // the client went away before the answer
	}
	line := fmt.Sprintf("%s %s %s page=%s", r.Method, endpoint, status, r.PageID)
	if r.ErrorCode != 0 {
		line += fmt.Sprintf(" code=%d", r.ErrorCode)
	}
	return line + fmt.Sprintf(" took=%s", time.Since(r.Time).Round(time.Millisecond))
}

// envLines is the env file: which demo id is which, as comments, then the
// variables.
func envLines(base string, fx graphtest.DemoFixture) []string {
	var lines []string
	for _, l := range fx.Legend() {
		lines = append(lines, "# "+l)
	}
	return append(lines,
		"FACEBOOK_BASE_URL="+base,
		"FACEBOOK_ACCESS_TOKEN="+fx.UserToken,
		"FACEBOOK_TEST_PAGE_ID="+fx.PageID,
		"FACEBOOK_TEST_BUSINESS_ID="+fx.BusinessID,
		"FACEBOOK_TEST_RECIPIENT_ID="+fx.RecipientID,
	)
}

// writeEnvFile writes the lines atomically (temp file + rename) with mode
// 0600, so a script polling for the file never reads half of it and the
// token is not readable by other users.
func writeEnvFile(path string, lines []string) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".graph-emulator-env-*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		return err
	}
	if _, err := tmp.WriteString(strings.Join(lines, "\n") + "\n"); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
