// Package internal_test enforces the import rules between the layers that
// DESIGN.md describes, and that the client's and the emulator's separate
// transcriptions of Meta's enums agree, so that a shortcut across the
// layers or a copy left behind fails the build's tests instead of waiting
// for a reviewer.
package internal_test

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/pageops/terraform-provider-facebook"

// nonStandardDeps lists every package outside the standard library that pkg
// needs to build (test files excluded).
func nonStandardDeps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), "go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", pkg).CombinedOutput() //nolint:gosec // G204: pkg is one of this test's own package paths
	if err != nil {
		t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
	}
	var deps []string
	for _, line := range strings.Fields(string(out)) {
		if line != pkg {
			deps = append(deps, line)
		}
	}
	return deps
}

func TestLayers(t *testing.T) {
	t.Parallel()
	for _, rule := range []struct {
		pkg    string
		why    string
		denied func(dep string) bool
	}{
		{
			pkg: module + "/internal/graph",
			why: "the client is a plain Graph API client: nothing from Terraform, the provider or the emulator",
			denied: func(dep string) bool {
				return strings.HasPrefix(dep, "github.com/hashicorp/terraform-") ||
					strings.HasPrefix(dep, module+"/internal/provider") || strings.HasPrefix(dep, module+"/internal/graphtest") ||
					strings.HasPrefix(dep, module+"/internal/metaspec") // the spec excerpt reaches the client only as generated tables
			},
		},
		{
			pkg:    module + "/internal/graphtest",
			why:    "the emulator is an independent reading of Meta's reference: standard library only, nothing from the client",
			denied: func(string) bool { return true },
		},
		{
			pkg:    module + "/internal/provider",
			why:    "the released provider never contains the emulator",
			denied: func(dep string) bool { return strings.HasPrefix(dep, module+"/internal/graphtest") },
		},
	} {
		for _, dep := range nonStandardDeps(t, rule.pkg) {
			if rule.denied(dep) {
				t.Errorf("%s depends on %s, but %s", rule.pkg, dep, rule.why)
			}
		}
	}
}
