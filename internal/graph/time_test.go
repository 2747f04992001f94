package graph

import (
	"encoding/json"
	"testing"
	"time"
)

func TestTimeAcceptsMetaFormats(t *testing.T) {
	want := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, raw := range []string{
		`"2024-05-01T12:00:00+0000"`,
		`"2024-05-01T14:00:00+0200"`,
		`"2024-05-01T12:00:00Z"`,
		`"2024-05-01T12:00:00\u002b0000"`, // escaped: the slow path
		`1714564800`,
	} {
		var got Time
		if err := json.Unmarshal([]byte(raw), &got); err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("%s: got %v, %v; want %v in UTC", raw, got, err, want)
		}
	}
	for _, raw := range []string{`null`, `""`} {
		got := Time{Time: want}
		if err := json.Unmarshal([]byte(raw), &got); err != nil || !got.IsZero() || got.RFC3339() != "" {
			t.Errorf("%s: got %v, %v; want the zero time", raw, got, err)
		}
	}
	for _, raw := range []string{`"yesterday"`, `true`, `"2024-05-01`} {
		var got Time
		if err := json.Unmarshal([]byte(raw), &got); err == nil {
			t.Errorf("%s: accepted as %v", raw, got)
		}
	}
	if s := (Time{Time: want}).RFC3339(); s != "2024-05-01T12:00:00Z" {
		t.Errorf("RFC3339() = %q", s)
	}
}
