package main

import (
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The project's own release configuration, narrowed: one platform per
// build, nothing else changed.
func TestNarrowReleaseConfig(t *testing.T) {
	raw, err := os.ReadFile("../../.goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := narrow(strings.NewReader(string(raw)), &out, "linux", "386"); err != nil {
		t.Fatal(err)
	}
	var got, orig map[string]any
	if err := yaml.Unmarshal([]byte(out.String()), &got); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(raw, &orig); err != nil {
		t.Fatal(err)
	}
	builds := as[[]any](t, got["builds"], "builds")
	origBuilds := as[[]any](t, orig["builds"], "original builds")
	if len(builds) != len(origBuilds) {
		t.Fatalf("%d builds, want the original %d", len(builds), len(origBuilds))
	}
	for i, b := range builds {
		build := as[map[string]any](t, b, "build")
		g := as[[]any](t, build["goos"], "goos")
		a := as[[]any](t, build["goarch"], "goarch")
		if len(g) != 1 || g[0] != "linux" || len(a) != 1 || a[0] != "386" {
			t.Errorf("build %d: goos %v goarch %v, want [linux] [386]", i, g, a)
		}
		if _, ok := build["ignore"]; ok {
			t.Errorf("build %d still has an ignore list", i)
		}
		ob := as[map[string]any](t, origBuilds[i], "original build")
		for k, v := range ob {
			if k == "goos" || k == "goarch" || k == "ignore" {
				continue
			}
			if yamlString(t, build[k]) != yamlString(t, v) {
				t.Errorf("build %d: %s changed: %v, was %v", i, k, build[k], v)
			}
		}
	}
	for k, v := range orig {
		if k != "builds" && yamlString(t, got[k]) != yamlString(t, v) {
			t.Errorf("%s changed", k)
		}
	}
}

func TestNarrowRefusesAConfigWithoutPlatformLists(t *testing.T) {
	err := narrow(strings.NewReader("builds:\n  - targets: [go_first_class]\n"), new(strings.Builder), "linux", "amd64")
	if err == nil || !strings.Contains(err.Error(), "no goos and goarch") {
		t.Errorf("got %v, want a refusal naming goos and goarch", err)
	}
}

func yamlString(t *testing.T, v any) string {
	t.Helper()
	b, err := yaml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// as is v as a T, or the test stops saying what was not.
func as[T any](t *testing.T, v any, what string) T {
	t.Helper()
	got, ok := v.(T)
	if !ok {
		t.Fatalf("%s is %T, not %T", what, v, got)
	}
	return got
}
