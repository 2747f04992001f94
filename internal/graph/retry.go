package graph

import (
	"context"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// decision is what decide makes of one attempt.
type decision struct {
	retry bool
	wait  time.Duration // before the next attempt
	// waitFromMeta: the wait is Meta's estimated_time_to_regain_access.
	waitFromMeta bool
	// pastDeadline: the attempt was worth retrying, but the wait would end
	// after the context's deadline, so the call stops now and reports it
	// instead of sleeping into "context deadline exceeded".
	pastDeadline bool
	reason       string // for the log line
}

// decide is the client's retry policy, all of it:
//   - nothing is retried once the context has ended, or the retries are used up;
//   - throttling (codes 4, 17, 32, 341, 613, 80001, 80006, with HTTP 400)
//     and HTTP 429 are retried for calls that are safe to repeat, and for
//     the others only when the answer proves the call was refused
//     (attempt.refused): a message answered HTTP 200 with a message_id and
//     a throttling code went out, and must not go out again;
//   - a request that never left (connection refused) is always retried;
//   - network errors, cut-off answers, HTTP 5xx and is_transient errors are
//     retried only for calls that are safe to repeat, since the request may
//     have been carried out;
//   - redirects, answers over the size limit and everything else are final.
//
// The wait is Meta's estimated_time_to_regain_access when the answer names
// one, else an exponential backoff. A wait that would end past the
// context's deadline is not started: see decision.pastDeadline.
func (c *Client) decide(ctx context.Context, cl call, a *attempt) decision {
	if ctx.Err() != nil || a.number > c.cfg.MaxRetries {
		return decision{}
	}
	retry, reason := false, ""
	var header http.Header
	switch ans := a.answer; {
	case a.err != nil:
		// go-retryablehttp knows the errors no retry can fix (bad
		// certificates, unsupported schemes).
		fixable, _ := retryablehttp.DefaultRetryPolicy(context.Background(), nil, a.err) //nolint:contextcheck // classifies the error only; the call's context was checked above
		retry, reason = fixable && (cl.safeToRepeat || !a.written), "no answer"
	case ans.cutOff != nil:
		retry, reason = cl.safeToRepeat, "answer cut off"
	case ans.tooLarge:
	case ans.graphErr != nil && ans.graphErr.Throttled():
		retry, reason = cl.safeToRepeat || a.refused(), "throttled"
	case ans.graphErr != nil:
		retry, reason = ans.graphErr.Temporary() && cl.safeToRepeat, "transient error"
	case ans.status == http.StatusTooManyRequests:
		retry, reason = cl.safeToRepeat || a.refused(), "HTTP 429"
	case ans.status >= 500:
		retry, reason = cl.safeToRepeat, "server error"
	}
	if !retry {
		return decision{}
	}
	if a.answer != nil {
		header = a.answer.header
	}
	d := decision{retry: true, reason: reason, wait: c.backoff(a.number - 1)}
	if regain := regainAccess(header, c.cfg.RegainUnit); regain > 0 {
		d.wait, d.waitFromMeta = regain, true
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= d.wait {
		d.retry, d.pastDeadline = false, true
	}
	return d
}

// backoff is the wait after the given number of retries: an exponential
// delay with jitter between half and all of RetryWaitMin·2^retries, capped
// at RetryWaitMax.
func (c *Client) backoff(retries int) time.Duration {
	d := c.cfg.RetryWaitMin
	for i := 0; i < retries && d < c.cfg.RetryWaitMax; i++ {
		d *= 2
	}
	d = min(d, c.cfg.RetryWaitMax)
	half := d / 2
	return half + rand.N(half+1) //nolint:gosec // jitter needs no cryptographic randomness
}
