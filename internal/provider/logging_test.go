package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// TestCLILogsAndUserAgent runs a plan the way a user would (released binary,
// TF_LOG=TRACE to a file) and checks what Meta and the log reader see: the
// User-Agent names the provider and the Terraform that ran it, and the
// Graph client's lines carry the graph subsystem, which its own level
// variable silences without silencing the provider.
func TestCLILogsAndUserAgent(t *testing.T) {
	emu := graphtest.Start(t, graphtest.Options{})
	emu.AddPage(testPageID, "Logged Page")
	const token = "EAAlogged-user-token" //nolint:gosec // G101: a token the emulator is told to accept
	emu.AddUser(token, testPageID)

	// The framework hands the provider the version the CLI announces. For
	// Terraform that is its own version; OpenTofu announces the Terraform
	// version it is compatible with (1.13.0 for OpenTofu 1.12), which no
	// command prints, so there only the form is checked.
	cli, err := cliUnderTest()
	if err != nil {
		t.Fatal(err)
	}
	announced := regexp.QuoteMeta(cli.version.String())
	if cli.tofu {
		announced = `[0-9]+\.[0-9]+\.[0-9]+`
	}

	config := fmt.Sprintf(`
provider "facebook" {
  base_url = %q
}

data "facebook_page_agencies" "all" {
  page_id = %q
}
`, emu.URL(), testPageID)

	plan := func(extraEnv ...string) string {
		t.Helper()
		tf := newBinaryDir(t, config)
		logPath := tf.path("trace.log")
		tf.env = append(tf.env, "FACEBOOK_ACCESS_TOKEN="+token, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)
		tf.env = append(tf.env, extraEnv...)
		tf.must("plan")
		return readFile(t, logPath)
	}

	logText := plan()
	requests := emu.Requests()
	if len(requests) == 0 {
		t.Fatal("the plan made no Graph call")
	}
	wantUA := regexp.MustCompile(`^terraform-provider-facebook/[^ ]+ \(\+https://registry\.terraform\.io/providers/pageops/facebook\) Terraform/` + announced + `$`)
	for _, r := range requests {
		if !wantUA.MatchString(r.UserAgent) {
			t.Errorf("%s %s sent User-Agent %q, want it to match %s", r.Method, r.Path, r.UserAgent, wantUA)
		}
	}

	graphLine := regexp.MustCompile(`(?m)^.*graph api request.*$`)
	line := graphLine.FindString(logText)
	if line == "" {
		t.Fatalf("the TRACE log has no Graph request line:\n%s", tail(logText))
	}
	for _, want := range []string{"@module=facebook.graph", "@caller="} {
		if !strings.Contains(line, want) {
			t.Errorf("the Graph request line lacks %q: %s", want, line)
		}
	}
	if strings.Contains(line, "logging.go") || strings.Contains(line, "graph/log.go") {
		t.Errorf("@caller is the logging adapter, not the client code that logged: %s", line)
	}
	if strings.Contains(logText, token) {
		t.Error("the TRACE log holds the access token")
	}

	quiet := plan("TF_LOG_PROVIDER_FACEBOOK_GRAPH=ERROR")
	if graphLine.MatchString(quiet) {
		t.Error("TF_LOG_PROVIDER_FACEBOOK_GRAPH=ERROR left the Graph client's DEBUG lines in the log")
	}
	if !strings.Contains(quiet, "@module=facebook") {
		t.Errorf("TF_LOG_PROVIDER_FACEBOOK_GRAPH=ERROR silenced the provider's own lines too:\n%s", tail(quiet))
	}
}

// tail is the end of a long log, enough to see what went wrong.
func tail(s string) string {
	if len(s) > 4000 {
		return "..." + s[len(s)-4000:]
	}
	return s
}
