package graphtest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxBody bounds request bodies; Graph requests are small.
const maxBody = 10 << 20

// incoming is a parsed request: where its parameters and credentials came
// from, decided once so that handlers, faults and the log agree.
type incoming struct {
	r       *http.Request
	method  string
	route   route
	arrived time.Time

	// params: query, then form or JSON body on top, access_token and
	// appsecret_proof removed. assumption: a body value wins over a query
	// value of the same name.
	params url.Values
	// query: the query string alone, credentials removed; paging URLs are
	// built from it.
	query url.Values

	token         string
	tokenSource   string // "header", "query", "form", "json" or ""
	tokenConflict bool   // two different tokens in one request
	proof         string
	hasProof      bool

	bodyErr *GraphError // the body could not be parsed

	ident *identity // set once authenticated
}

// parseIncoming reads everything the emulator needs from r, including the
// whole body (so that a later hijack does not race an unread body).
func parseIncoming(r *http.Request) *incoming {
	in := &incoming{r: r, method: strings.ToUpper(r.Method), route: parseRoute(r.URL.Path), arrived: time.Now()}
	query, _ := url.ParseQuery(r.URL.RawQuery) // assumption: malformed pairs are dropped, as Go and PHP do
	body, source, bodyErr := parseBody(r)
	in.bodyErr = bodyErr

	// Credentials, in the order the log reports them: a token in the URL is
	// the one tests care about most, so "query" wins the TokenSource label.
	var tokens []string
	note := func(tok, src string) {
		if tok == "" {
			return
		}
		if in.token == "" {
			in.token, in.tokenSource = tok, src
		}
		tokens = append(tokens, tok)
	}
	note(query.Get("access_token"), "query")
	note(body.Get("access_token"), source)
	note(bearerToken(r.Header.Get("Authorization")), "header")
	for _, t := range tokens {
		if t != in.token {
			in.tokenConflict = true
		}
	}
	for _, p := range []string{query.Get("appsecret_proof"), body.Get("appsecret_proof")} {
		if p != "" {
			in.proof, in.hasProof = p, true
			break
		}
	}
	if !in.hasProof {
		_, inQuery := query["appsecret_proof"]
		_, inBody := body["appsecret_proof"]
		in.hasProof = inQuery || inBody
	}

	in.query = stripCredentials(query)
	merged := stripCredentials(query)
	for k, v := range stripCredentials(body) {
		merged[k] = v
	}
	in.params = merged
	return in
}

// bearerToken extracts the token from "Bearer <t>" (or Meta's older
// "OAuth <t>") Authorization headers.
func bearerToken(h string) string {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok {
		return ""
	}
	switch strings.ToLower(scheme) {
	case "bearer", "oauth":
		return strings.TrimSpace(tok)
	}
	return ""
}

func stripCredentials(v url.Values) url.Values {
	out := url.Values{}
	for k, vals := range v {
		if k == "access_token" || k == "appsecret_proof" {
			continue
		}
		out[k] = append([]string(nil), vals...)
	}
	return out
}

// parseBody decodes form, multipart and JSON bodies. It returns the body's
// params flattened to strings (objects and arrays as compact JSON, which is
// how a form body carries them; handlers decode them again) and the source
// label for TokenSource.
func parseBody(r *http.Request) (url.Values, string, *GraphError) {
	empty := url.Values{}
	if r.Body == nil || r.Body == http.NoBody {
		return empty, "", nil
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return empty, "", errParam("Could not read the request body")
	}
	if len(raw) > maxBody {
		return empty, "", errParam("Request body too large")
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return empty, "", nil
	}
	mediaType, mparams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mediaType {
	case "application/x-www-form-urlencoded":
		v, err := url.ParseQuery(string(raw))
		if err != nil {
			return empty, "form", errParam("Could not parse the form-encoded request body")
		}
		return v, "form", nil
	case "multipart/form-data":
		form, err := multipart.NewReader(bytes.NewReader(raw), mparams["boundary"]).ReadForm(maxBody)
		if err != nil {
			return empty, "form", errParam("Could not parse the multipart request body")
		}
		defer func() { _ = form.RemoveAll() }()
		return url.Values(form.Value), "form", nil
	case "application/json":
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil || obj == nil || dec.More() {
			// assumption: Meta rejects a JSON body that is not one object with code 100.
			return empty, "json", errParam("The request body is not a valid JSON object")
		}
		v := url.Values{}
		for k, val := range obj {
			v.Set(k, flattenJSON(val))
		}
		return v, "json", nil
	}
	// assumption: a body of any other type carries no parameters, as with
	// Meta, which reads only form, multipart and JSON bodies.
	return empty, "", nil
}

// flattenJSON renders a decoded JSON value as the string a form body would
// carry: strings as is, numbers and booleans as literals, objects and arrays
// as compact JSON.
func flattenJSON(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	default:
		return compactJSON(t)
	}
}

// compactJSON marshals without HTML escaping, so text keeps its characters.
func compactJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// decodeJSONParam decodes a parameter that carries JSON (an object or array
// in a form body, or the re-encoded JSON body value). Numbers stay
// json.Number so that long IDs survive.
func decodeJSONParam(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, io.ErrUnexpectedEOF
	}
	return v, nil
}
