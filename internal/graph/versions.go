package graph

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// APIVersionInfo is one Graph API version with its dates from Meta's
// changelog (developers.facebook.com/docs/graph-api/changelog/versions/).
// Expires is zero while Meta has not announced the date. A call to an
// expired version is not refused: Meta serves it on the oldest version
// still available (developers.facebook.com/docs/apps/versions/).
type APIVersionInfo struct {
	Version  string
	Released time.Time
	Expires  time.Time
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// APIVersions are the Graph API versions the provider knows, oldest first,
// from Meta's changelog and release posts
// (developers.facebook.com/blog/post/2026/07/29/introducing-graph-api-v26-and-marketing-api-v26/,
// developers.facebook.com/blog/post/2026/11/04/introducing-graph-api-v27-and-marketing-api-v27/).
// Meta has not announced when v26.0 and v27.0 expire.
//
// DefaultAPIVersion is v26.0, not the newest: it is the newest version
// whose changes to the edges this provider calls have been read. Meta's
// SDKs moved to v26.0 in August 2026 (facebook-nodejs-business-sdk ebd272a,
// src/api.js), and that regeneration of the SDK changed none of those edges
// (make meta-drift against its src/objects/page.js reports nothing). v27.0
// is known, and used without a warning when configured, but no SDK targets
// it yet and its changes to these edges have not been read.
var APIVersions = []APIVersionInfo{
	{"v19.0", day(2024, time.January, 23), day(2026, time.May, 21)},
	{"v20.0", day(2024, time.May, 21), day(2026, time.September, 24)},
	{"v21.0", day(2024, time.October, 2), day(2027, time.January, 21)},
	{"v22.0", day(2025, time.January, 21), day(2027, time.May, 20)},
	{"v23.0", day(2025, time.May, 29), day(2027, time.October, 8)},
	{"v24.0", day(2025, time.October, 8), day(2028, time.February, 18)},
	{"v25.0", day(2026, time.February, 18), day(2028, time.July, 29)},
	{"v26.0", day(2026, time.July, 29), time.Time{}},
	{"v27.0", day(2026, time.November, 4), time.Time{}},
}

// VersionWarningWindow is how long before a version's expiry the provider
// starts warning about it.
const VersionWarningWindow = 90 * 24 * time.Hour

// NewestAPIVersion is the newest version in APIVersions.
func NewestAPIVersion() APIVersionInfo { return APIVersions[len(APIVersions)-1] }

// LookupAPIVersion returns what the table knows about v.
func LookupAPIVersion(v string) (APIVersionInfo, bool) {
	for _, info := range APIVersions {
		if info.Version == v {
			return info, true
		}
	}
	return APIVersionInfo{}, false
}

// VersionExpiryWarning says, in plain words, that version v has expired or
// expires within VersionWarningWindow of now; "" when neither holds or the
// version is not in the table (a newer one than the provider knows).
func VersionExpiryWarning(v string, now time.Time) string {
	info, ok := LookupAPIVersion(v)
	if !ok || info.Expires.IsZero() {
		return ""
	}
	expiry := info.Expires.Format("2 January 2006")
	switch {
	case !now.Before(info.Expires):
		return fmt.Sprintf("Graph API %s expired on %s. Meta does not refuse calls to it: it answers them with the oldest version still available, "+
			"whose behaviour may differ from what this configuration was written for. Set api_version to %s, the version this provider is tested against, or leave it out.", v, expiry, DefaultAPIVersion)
	case info.Expires.Sub(now) <= VersionWarningWindow:
		return fmt.Sprintf("Graph API %s expires on %s. After that date Meta answers its calls with the oldest version still available. "+
			"Set api_version to %s, the version this provider is tested against, or leave it out.", v, expiry, DefaultAPIVersion)
	}
	return ""
}

// NewerVersionNote says, in plain words, that version v is newer than any
// this provider knows: it is used as given (Meta serves it), so this is a
// note for the log, not a warning. "" when v is in the table or older.
func NewerVersionNote(v string) string {
	if _, ok := LookupAPIVersion(v); ok || !versionAfter(v, NewestAPIVersion().Version) {
		return ""
	}
	return fmt.Sprintf("Graph API %s is newer than the versions this provider knows (up to %s); it is used as given. "+
		"This provider is tested against %s.", v, NewestAPIVersion().Version, DefaultAPIVersion)
}

// versionAfter compares "vMAJOR.MINOR" numerically (v100.0 after v27.0).
func versionAfter(a, b string) bool {
	var am, an, bm, bn int
	if _, err := fmt.Sscanf(a, "v%d.%d", &am, &an); err != nil {
		return false
	}
	if _, err := fmt.Sscanf(b, "v%d.%d", &bm, &bn); err != nil {
		return false
	}
	return am > bm || am == bm && an > bn
}

// headerAPIVersion is the answer header naming the version that served the
// call (developers.facebook.com/docs/graph-api/guides/versioning/).
const headerAPIVersion = "facebook-api-version"

// servedVersion remembers the first answer served by a version other than
// the one requested, for one warning per client (one Terraform run).
type servedVersion struct {
	mu       sync.Mutex
	served   string
	reported bool
}

func (s *servedVersion) observe(requested string, h http.Header) {
	got := strings.TrimSpace(h.Get(headerAPIVersion))
	if got == "" || got == requested {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.served == "" {
		s.served = got
	}
}

// VersionMismatchWarning returns, the first time it is asked after Meta
// answered with a version other than the configured one, a warning naming
// both versions; "" otherwise, and "" on every later call of the run.
func (c *Client) VersionMismatchWarning() string {
	s := &c.versions
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.served == "" || s.reported {
		return ""
	}
	s.reported = true
	return fmt.Sprintf("The provider asked for Graph API %s, but Meta answered with %s (facebook-api-version header). "+
		"Meta serves an expired version on the oldest version still available; set api_version to a current version such as %s.",
		c.cfg.APIVersion, s.served, DefaultAPIVersion)
}
