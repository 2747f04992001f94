package graph

import (
	"net/url"
	"regexp"
	"strings"
	"sync"
)

const redacted = "[REDACTED]"

// secretParams are query parameters that carry credentials. Meta's paging
// links embed access_token, and a proof is derived from a token, so neither
// may leave the client in a log line or an error.
var secretParams = []string{"access_token", "appsecret_proof", "client_secret", "input_token"}

var secretPattern = regexp.MustCompile(`(?i)((?:access_token|appsecret_proof|client_secret|input_token)=)[^&\s"']+|(Bearer\s+)[A-Za-z0-9._\-]+`)

// redactText removes anything that looks like a credential in a URL or an
// Authorization header from s.
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
// so every text the client returns or logs is scrubbed of these values too.
type secrets struct {
	mu     sync.RWMutex
	values []string
}

func (s *secrets) add(vs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range vs {
		if len(v) >= 4 && !contains(s.values, v) {
			s.values = append(s.values, v)
		}
	}
}

func (s *secrets) list() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]string(nil), s.values...)
}

// scrub makes text from outside (Meta's answers, headers, links, transport
// errors) safe to show: no secret, and valid UTF-8, since Terraform cannot
// carry a diagnostic that is not.
func (s *secrets) scrub(text string) string {
	text = strings.ToValidUTF8(redactText(text), "\uFFFD")
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, v := range s.values {
		text = strings.ReplaceAll(text, v, redacted)
	}
	return text
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
