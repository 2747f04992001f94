package graph

import (
	"bytes"
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A successful answer is decoded into values that the provider keeps in
// state and shows in plans: names, ids, tasks. An answer that holds one of
// the client's secrets in such a value (a hostile or broken server echoing
// the token it was sent) is refused, so that the secret reaches neither.
// Meta itself puts a token in two places only: the paging links of a
// listing (https://developers.facebook.com/docs/graph-api/results), which
// the client never keeps, and the access_token of a Page token exchange.

// secretTail is the shortest part of v that marks an echo of it: v without
// the first characters an escape could supply once the value is quoted
// (see escapeTail), so that "\x03" and the rest of a token count too.
func secretTail(v string) string {
	k := min(escapeTail, len(v)-minSecretTail)
	return v[max(k, 0):]
}

// tokenPlace says where a successful answer carries a credential Meta
// hands over: nowhere (most answers), at its top (a Page token exchange) or
// in each entry of its data (the Pages of /me/accounts).
type tokenPlace int

const (
	noToken tokenPlace = iota
	tokenAtTop
	tokenPerEntry
)

// echoedSecret names the member of a successful answer that holds one of
// the client's secrets, or returns "" when none does. keepsToken says
// where, if anywhere, the answer's access_token is a credential Meta hands
// over.
func (s *secrets) echoedSecret(body []byte, keepsToken tokenPlace) string {
	tails := s.tails()
	if !mayHoldSecret(body, tails) {
		return ""
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return ""
	}
	w := secretWalk{tails: tails, keepsToken: keepsToken}
	if !w.holds(v, nil) {
		return ""
	}
	// Name the first place in a fixed order, so the error is the same on
	// every run.
	w.sorted = true
	var where []string
	w.holds(v, &where)
	return strings.Join(where, "")
}

// secretWalk searches a decoded answer for a secret's tail in any member
// value or member name, except where Meta puts a token.
type secretWalk struct {
	tails      []string
	keepsToken tokenPlace
	sorted     bool
	path       []string
}

// holds reports whether v holds a tail; where, when given, receives the
// path to the first one.
func (w *secretWalk) holds(v any, where *[]string) bool {
	switch v := v.(type) {
	case string:
		if w.metaPutsATokenHere() || !holdsTail(v, w.tails) {
			return false
		}
		if where != nil {
			*where = slices.Clone(w.path)
			if len(w.path) == 0 {
				*where = []string{"the answer itself"}
			}
		}
		return true
	case []any:
		for i, e := range v {
			w.path = append(w.path, "["+strconv.Itoa(i)+"]")
			found := w.holds(e, where)
			w.path = w.path[:len(w.path)-1]
			if found {
				return true
			}
		}
	case map[string]any:
		keys := maps.Keys(v)
		if w.sorted {
			keys = slices.Values(slices.Sorted(keys))
		}
		for k := range keys {
			if holdsTail(k, w.tails) {
				if where != nil {
					*where = append([]string{"the name of a member of "}, w.path...)
					if len(w.path) == 0 {
						*where = append(*where, "the answer")
					}
				}
				return true
			}
			w.path = append(w.path, memberSegment(len(w.path), k))
			found := w.holds(v[k], where)
			w.path = w.path[:len(w.path)-1]
			if found {
				return true
			}
		}
	}
	return false
}

// metaPutsATokenHere: paging links embed access_token, a Page token
// exchange answers one, and /me/accounts one per Page.
func (w *secretWalk) metaPutsATokenHere() bool {
	p := w.path
	return (len(p) == 2 && p[0] == "paging" && (p[1] == ".next" || p[1] == ".previous")) ||
		(w.keepsToken == tokenAtTop && len(p) == 1 && p[0] == "access_token") ||
		(w.keepsToken == tokenPerEntry && len(p) == 3 && p[0] == "data" && p[2] == ".access_token")
}

func holdsTail(s string, tails []string) bool {
	for _, t := range tails {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}

// memberName matches the member names Meta uses. Others are shown as "?"
// in a path, since the path goes into an error and a member name is text
// from outside like any other.
var memberName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// memberSegment is a member's part of a path: "name" at the top, ".name"
// below it.
func memberSegment(depth int, key string) string {
	if !memberName.MatchString(key) {
		key = "?"
	}
	if depth == 0 {
		return key
	}
	return "." + key
}

func (s *secrets) tails() []string {
	values := s.list()
	for i, v := range values {
		values[i] = secretTail(v)
	}
	return values
}

// mayHoldSecret is the fast test that lets most answers through without a
// second decoding: a secret shows in the raw body as it is, or hides
// behind an escape of one of its characters (\u0041, or \/ for a slash).
func mayHoldSecret(body []byte, tails []string) bool {
	inTail := func(c byte) bool {
		return slices.ContainsFunc(tails, func(t string) bool { return strings.IndexByte(t, c) >= 0 })
	}
	for _, t := range tails {
		if bytes.Contains(body, []byte(t)) {
			return true
		}
	}
	if bytes.Contains(body, []byte(`\/`)) && inTail('/') {
		return true
	}
	for rest := body; ; {
		i := bytes.Index(rest, []byte(`\u`))
		if i < 0 || i+6 > len(rest) {
			return false
		}
		if r, err := strconv.ParseUint(string(rest[i+2:i+6]), 16, 16); err == nil && r < 0x80 && inTail(byte(r)) {
			return true
		}
		rest = rest[i+2:]
	}
}
