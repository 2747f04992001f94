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
	in, err := os.Open("../../.goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var out strings.Builder
	if err := narrow(in, &out, "linux", "386"); err != nil {
		t.Fatal(err)
	}
	var got, orig map[string]any
	if err := yaml.Unmarshal([]byte(out.String()), &got); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../../.goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(raw, &orig); err != nil {
		t.Fatal(err)
	}
	builds := got["builds"].([]any)
	for i, b := range builds {
		build := b.(map[string]any)
		if g, a := build["goos"].([]any), build["goarch"].([]any); len(g) != 1 || g[0] != "linux" || len(a) != 1 || a[0] != "386" {
			t.Errorf("build %d: goos %v goarch %v, want [linux] [386]", i, g, a)
		}
		if _, ok := build["ignore"]; ok {
			t.Errorf("build %d still has an ignore list", i)
		}
		ob := orig["builds"].([]any)[i].(map[string]any)
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
