package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/sync/singleflight"
)

// Defaults for Config fields left empty.
const (
	DefaultAPIVersion   = "v25.0" // the newest of APIVersions
	DefaultBaseURL      = "https://graph.facebook.com"
	DefaultMaxRetries   = 5
	defaultRetryWaitMin = 1 * time.Second
	defaultRetryWaitMax = 30 * time.Second
	maxBodyBytes        = 16 << 20
)

var apiVersionPattern = regexp.MustCompile(`^v[0-9]+\.[0-9]+$`)

// Config is everything a Client needs. Only AccessToken is required.
type Config struct {
	AccessToken string
	// AccessTokenOrigin names where AccessToken was configured (such as
	// "access_token" or an environment variable), for error messages that
	// must say which token was used without showing it.
	AccessTokenOrigin string
	AppSecret         string            // when set, every request carries appsecret_proof
	APIVersion        string            // e.g. "v25.0"
	BaseURL           string            // scheme and host; http only for loopback hosts
	PageAccessTokens  map[string]string // page id -> Page token, skipping the exchange
	MaxRetries        int               // retries after the first attempt; negative means none
	UserAgent         string
	Logger            Logger
	Transport         http.RoundTripper // defaults to a pooled clone of the default transport

	// RetryWaitMin and RetryWaitMax bound the exponential backoff between
	// attempts (defaults 1s and 30s); tests shorten them.
	RetryWaitMin, RetryWaitMax time.Duration
	// RegainUnit is the unit of Meta's estimated_time_to_regain_access,
	// minutes in production; tests shorten it.
	RegainUnit time.Duration
	// UsageHighWater is the percentage of the app's or a Page's rate limit,
	// as Meta's usage headers report it, from which calls in that scope are
	// paced (see pacer). 0 means DefaultUsageHighWater; above 100 turns
	// pacing off.
	UsageHighWater int
	// DisableListingCache makes every agencies and assigned_users read list
	// the Page afresh, as a provider without the per-run listing would. It
	// exists so the benchmark can measure that naive behaviour; nothing
	// else sets it.
	DisableListingCache bool
}

// Client calls the Graph API. It is safe for concurrent use and meant to be
// shared by every resource and data source of one provider instance.
type Client struct {
	cfg     Config
	base    *url.URL
	http    *retryablehttp.Client
	log     Logger
	secrets secrets

	pageTokensMu sync.Mutex
	pageTokens   map[string]cachedPageToken
	exchanges    singleflight.Group

	agencies       *listings[Agency]
	assignedUsers  *listings[AssignedUser]
	subscribedApps *listings[SubscribedApp]
	tokenApps      *listings[App]
	// agencyWrites lets creates made side by side share a read-back listing.
	agencyWrites *agencyWrites
	pace         *pacer
	versions     servedVersion
}

// ValidateBaseURL checks that u is an absolute http(s) URL without path and
// that plain http is only used towards a loopback host, so tokens never
// travel in clear text over a network.
func ValidateBaseURL(u string) (*url.URL, error) {
	parsed, err := url.Parse(u)
	if err != nil || parsed.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute URL such as %s", u, DefaultBaseURL)
	}
	if parsed.Path != "" && parsed.Path != "/" || parsed.RawQuery != "" || parsed.User != nil {
		return nil, fmt.Errorf("%q must be a scheme and host only, without path, query or user info", u)
	}
	switch parsed.Scheme {
	case "https":
	case "http":
		if !isLoopback(parsed.Hostname()) {
			return nil, fmt.Errorf("plain http is only allowed for loopback hosts (localhost, 127.0.0.0/8, ::1); use https for %q so the access token is not sent in clear text", parsed.Host)
		}
	default:
		return nil, fmt.Errorf("%q must use https (or http for a loopback host)", u)
	}
	parsed.Path = ""
	return parsed, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ValidateAPIVersion checks the "vMAJOR.MINOR" form Meta uses in paths.
//
// Meta API docs: https://developers.facebook.com/docs/apps/versions/
func ValidateAPIVersion(v string) error {
	if !apiVersionPattern.MatchString(v) {
		return fmt.Errorf("%q is not a Graph API version such as %s", v, DefaultAPIVersion)
	}
	return nil
}

