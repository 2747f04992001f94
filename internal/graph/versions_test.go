package graph

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAPIVersionTableIsOrderedAndKnowsV27(t *testing.T) {
	for i := 1; i < len(APIVersions); i++ {
		prev, cur := APIVersions[i-1], APIVersions[i]
		if !prev.Released.Before(cur.Released) || !cur.Expires.IsZero() && !prev.Expires.Before(cur.Expires) || prev.Expires.IsZero() && !cur.Expires.IsZero() {
			t.Errorf("%s is not strictly after %s", cur.Version, prev.Version)
		}
	}
	if NewestAPIVersion().Version != "v27.0" || DefaultAPIVersion != "v26.0" {
		t.Errorf("newest = %s, default = %s; want v27.0 and v26.0", NewestAPIVersion().Version, DefaultAPIVersion)
	}
	for v, released := range map[string]time.Time{"v26.0": day(2026, time.July, 29), "v27.0": day(2026, time.November, 4)} {
		if info, _ := LookupAPIVersion(v); !info.Released.Equal(released) || !info.Expires.IsZero() {
			t.Errorf("%s: released %v, expires %v; want %v and no expiry announced", v, info.Released, info.Expires, released)
		}
	}
	if info, _ := LookupAPIVersion("v19.0"); !info.Expires.Equal(time.Date(2026, time.May, 21, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("v19.0 expires %v, Meta's changelog says 21 May 2026", info.Expires)
	}
}

func TestVersionExpiryWarning(t *testing.T) {
	now := time.Date(2026, time.December, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		version string
		want    []string // "" = no warning
	}{
		{"v19.0", []string{"v19.0 expired on 21 May 2026", "Set api_version to v26.0"}},
		{"v20.0", []string{"v20.0 expired on 24 September 2026", "v26.0"}},
		{"v21.0", []string{"v21.0 expires on 21 January 2027", "v26.0"}}, // 51 days away
		{"v22.0", nil}, // 170 days away
		{"v25.0", nil},
		{"v26.0", nil},
		{"v27.0", nil}, // expiry not announced
		{"v99.0", nil}, // newer than the table: a note, not a warning
	} {
		got := VersionExpiryWarning(tc.version, now)
		if tc.want == nil {
			if got != "" {
				t.Errorf("%s: unexpected warning %q", tc.version, got)
			}
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: warning %q lacks %q", tc.version, got, w)
			}
		}
	}
	// The window's edge: exactly 90 days before expiry warns, 91 does not.
	exp := time.Date(2027, time.January, 21, 0, 0, 0, 0, time.UTC)
	if VersionExpiryWarning("v21.0", exp.Add(-VersionWarningWindow)) == "" {
		t.Error("no warning 90 days before expiry")
	}
	if VersionExpiryWarning("v21.0", exp.Add(-VersionWarningWindow-24*time.Hour)) != "" {
		t.Error("warning 91 days before expiry")
	}
}

func TestVersionMismatchIsReportedOncePerClient(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("facebook-api-version", "v21.0")
		writeJSON(w, 200, `{"data":[]}`)
	}, func(cfg *Config) { cfg.APIVersion = "v19.0" })
	if got := c.VersionMismatchWarning(); got != "" {
		t.Fatalf("warning before any call: %q", got)
	}
	for range 3 {
		if _, err := c.ListAgencies(context.Background(), "1"); err != nil {
			t.Fatal(err)
		}
		c.agencies.written("1", "")
	}
	got := c.VersionMismatchWarning()
	for _, w := range []string{"asked for Graph API v19.0", "Meta answered with v21.0"} {
		if !strings.Contains(got, w) {
			t.Errorf("warning %q lacks %q", got, w)
		}
	}
	if again := c.VersionMismatchWarning(); again != "" {
		t.Errorf("second warning in the same run: %q", again)
	}
}

func TestMatchingVersionHeaderIsNotAWarning(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("facebook-api-version", DefaultAPIVersion)
		writeJSON(w, 200, `{"data":[]}`)
	})
	if _, err := c.ListAgencies(context.Background(), "1"); err != nil {
		t.Fatal(err)
	}
	if got := c.VersionMismatchWarning(); got != "" {
		t.Errorf("warning although Meta served the requested version: %q", got)
	}
}

func TestNewerVersionIsANoteNotAWarning(t *testing.T) {
	for v, want := range map[string]bool{"v28.0": true, "v100.0": true, "v27.1": true, "v27.0": false, "v26.0": false, "v12.0": false} {
		note := NewerVersionNote(v)
		if (note != "") != want {
			t.Errorf("%s: note %q, want one: %v", v, note, want)
		}
		if want && (!strings.Contains(note, v+" is newer than the versions this provider knows (up to v27.0)") || !strings.Contains(note, "used as given")) {
			t.Errorf("%s: note %q", v, note)
		}
		if VersionExpiryWarning(v, time.Now()) != "" && want {
			t.Errorf("%s: a warning for a version newer than the table", v)
		}
	}
}
