package provider

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pageops/terraform-provider-facebook/internal/tfcli"
)

// TestCLIMakeEmulator runs `make emulator` as a user would, takes the export
// lines it prints, and answers one plan of a configuration written here
// with nothing but that environment: no init, no other CLI config.
func TestCLIMakeEmulator(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.CommandContext(t.Context(), "make", "-s", "emulator")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = tfcli.Environ("EMULATOR_DIR=" + filepath.Join(dir, "emulator"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) }
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		_ = cmd.Wait()
	})

	exports := make(chan []string, 1)
	go func() {
		var env []string
		scanner := bufio.NewScanner(stdout)
		for scanner.Scan() {
			line := scanner.Text()
			if rest, ok := strings.CutPrefix(line, "export "); ok {
				env = append(env, strings.ReplaceAll(rest, `"`, ""))
			}
			if strings.Contains(line, "Ctrl-C here stops the emulator") {
				exports <- env
				return
			}
		}
		close(exports)
	}()
	var env []string
	select {
	case got, ok := <-exports:
		if !ok {
			t.Fatal("make emulator ended without printing its export lines")
		}
		env = got
	case <-time.After(5 * time.Minute): // two go builds on a busy machine
		t.Fatal("make emulator printed no export lines in 5 minutes")
	}
	for _, want := range []string{"TF_CLI_CONFIG_FILE=", "FACEBOOK_BASE_URL=http://127.0.0.1:", "FACEBOOK_ACCESS_TOKEN=", "FACEBOOK_TEST_PAGE_ID="} {
		if !strings.Contains(strings.Join(env, "\n"), want) {
			t.Fatalf("the export lines lack %s: %q", want, env)
		}
	}

	work := filepath.Join(dir, "config")
	if err := os.MkdirAll(work, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(work, "main.tf"), `
terraform {
  required_providers {
    facebook = { source = "pageops/facebook" }
  }
}

provider "facebook" {}

variable "page_id" {
  type = string
}

data "facebook_page_agencies" "demo" {
  page_id = var.page_id
}

output "agencies" {
  value = length(data.facebook_page_agencies.demo.agencies)
}
`)
	plan := exec.CommandContext(t.Context(), "terraform", "plan", "-no-color", "-input=false")
	plan.Dir = work
	plan.Env = tfcli.Environ(env...)
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "FACEBOOK_TEST_PAGE_ID="); ok {
			plan.Env = append(plan.Env, "TF_VAR_page_id="+v)
		}
	}
	out, err := plan.CombinedOutput()
	if err != nil {
		t.Fatalf("terraform plan against make emulator: %v\n%s", err, out)
	}
	for _, want := range []string{"data.facebook_page_agencies.demo: Read complete", "agencies = 1"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the plan lacks %q:\n%s", want, out)
		}
	}
}
