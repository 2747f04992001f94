package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// metaTimeLayout is how the Graph API writes datetimes: ISO 8601 with a
// numeric zone without colon, e.g. 2024-03-01T12:00:00+0000.
const metaTimeLayout = "2006-01-02T15:04:05-0700"

// Time is a Graph datetime. The zero value means Meta did not send one.
type Time struct{ time.Time }

// UnmarshalJSON accepts Meta's layout, RFC 3339 and Unix seconds, which the
// Graph API uses depending on the node and the date_format parameter.
func (t *Time) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*t = Time{}
		return nil
	}
	if len(b) > 0 && b[0] != '"' {
		secs, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil {
			return fmt.Errorf("datetime %s is neither a string nor Unix seconds", b)
		}
		t.Time = time.Unix(secs, 0).UTC()
		return nil
	}
	s, err := jsonString(b)
	if err != nil {
		return err
	}
	if s == "" {
		*t = Time{}
		return nil
	}
	for _, layout := range []string{metaTimeLayout, time.RFC3339} {
		if parsed, err := time.Parse(layout, s); err == nil {
			t.Time = parsed.UTC()
			return nil
		}
	}
	return fmt.Errorf("datetime %q is not in a Graph API format", s)
}

// jsonString decodes a JSON string literal. Datetimes never need escapes,
// so the common case skips a second pass of the JSON decoder: listings carry
// two datetimes per item, and this is a measurable part of decoding them.
func jsonString(b []byte) (string, error) {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && bytes.IndexByte(b, '\\') < 0 {
		return string(b[1 : len(b)-1]), nil
	}
	var s string
	err := json.Unmarshal(b, &s)
	return s, err
}

// RFC3339 formats the time for Terraform, "" when unset.
func (t Time) RFC3339() string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
