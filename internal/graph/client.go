package graph

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"golang.org/x/sync/singleflight"
)

// Defaults for Config fields left empty.
const (
	DefaultAPIVersion   = "v26.0" // see APIVersions for why this one
	DefaultBaseURL      = "https://graph.facebook.com"
	DefaultMaxRetries   = 5
	defaultRetryWaitMin = 1 * time.Second
	defaultRetryWaitMax = 30 * time.Second
	// DefaultAttemptTimeout bounds one attempt of a call that is safe to
	// repeat, from sending the request to the last byte of the answer.
	DefaultAttemptTimeout = 60 * time.Second
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
	APIVersion        string            // e.g. "v26.0"
	BaseURL           string            // scheme and host; http only for loopback hosts
	PageAccessTokens  map[string]string // page id -> Page token, skipping the exchange
	MaxRetries        int               // retries after the first attempt; negative means none
	// AttemptTimeout bounds each attempt of a call that is safe to repeat
	// (DefaultAttemptTimeout when 0, none when negative): a server that
	// stalls or drips its answer costs one attempt, which is then retried,
	// instead of the whole operation's time.
	AttemptTimeout time.Duration
	UserAgent      string
	Logger         Logger
	Transport      http.RoundTripper // defaults to a pooled clone of the default transport

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
	// naiveListing makes every grant read list the Page afresh, as a
	// provider without the per-run listing would. Only the benchmark sets
	// it, through DisableListingCache, which exists in bench builds only.
	naiveListing bool
}

// Client calls the Graph API. It is safe for concurrent use and meant to be
// shared by every resource and data source of one provider instance.
type Client struct {
	cfg       Config
	base      *url.URL
	transport http.RoundTripper
	log       Logger
	secrets   secrets

	pageTokensMu sync.Mutex
	pageTokens   map[string]cachedPageToken
	exchanges    singleflight.Group
	// accounts is the run's one listing of /me/accounts, the Pages the
	// configured token can act on and their tokens (accounts.go).
	accounts accountListing
	// exchangeMissed, set only by tests, runs when a caller of
	// PageTokenWithSource found no cached token, before it joins the
	// exchange.
	exchangeMissed func()

	// owner is whom the configured token belongs to, once an error has
	// needed asking (see tokenOwner); ownerFlight shares that one lookup.
	ownerMu     sync.Mutex
	owner       *cachedOwner
	ownerFlight singleflight.Group

	agencies       *listings[Agency]
	assignedUsers  *listings[AssignedUser]
	subscribedApps *listings[SubscribedApp]
	tokenApps      *listings[App]
	pageOwners     *listings[BusinessNode]
	// creates are the grants this client's creates have claimed.
	creates  createClaims
	pace     *pacer
	versions servedVersion
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
	if cfg.AttemptTimeout == 0 {
		cfg.AttemptTimeout = DefaultAttemptTimeout
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

	c := &Client{cfg: cfg, base: base, transport: cfg.Transport, pageTokens: map[string]cachedPageToken{}}
	c.log = scrubbingLogger{inner: cfg.Logger, secrets: &c.secrets}
	c.agencies = c.newAgencyListings()
	c.assignedUsers = c.newAssignedUserListings()
	c.subscribedApps = c.newSubscribedAppListings()
	c.tokenApps = c.newTokenApps()
	c.pageOwners = c.newPageOwners()
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

	return c, nil
}

// Secrets returns every credential value the client knows of, for callers
// that mask them in their own logs.
func (c *Client) Secrets() []string { return c.secrets.list() }

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
	// seen, when set, receives what the transport learnt about the call
	// beyond its result.
	seen *outcome
	// clock, on a listing call, is told as each page is requested, and
	// stamps the entries kept (listGrants).
	clock *pageClock
	// keepsToken marks a Page token exchange or listing, whose answer's
	// access_token is a credential Meta hands over, not an echo of one
	// (echoedSecret), and says where.
	keepsToken tokenPlace
	// spacing, when set, starts the call (each page of a listing) at least
	// this long after the last one so marked on the same Page (pacer.space).
	spacing time.Duration
}

func (c *Client) endpoint(path string) string {
	return "/" + c.cfg.APIVersion + path
}

// scrubbedError keeps the chain of a transport error (so errors.Is works for
// timeouts and cancellations) while printing a redacted message.
type scrubbedError struct {
	msg string
	err error
}

func (e scrubbedError) Error() string { return e.msg }
func (e scrubbedError) Unwrap() error { return e.err }
