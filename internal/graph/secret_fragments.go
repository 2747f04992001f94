package graph

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A secret must not show whole, nor in part: a text from outside can hold
// a token cut in pieces, by a line break in an HTML error page, or between
// the message and error_user_msg of an error envelope. So scrubbing does
// not look for whole secrets but for fragments of them: every run of
// fragmentLen bytes of a secret, in the text read with the bytes that occur
// in no secret left out, except ASCII letters and digits: spaces, line
// breaks, punctuation, control and non-ASCII characters. (A letter left
// out would glue the words around it into a fragment: "se(n)cret".) What can still show of a secret is a piece shorter than
// fragmentLen in each text the client scrubs separately.
//
// The runs of fragmentLen bytes are kept as 64-bit words, so a text is
// searched in one pass, one lookup per byte; a bit set of their hashes
// spares most lookups.

// fragmentLen is the shortest part of a secret that is redacted, so that
// short, common strings are not; it is also the size of a uint64.
const fragmentLen = 8

// secretIndex is an immutable snapshot of the known secrets, built when a
// secret is added (rarely: a few per run) and read without locks on every
// scrub.
type secretIndex struct {
	values []string // every secret, as added
	short  []string // secrets shorter than fragmentLen: matched whole only
	// kept marks the bytes that are read when a text is searched for
	// fragments: those of every secret and every ASCII letter and digit;
	// the others are left out.
	kept      [256]bool
	fragments map[uint64]struct{}
	filter    [1 << 16 / 64]uint64 // bit set of fragmentHash
}

func fragmentHash(w uint64) uint64 { return (w * 0x9E3779B97F4A7C15) >> 48 }

// with returns a new index holding idx's secrets and v.
func (idx *secretIndex) with(v string) *secretIndex {
	n := &secretIndex{fragments: map[uint64]struct{}{}}
	if idx != nil {
		n.values, n.short = append(n.values, idx.values...), append(n.short, idx.short...)
		n.kept, n.filter = idx.kept, idx.filter
		for w := range idx.fragments {
			n.fragments[w] = struct{}{}
		}
	} else {
		for _, r := range "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" {
			n.kept[r] = true
		}
	}
	n.values = append(n.values, v)
	if len(v) < fragmentLen {
		n.short = append(n.short, v)
		return n
	}
	var w uint64
	for i := 0; i < len(v); i++ {
		n.kept[v[i]] = true
		w = w<<8 | uint64(v[i])
		if i >= fragmentLen-1 {
			n.fragments[w] = struct{}{}
			h := fragmentHash(w)
			n.filter[h/64] |= 1 << (h % 64)
		}
	}
	return n
}

// fragmentSpans calls found with the start and end (exclusive) of each
// stretch of text that holds fragments of secrets, the left-out bytes
// between them included; found returns false to stop. Overlapping and
// touching fragments make one stretch.
func (idx *secretIndex) fragmentSpans(text string, found func(start, end int) bool) {
	if idx == nil || len(idx.fragments) == 0 || len(text) < fragmentLen {
		return
	}
	var (
		w          uint64
		pos        [fragmentLen]int // where the bytes of w stand in text, as a ring
		n          int              // bytes read into w
		start, end = -1, -1         // the stretch being built
	)
	for i := 0; i < len(text); i++ {
		b := text[i]
		if !idx.kept[b] {
			continue
		}
		w = w<<8 | uint64(b)
		pos[n%fragmentLen] = i
		n++
		if n < fragmentLen {
			continue
		}
		if h := fragmentHash(w); idx.filter[h/64]&(1<<(h%64)) == 0 {
			continue
		}
		if _, ok := idx.fragments[w]; !ok {
			continue
		}
		first := pos[n%fragmentLen] // the oldest byte of w
		if start >= 0 && first > end {
			if !found(start, end) {
				return
			}
			start = -1
		}
		if start < 0 {
			start = first
		}
		end = i + 1
	}
	if start >= 0 {
		found(start, end)
	}
}

// redactFragments replaces each stretch of text that holds fragments of
// secrets, and each secret shorter than a fragment, with redacted. A text
// that errors quote (%q) or logs encode (JSON) gets escapes there, which
// add letters and digits ("\x19" before "1e9752" reads "x191e9752"), so
// such a text is searched in those forms too.
func (idx *secretIndex) redactFragments(text string) string {
	if idx == nil {
		return text
	}
	for _, v := range idx.short {
		text = strings.ReplaceAll(text, v, redacted)
	}
	var spans [][2]int
	idx.fragmentSpans(text, func(start, end int) bool {
		spans = append(spans, [2]int{start, end})
		return true
	})
	if escapable(text) && len(idx.fragments) > 0 {
		for _, view := range escapedViews(text) {
			idx.fragmentSpans(view.text, func(start, end int) bool {
				spans = append(spans, [2]int{view.from[start], view.to[end-1]})
				return true
			})
		}
	}
	if len(spans) == 0 {
		return text
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for _, sp := range spans {
		if sp[1] <= last {
			continue // inside the stretch already redacted
		}
		if sp[0] >= last {
			b.WriteString(text[last:sp[0]])
			b.WriteString(redacted)
		}
		last = sp[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// escapable reports whether text holds a byte that %q or a JSON encoder
// writes as an escape: a control character, a non-ASCII byte (the rune may
// be unprintable), or the <, > and & that JSON encoders escape for HTML.
func escapable(text string) bool {
	for i := 0; i < len(text); i++ {
		if b := text[i]; b < 0x20 || b >= 0x7f || b == '<' || b == '>' || b == '&' {
			return true
		}
	}
	return false
}

// escapedView is a text as quoted or encoded, with, for each of its bytes,
// the span of the text's rune it comes from.
type escapedView struct {
	text     string
	from, to []int
}

// escapedViews returns text as Go's %q writes it and as encoding/json
// does, without the enclosing quotes.
func escapedViews(text string) [2]escapedView {
	var views [2]escapedView
	var quoted, encoded strings.Builder
	for i := 0; i < len(text); {
		r, width := utf8.DecodeRuneInString(text[i:])
		q := strconv.Quote(text[i : i+width])
		views[0].add(&quoted, q[1:len(q)-1], i, i+width)
		views[1].add(&encoded, jsonEscape(r), i, i+width)
		i += width
	}
	views[0].text, views[1].text = quoted.String(), encoded.String()
	return views
}

func (v *escapedView) add(b *strings.Builder, s string, from, to int) {
	b.WriteString(s)
	for range len(s) {
		v.from, v.to = append(v.from, from), append(v.to, to)
	}
}

// jsonEscape is r as encoding/json writes it inside a string.
func jsonEscape(r rune) string {
	switch r {
	case '"', '\\':
		return `\` + string(r)
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	case '\b':
		return `\b`
	case '\f':
		return `\f`
	}
	if r < 0x20 || r == '<' || r == '>' || r == '&' || r == '\u2028' || r == '\u2029' {
		return fmt.Sprintf(`\u%04x`, r)
	}
	return string(r) // utf8.RuneError for an invalid byte: JSON writes \ufffd, whose letters are not a secret's
}
