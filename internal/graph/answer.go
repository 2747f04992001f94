package graph

import (
	"bytes"
	"io"
	"net/http"
	"strings"
)

// maxBodyBytes bounds one answer: no Graph answer the provider asks for
// comes near it, and reading stops there rather than holding whatever a
// broken or hostile server sends.
const maxBodyBytes = 16 << 20

// answer is one attempt's response, read in full (or up to where it broke)
// and decoded once: the retry decision and the call's result both use it.
type answer struct {
	status   int
	header   http.Header
	body     []byte
	cutOff   error  // reading the body failed part-way: body is a fragment
	tooLarge bool   // the body reached maxBodyBytes: body is its first part
	graphErr *Error // Meta's error envelope, scrubbed; nil when the body carries none
}

// readAnswer reads resp's body and decodes Meta's error envelope, if any.
// Before any text of the answer can reach an error or a log line, every
// credential the body carries in a named field (a Page token in the
// exchange's answer, even a broken one) becomes a known secret.
func (c *Client) readAnswer(method, endpoint string, resp *http.Response) *answer {
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
	_ = resp.Body.Close() // read in full or given up on; a close error changes nothing
	resp.Body = http.NoBody
	a := &answer{status: resp.StatusCode, header: resp.Header, body: raw, cutOff: err}
	if len(raw) > maxBodyBytes {
		a.body, a.tooLarge = raw[:maxBodyBytes], true
	}
	if mayCarrySecret(a.body) {
		c.secrets.add(harvestSecrets(a.body)...)
	}
	for _, name := range quotedHeaders {
		if v := resp.Header.Get(name); v != "" {
			resp.Header.Set(name, c.secrets.scrub(v))
		}
	}
	if a.cutOff == nil && !a.tooLarge {
		a.graphErr = c.decodeError(method, endpoint, a.status, resp.Header.Get("x-fb-trace-id"), a.body)
		if a.graphErr != nil {
			a.graphErr.withResult = carriesResult(a.body)
		}
	}
	return a
}

// quotedHeaders are the answer headers whose values the client shows: the
// trace id in errors and log lines, the version that served the call in
// the version warning (versions.go), a redirect's host in its error. They
// are text from outside like the body, so they are scrubbed as they
// arrive, once the body's own credentials are known.
var quotedHeaders = []string{"X-Fb-Trace-Id", headerAPIVersion, "Location"}

// mayCarryError is a cheap test that spares the envelope decode for answers
// that cannot hold one, such as most listing pages. The decoder matches
// keys case-insensitively and reads escapes, so any casing of "error" and
// any \u escape count.
func mayCarryError(body []byte) bool {
	return bytes.Contains(body, []byte(`\u`)) || containsFold(body, "error")
}

// mayCarrySecret is the same test for members named like credentials.
func mayCarrySecret(body []byte) bool {
	return bytes.Contains(body, []byte(`\u`)) || bytes.Contains(body, []byte("%")) || bytes.Contains(body, []byte("&")) ||
		containsFold(body, "token") || containsFold(body, "secret") || containsFold(body, "proof")
}

// containsFold reports whether body contains word, in any casing; word is
// lower case ASCII.
func containsFold(body []byte, word string) bool {
	first := string([]byte{word[0], word[0] - 'a' + 'A'})
	for i := 0; i+len(word) <= len(body); {
		j := bytes.IndexAny(body[i:], first)
		if j < 0 || i+j+len(word) > len(body) {
			return false
		}
		i += j
		if bytes.EqualFold(body[i:i+len(word)], []byte(word)) {
			return true
		}
		i++
	}
	return false
}

func (c *Client) decodeError(method, endpoint string, status int, trace string, raw []byte) *Error {
	if !mayCarryError(raw) {
		return nil
	}
	ge := decodeError(method, endpoint, status, trace, raw)
	if ge != nil {
		// Every text that Error() prints comes from Meta and is scrubbed,
		// not only the messages: a fuzzed envelope showed a token in type.
		for _, field := range []*string{&ge.Message, &ge.UserTitle, &ge.UserMsg, &ge.Type, &ge.FBTraceID} {
			*field = c.secrets.scrub(*field)
		}
	}
	return ge
}

func (c *Client) responseError(method, endpoint string, ans *answer, problem string) *ResponseError {
	// Scrub before cutting: a token straddling the cut would otherwise
	// survive in part.
	excerpt := c.secrets.scrub(strings.Join(strings.Fields(string(ans.body)), " "))
	if len(excerpt) > 200 {
		excerpt = strings.ToValidUTF8(excerpt[:200], "") + "…"
	}
	return &ResponseError{Method: method, Endpoint: endpoint, HTTPStatus: ans.status,
		FBTraceID: c.secrets.scrub(ans.header.Get("x-fb-trace-id")), Problem: problem, Excerpt: excerpt}
}
