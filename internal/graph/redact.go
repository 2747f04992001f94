package graph

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

const redacted = "[REDACTED]"

// secretParams are query parameters that carry credentials. Meta's paging
// links embed access_token, and a proof is derived from a token, so neither
// may leave the client in a log line or an error.
var secretParams = []string{"access_token", "appsecret_proof", "client_secret", "input_token"}

// secretPattern finds credentials in text from outside the client, without
// knowing their values: a value after a credential's name (as a query
// parameter, a JSON member or an Authorization header) and values shaped
// like Meta's credentials wherever they stand. It works on plain text;
// scrub first undoes the escapes (JSON, URL, HTML) that could hide one.
//
//   - `access_token=…`, `appsecret_proof=…`, and any name ending in token,
//     secret or proof, with `=` or as a JSON member `"name": "…"`;
//   - `Bearer …` and `OAuth …` (the forms of the Authorization header);
//   - `EAA…`: Facebook access tokens (user, Page, system user) start so
//     (https://developers.facebook.com/docs/facebook-login/guides/access-tokens);
//   - `{app-id}|{secret}`: app access tokens;
//   - 64 hexadecimal digits: appsecret_proof is a SHA-256 in hex
//     (https://developers.facebook.com/docs/graph-api/securing-requests).
var secretPattern = regexp.MustCompile(`(?i)` +
	`([a-z_]*(?:token|secret|proof)(?:\s*=\s*|["']\s*:\s*["']?))[^&\s"',;}<>]+` +
	`|((?:Bearer|OAuth)\s+)[A-Za-z0-9._~+/|=\-]+` +
	`|()\bEAA[A-Za-z0-9]{10,}` +
	`|()\b[0-9]{5,}\|[A-Za-z0-9_\-]{16,}` +
	`|()\b[0-9a-f]{64}\b`)

// harvestPattern finds the value of a credential's JSON member in text
// that is not valid JSON.
var harvestPattern = regexp.MustCompile(`(?i)"[a-z_]*(?:token|secret|proof)"\s*:\s*"([^"\s]+)`)

// redactText removes anything that looks like a credential from s.
func redactText(s string) string {
	return secretPattern.ReplaceAllString(s, "${1}${2}"+redacted)
}

// stripSecrets returns u without credential query parameters.
func stripSecrets(u *url.URL) *url.URL {
	c := *u
	q := c.Query()
	for _, p := range secretParams {
		q.Del(p)
	}
	c.RawQuery = q.Encode()
	return &c
}

// secrets is the set of credential values this client has seen: configured
// tokens, exchanged Page tokens, the app secret and the proofs derived from
// them. Messages from Meta can echo a token ("Malformed access token EAAG..."),
// so every text the client returns or logs is scrubbed of these values too,
// and of every fragment of them (secret_fragments.go).
type secrets struct {
	mu  sync.Mutex // serialises add
	idx atomic.Pointer[secretIndex]
}

func (s *secrets) add(vs ...string) {
	if s.known(vs) {
		return // the common case: a request's proof, added on every call
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	idx := s.idx.Load()
	for _, v := range vs {
		if len(v) >= 4 && (idx == nil || !slices.Contains(idx.values, v)) {
			idx = idx.with(v)
		}
	}
	s.idx.Store(idx)
}

// known reports whether every value of vs is known or too short to keep.
func (s *secrets) known(vs []string) bool {
	idx := s.idx.Load()
	for _, v := range vs {
		if len(v) >= 4 && (idx == nil || !slices.Contains(idx.values, v)) {
			return false
		}
	}
	return true
}

func (s *secrets) list() []string {
	idx := s.idx.Load()
	if idx == nil {
		return nil
	}
	return slices.Clone(idx.values)
}

// scrub makes text from outside (Meta's answers, headers, links, transport
// errors) safe to show: no secret, and valid UTF-8, since Terraform cannot
// carry a diagnostic that is not. A text whose escapes (\u0022, \", %22,
// &quot;, …) hide a credential is shown unescaped, so that the credential
// is found and replaced; other texts keep their form.
func (s *secrets) scrub(text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	clean := s.redact(text)
	plain := unescapeAll(text)
	if plain == text {
		return clean
	}
	if plainClean := s.redact(plain); plainClean != plain {
		return plainClean
	}
	return clean
}

// escapeTail is the most characters an escape adds before the text that
// follows it: Go's %q writes a non-printable rune as \U0010ffff ("U" and 8
// hex digits), JSON as \u0003. A text that holds a secret without its first
// few characters, right after such a rune, shows the whole secret once
// quoted: "\x03" followed by "34125…" reads "\x0334125…". Redacting every
// fragment of fragmentLen bytes covers it for each secret longer than
// escapeTail+fragmentLen.
const escapeTail = 9

// minSecretTail is the shortest tail of a secret that marks an echo of it.
const minSecretTail = fragmentLen

func (s *secrets) redact(text string) string {
	return s.idx.Load().redactFragments(redactText(text))
}
