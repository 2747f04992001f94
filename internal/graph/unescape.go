package graph

import (
	"encoding/json"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
)

// unescapeAll undoes, a few times over, the escapes a credential can hide
// behind in an answer's text: JSON string escapes (\u0022, \"), URL
// percent-encoding and HTML entities. Malformed escapes are left as they
// are. The result is for finding credentials and for showing an excerpt,
// never for decoding.
func unescapeAll(s string) string {
	for range 3 {
		next := html.UnescapeString(percentDecode(jsonUnescape(s)))
		if next == s {
			break
		}
		s = next
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// jsonUnescape replaces the escapes of JSON strings wherever they stand.
func jsonUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch c := s[i+1]; c {
		case '"', '\\', '/', '\'':
			b.WriteByte(c)
			i++
		case 'n', 'r', 't', 'b', 'f':
			b.WriteByte(' ')
			i++
		case 'u':
			if i+6 <= len(s) {
				if n, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
					r := rune(n) //nolint:gosec // G115: four hex digits, at most 0xFFFF
					if !utf8.ValidRune(r) {
						r = utf8.RuneError
					}
					b.WriteRune(r)
					i += 5
					continue
				}
			}
			b.WriteByte(s[i])
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// percentDecode replaces %XX escapes, leaving malformed ones.
func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// harvestSecrets returns the credentials an answer carries in named JSON
// members (a Page token in the token exchange's answer, say), so that they
// are known secrets before any text of the answer is shown. It reads what
// it can of a broken or cut-off answer too.
func harvestSecrets(body []byte) []string {
	if len(body) == 0 {
		return nil
	}
	var found []string
	var walk func(v any)
	walk = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			for k, x := range t {
				if str, ok := x.(string); ok && isSecretName(k) && len(str) >= 8 {
					found = append(found, str)
				}
				walk(x)
			}
		case []any:
			for _, x := range t {
				walk(x)
			}
		}
	}
	var v any
	if json.Unmarshal(body, &v) == nil {
		walk(v)
		return found
	}
	// Not valid JSON (cut off, trailing bytes): take the values after a
	// credential's name from the unescaped text.
	for _, m := range harvestPattern.FindAllStringSubmatch(unescapeAll(string(body[:min(len(body), 1<<20)])), -1) {
		if len(m[1]) >= 8 {
			found = append(found, m[1])
		}
	}
	return found
}

func isSecretName(k string) bool {
	k = strings.ToLower(k)
	return strings.HasSuffix(k, "token") || strings.HasSuffix(k, "secret") || strings.HasSuffix(k, "proof")
}
