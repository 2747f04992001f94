package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
	"github.com/pageops/terraform-provider-facebook/internal/tfcli"
)

// providerLogLines counts the JSON log lines in a provider's stderr by
// hclog module ("sdk.proto", "sdk.framework", "facebook" for the provider's
// own, "" for go-plugin's) and by message.
type providerLogLines struct {
	modules  map[string]int
	messages map[string]int
	total    int
}

func readProviderLog(t *testing.T, path string) providerLogLines {
	t.Helper()
	raw, err := os.ReadFile(path) //nolint:gosec // G304: the test's own capture file
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	out := providerLogLines{modules: map[string]int{}, messages: map[string]int{}}
	for line := range strings.Lines(string(raw)) {
		var entry struct {
			Module  string `json:"@module"`
			Message string `json:"@message"`
		}
		if json.Unmarshal([]byte(line), &entry) != nil || entry.Message == "" {
			// Not a log line: a panic or a crash would show in the
			// terraform output the test checks.
			continue
		}
		out.total++
		out.modules[entry.Module]++
		out.messages[entry.Message]++
	}
	return out
}

// newCapturedBinaryDir is newBinaryDir with the provider's stderr, where it
// writes its log lines for Terraform, also copied to the returned file:
// Terraform shows provider logs only when asked, so the copy is the only
// way to see what the provider wrote when no one asked.
func newCapturedBinaryDir(t *testing.T, config string) (*tfDir, string) {
	t.Helper()
	bin := providerBinary(t)
	wrapperDir := t.TempDir()
	capture := filepath.Join(wrapperDir, "provider-stderr.log")
	writeFile(t, capture, "")
	wrapper := filepath.Join(wrapperDir, "terraform-provider-facebook")
	writeFile(t, wrapper, fmt.Sprintf("#!/usr/bin/env bash\nexec %q \"$@\" 2> >(tee -a %q >&2)\n", bin, capture))
	if err := os.Chmod(wrapper, 0o700); err != nil { //nolint:gosec // G302: the provider wrapper must be executable
		t.Fatal(err)
	}
	d := newBinaryDir(t, config)
	rc := d.path("terraformrc")
	if err := tfcli.WriteDevOverridesRC(rc, wrapperDir); err != nil {
		t.Fatal(err)
	}
	return d, capture
}

// TestCLILogFastPath runs the released binary with and without the log
// variables. Asked for by any of them, the provider writes every line it
// always wrote (protocol, framework and its own); asked by none, Terraform
// would discard every line, and the provider writes none.
func TestCLILogFastPath(t *testing.T) {
	// Each run refreshes and plans the one agency: the provider serves
	// ReadResource and PlanResourceChange and lists the Page. Each run has
	// an emulator of its own, so that its apply grants the access afresh
	// (an assignment made by another run would be refused, not adopted).
	plan := func(t *testing.T, env ...string) (providerLogLines, *tfDir) {
		t.Helper()
		emu := graphtest.Start(t, graphtest.Options{})
		emu.AddPage(testPageID, "Log Page")
		emu.AddUser(testUserToken, testPageID)
		emu.AddBusiness(testBusinessID, "Log Agency")
		config := fmt.Sprintf(`
provider "facebook" {
  base_url     = %q
  access_token = %q
}

resource "facebook_page_agency" "a" {
  page_id         = %q
  business_id     = %q
  permitted_tasks = ["ANALYZE"]
}
`, emu.URL(), testUserToken, testPageID, testBusinessID)
		tf, capture := newCapturedBinaryDir(t, config)
		tf.must("apply", "-auto-approve")
		writeFile(t, capture, "")
		tf.env = append(tf.env, env...)
		if r := tf.run("plan", "-detailed-exitcode"); r.code != 0 {
			t.Fatalf("plan after apply exited %d (2 = changes):\n%s", r.code, r.output())
		}
		return readProviderLog(t, capture), tf
	}

	for _, env := range [][]string{
		nil,
		{"TF_LOG=off", "TF_LOG_SDK=OFF"},
		// Terraform's own logs only: it drops the provider's lines.
		{"TF_LOG_CORE=TRACE", "TF_LOG_PATH=core.log"},
	} {
		t.Run(fmt.Sprintf("not requested %v", env), func(t *testing.T) {
			lines, tf := plan(t, env...)
			if lines.total != 0 {
				t.Errorf("the provider wrote %d log lines no one asked for: %v", lines.total, lines.modules)
			}
			if len(env) == 2 && env[0] == "TF_LOG_CORE=TRACE" {
				raw, err := os.ReadFile(tf.path("core.log"))
				if err != nil || !strings.Contains(string(raw), "[TRACE]") {
					t.Errorf("TF_LOG_CORE=TRACE wrote no Terraform trace log (%v): the case proves nothing", err)
				}
			}
		})
	}

	for _, v := range []string{"TF_LOG=TRACE", "TF_LOG=DEBUG", "TF_LOG_PROVIDER=TRACE", "TF_LOG_PROVIDER_FACEBOOK=DEBUG",
		"TF_LOG_SDK=TRACE", "TF_LOG_SDK_FRAMEWORK=TRACE", "TF_LOG_SDK_PROTO=TRACE"} {
		t.Run("requested "+v, func(t *testing.T) {
			lines, tf := plan(t, v, "TF_LOG_PATH=terraform.log")
			// Lines of every logger, at its usual level: the variable
			// changes nothing but Terraform's filter.
			for module, message := range map[string]string{
				"sdk.proto":      "Received request",
				"sdk.framework":  "Calling provider defined Resource Read",
				"facebook.graph": "graph api request",
				"":               "plugin address", // go-plugin's
			} {
				if lines.modules[module] == 0 || lines.messages[message] == 0 {
					t.Errorf("no %s line %q among the provider's %d lines: %v", module, message, lines.total, lines.modules)
				}
			}
			if !strings.HasPrefix(v, "TF_LOG=") {
				return
			}
			// What the user reads: Terraform's log holds the provider's lines.
			raw, err := os.ReadFile(tf.path("terraform.log"))
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"graph api request"}
			if v == "TF_LOG=TRACE" {
				want = append(want, "Calling provider defined Resource Read", "Received request")
			}
			for _, want := range want {
				if !strings.Contains(string(raw), want) {
					t.Errorf("Terraform's log with %s lacks the provider's %q line", v, want)
				}
			}
		})
	}
}

func TestLogsRequested(t *testing.T) {
	for env, want := range map[string]bool{
		"":                                     false,
		"HOME=/root PATH=/bin":                 false,
		"TF_LOG=":                              false,
		"TF_LOG=off TF_LOG_PROVIDER=OFF":       false,
		"TF_LOG_CORE=TRACE":                    false,
		"TF_LOG_PATH=/tmp/x":                   false,
		"TF_LOG_PROVIDER_OTHER=TRACE":          false,
		"TF_LOG=TRACE":                         true,
		"TF_LOG=json":                          true,
		"TF_LOG=off TF_LOG_PROVIDER=DEBUG":     true,
		"TF_LOG_PROVIDER_FACEBOOK=INFO":        true,
		"TF_LOG_SDK=TRACE":                     true,
		"TF_LOG_SDK_PROTO=DEBUG":               true,
		"TF_LOG_SDK_FRAMEWORK=TRACE":           true,
		"TF_LOG_SDK_PROTO_DATA_DIR=/tmp/d":     true,
		"TF_LOG_PROVIDER_FACEBOOK_GRAPH=DEBUG": true,
	} {
		if got := LogsRequested(strings.Fields(env)); got != want {
			t.Errorf("LogsRequested(%q) = %v, want %v", env, got, want)
		}
	}
}
