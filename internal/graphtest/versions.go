package graphtest

import (
	"fmt"
	"time"
)

// graphVersion is one Graph API version and the day Meta stops serving it,
// from Meta's changelog (developers.facebook.com/docs/graph-api/changelog/versions/).
type graphVersion struct {
	name    string
	expires time.Time // zero: not announced
}

func utcDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// graphVersions, oldest first.
var graphVersions = []graphVersion{
	{"v18.0", utcDay(2026, time.January, 26)},
	{"v19.0", utcDay(2026, time.May, 21)},
	{"v20.0", utcDay(2026, time.September, 24)},
	{"v21.0", utcDay(2027, time.January, 21)},
	{"v22.0", utcDay(2027, time.May, 20)},
	{"v23.0", utcDay(2027, time.October, 8)},
	{"v24.0", utcDay(2028, time.February, 18)},
	{"v25.0", utcDay(2028, time.July, 29)},
	{"v26.0", time.Time{}}, // released 2026-07-29; expiry not announced
	{"v27.0", time.Time{}}, // released 2026-11-04; expiry not announced
}

// servingVersion is the version Meta answers a call to requested with, at
// now. Meta does not refuse a call to an expired version: "any calls made
// to it will be defaulted to the next oldest, usable version"
// (developers.facebook.com/docs/apps/versions/). An unversioned call is
// served by the app's default version, which Meta moves forward the same
// way: here, the oldest usable one. A version older than the table has
// long expired; one newer than it is served as asked.
func servingVersion(requested string, now time.Time) string {
	oldestUsable := ""
	for _, v := range graphVersions {
		if v.expires.IsZero() || now.Before(v.expires) {
			oldestUsable = v.name
			break
		}
	}
	if requested == "" {
		return oldestUsable
	}
	for _, v := range graphVersions {
		if v.name == requested {
			if !v.expires.IsZero() && !now.Before(v.expires) {
				return oldestUsable
			}
			return requested
		}
	}
	if versionLess(requested, graphVersions[0].name) {
		return oldestUsable
	}
	return requested
}

// versionLess compares "vMAJOR.MINOR" numerically (v2.12 < v18.0).
func versionLess(a, b string) bool {
	var am, an, bm, bn int
	if _, err := fmt.Sscanf(a, "v%d.%d", &am, &an); err != nil {
		return false
	}
	if _, err := fmt.Sscanf(b, "v%d.%d", &bm, &bn); err != nil {
		return false
	}
	return am < bm || am == bm && an < bn
}