// New returns a Client for cfg, filling in defaults.
func New(cfg Config) (*Client, error) {
	if cfg.AccessToken == "" {
		return nil, errors.New("an access token is required")
	}
	if cfg.APIVersion == "" {
		cfg.APIVersion = DefaultAPIVersion
	}
	if err := ValidateAPIVersion(cfg.APIVersion); err != nil {
		return nil, err
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := ValidateBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = defaultRetryWaitMin
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = defaultRetryWaitMax
	}
	if cfg.RegainUnit <= 0 {
		cfg.RegainUnit = time.Minute
	}
	if cfg.UsageHighWater <= 0 {
		cfg.UsageHighWater = DefaultUsageHighWater
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "terraform-provider-facebook/dev"
	}
	if cfg.Logger == nil {
		cfg.Logger = nopLogger{}
	}
	if cfg.Transport == nil {
		cfg.Transport = cleanhttp.DefaultPooledTransport()
	}

	c := &Client{cfg: cfg, base: base, pageTokens: map[string]cachedPageToken{}}
	c.log = scrubbingLogger{inner: cfg.Logger, secrets: &c.secrets}
	c.agencies = c.newAgencyListings()
	c.assignedUsers = c.newAssignedUserListings()
	c.subscribedApps = c.newSubscribedAppListings()
	c.tokenApps = c.newTokenApps()
	c.agencyWrites = newAgencyWrites()
	c.pace = newPacer(cfg.UsageHighWater, cfg.RetryWaitMin, cfg.RetryWaitMax, c.log)
	c.secrets.add(cfg.AccessToken, cfg.AppSecret)
	for _, t := range cfg.PageAccessTokens {
		c.secrets.add(t)
	}
	if cfg.AppSecret != "" {
		// Known before any call, so that even a text from before the
		// first request is scrubbed of them.
		c.secrets.add(AppSecretProof(cfg.AppSecret, cfg.AccessToken))
		for _, t := range cfg.PageAccessTokens {
			c.secrets.add(AppSecretProof(cfg.AppSecret, t))
		}
	}

	rc := retryablehttp.NewClient()
	rc.HTTPClient = &http.Client{Transport: cfg.Transport}
	rc.Logger = nil // the hooks below log through Logger, without URLs
	rc.RetryMax = cfg.MaxRetries
	rc.RetryWaitMin = cfg.RetryWaitMin
	rc.RetryWaitMax = cfg.RetryWaitMax
	rc.CheckRetry = c.checkRetry
	rc.Backoff = c.backoff
	// The default error handler builds messages with the request URL, which
	// carries appsecret_proof; the client builds its own errors instead.
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	rc.RequestLogHook = c.logAttempt
	c.http = rc
	return c, nil
}

// Secrets returns every credential value the client knows of, for callers
// that mask them in their own logs.
func (c *Client) Secrets() []string { return c.secrets.list() }

// APIVersion is the Graph API version the client calls.
func (c *Client) APIVersion() string { return c.cfg.APIVersion }

// call describes one Graph API request before credentials are attached.
type call struct {
	method string
	path   string     // "/{id}/edge", without version
	query  url.Values // sent in the query string
	form   url.Values // sent as a form-encoded body (POST)
	token  string
	// safeToRepeat marks calls that may be sent again after a network error
	// even though the request may have reached Meta. Throttling answers are
	// retried regardless: they mean the call was refused.
	safeToRepeat bool
}

func (c *Client) endpoint(path string) string {
	return "/" + c.cfg.APIVersion + path
}

// do sends cl and decodes a successful JSON answer into out.
func (c *Client) do(ctx context.Context, cl call, out any) error {
	u := *c.base
	u.Path = c.endpoint(cl.path)
	return c.doURL(ctx, cl, &u, out)
}

// doURL sends cl to u (a base-relative URL or a paging link) and decodes the
// answer. Credentials are added here and only here.
func (c *Client) doURL(ctx context.Context, cl call, u *url.URL, out any) error {
	endpoint := u.Path
	q := stripSecrets(u).Query()
	for k, vs := range cl.query {
		q[k] = vs
	}
	if c.cfg.AppSecret != "" {
		proof := AppSecretProof(c.cfg.AppSecret, cl.token)
		c.secrets.add(proof)
		q.Set("appsecret_proof", proof)
	}
	target := *u
	target.RawQuery = q.Encode()

	var body io.Reader
	if cl.form != nil {
		body = strings.NewReader(cl.form.Encode())
	}
	state := &attemptState{call: cl}
	ctx = context.WithValue(ctx, attemptKey{}, state)
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { state.setWrote() },
	})
	req, err := retryablehttp.NewRequestWithContext(ctx, cl.method, target.String(), body)
	if err != nil {
		return fmt.Errorf("%s %s: building request: %s", cl.method, endpoint, c.secrets.scrub(err.Error()))
	}
	req.Header.Set("Authorization", "Bearer "+cl.token)
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "application/json")
	if cl.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}

	page := pageOf(cl.path)
	if err := c.pace.wait(ctx, page); err != nil {
		return fmt.Errorf("%s %s: %w", cl.method, endpoint, err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if throttle := state.throttleWait(); throttle != nil {
			return throttle
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			if state.maybeDelivered() {
				// Time ran out (or the run was cancelled) while Meta had the
				// request: whether it was carried out is unknown.
				return &TransportError{Method: cl.method, Endpoint: endpoint, Delivered: true, Err: ctxErr}
			}
			return fmt.Errorf("%s %s: %w", cl.method, endpoint, ctxErr)
		}
		return &TransportError{Method: cl.method, Endpoint: endpoint, Delivered: state.maybeDelivered(), Err: scrubbedError{c.secrets.scrub(err.Error()), err}}
	}
	defer func() { _ = resp.Body.Close() }() // the body is read in full below; a close error changes nothing
	c.pace.observe(page, parseUsage(resp.Header))
	c.versions.observe(c.cfg.APIVersion, resp.Header)
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes))
	if err != nil {
		return &TransportError{Method: cl.method, Endpoint: endpoint, Delivered: true, Err: scrubbedError{c.secrets.scrub(err.Error()), err}}
	}
	trace := resp.Header.Get("x-fb-trace-id")
	if cutOff := state.bodyCutOff(); cutOff != nil {
		// The retry policy read the body first; what it kept is a fragment,
		// and saying so beats reporting it as malformed JSON.
		return c.responseError(cl.method, endpoint, resp.StatusCode, trace,
			"the connection closed before the whole answer arrived ("+c.secrets.scrub(cutOff.Error())+")", raw)
	}
	ge := c.decodeError(cl.method, endpoint, resp.StatusCode, trace, raw)
	fields := map[string]any{"method": cl.method, "path": endpoint, "status": resp.StatusCode, "attempts": state.attempts(), "fbtrace_id": trace}
	if ge != nil {
		fields["fbtrace_id"], fields["code"], fields["subcode"] = ge.FBTraceID, ge.Code, ge.Subcode
	}
	c.log.Debug(ctx, "graph api response", fields)
	if ge != nil {
		return ge
	}
	if resp.StatusCode >= 300 {
		return c.responseError(cl.method, endpoint, resp.StatusCode, trace, "unexpected status without a Graph error body", raw)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return c.responseError(cl.method, endpoint, resp.StatusCode, trace, "the answer is not valid JSON ("+err.Error()+")", raw)
	}
	return nil
}

func (c *Client) decodeError(method, endpoint string, status int, trace string, raw []byte) *Error {
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

func (c *Client) responseError(method, endpoint string, status int, trace, problem string, raw []byte) *ResponseError {
	// Scrub before cutting: a token straddling the cut would otherwise
	// survive in part.
	excerpt := c.secrets.scrub(strings.Join(strings.Fields(string(raw)), " "))
	if len(excerpt) > 200 {
		excerpt = excerpt[:200] + "…"
	}
	return &ResponseError{Method: method, Endpoint: endpoint, HTTPStatus: status, FBTraceID: c.secrets.scrub(trace),
		Problem: problem, Excerpt: excerpt}
}

// scrubbedError keeps the chain of a transport error (so errors.Is works for
// timeouts and cancellations) while printing a redacted message.
type scrubbedError struct {
	msg string
	err error
}

func (e scrubbedError) Error() string { return e.msg }
func (e scrubbedError) Unwrap() error { return e.err }

func (c *Client) logAttempt(_ retryablehttp.Logger, req *http.Request, attempt int) {
	if state, ok := req.Context().Value(attemptKey{}).(*attemptState); ok {
		state.startAttempt()
	}
	fields := map[string]any{"method": req.Method, "path": req.URL.Path, "attempt": attempt + 1}
	if attempt == 0 {
		c.log.Debug(req.Context(), "graph api request", fields)
	} else {
		c.log.Warn(req.Context(), "retrying graph api request", fields)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
