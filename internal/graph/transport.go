package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// The transport core, in the order a call goes through it:
//
//  1. doURL builds the request and hands it to go-retryablehttp, with an
//     exchange that follows this one call through its attempts;
//  2. attemptTransport sends each attempt, records whether any of the
//     request was written, and bounds the attempt for calls safe to repeat;
//  3. exchange.check reads and decodes the attempt's answer, once, and asks
//     decide (retry.go) whether and after what wait to try again;
//  4. doURL turns the last attempt into the call's result.
//
// Redirects are never followed: a 3xx is an answer like any other, and an
// error. Following one would send the Authorization header to wherever the
// Location points.

// exchange is one logical call on its way through its attempts. It is the
// one place that knows what each attempt wrote and what came back, so that
// the retry decision and the final error see the same facts.
type exchange struct {
	c        *Client
	call     call
	endpoint string

	mu      sync.Mutex
	current *attempt
	// lostBefore: an earlier attempt of this call was written and got no
	// complete answer, so Meta may have carried it out.
	lostBefore bool
	// mayHaveWritten: some attempt (the last one included) was written and
	// got no answer that says Meta refused it.
	mayHaveWritten bool
	// next is the decision taken on the last attempt.
	next decision
}

// attempt is one try of a call.
type attempt struct {
	number  int // from 1
	written bool
	err     error   // the request got no answer (connection failure, timeout)
	answer  *answer // else what came back
	// timedOut: the per-attempt time limit cut this attempt off.
	timedOut bool
}

// maybeCarriedOut reports whether Meta may have carried out the attempt
// without the client learning its outcome.
func (a *attempt) maybeCarriedOut() bool {
	return a.written && (a.answer == nil || a.answer.cutOff != nil)
}

// refused reports whether the attempt's answer proves that Meta did not
// carry the call out: a complete answer that refuses it (see
// Error.provesRefusal), or an HTTP 429 that carries nothing else.
func (a *attempt) refused() bool {
	ans := a.answer
	switch {
	case ans == nil || ans.cutOff != nil || ans.tooLarge:
		return false
	case ans.graphErr != nil:
		return ans.graphErr.provesRefusal()
	}
	return ans.status == http.StatusTooManyRequests && !carriesResult(ans.body)
}

// provesRefusal reports whether Meta's error envelope proves the call was
// not carried out. Only a 4xx status says so, with a throttling code or an
// error that is not transient, and with nothing but the error in the
// answer. A 2xx or 5xx answer with an envelope proves nothing: Meta has
// answered HTTP 200 with a message_id and a throttling code, after
// delivering the message.
func (e *Error) provesRefusal() bool {
	return e.HTTPStatus >= 400 && e.HTTPStatus < 500 && !e.withResult && (e.Throttled() || !e.Temporary())
}

// carriesResult reports whether an answer is a JSON object with a member
// besides "error" (a message_id, success, an id): the result of a call
// carried out.
func carriesResult(body []byte) bool {
	var members map[string]json.RawMessage
	if json.Unmarshal(body, &members) != nil {
		return false
	}
	for name := range members {
		if !strings.EqualFold(name, "error") {
			return true
		}
	}
	return false
}

// outcome is what a caller may want to know about a call beyond its result.
type outcome struct {
	// LostBefore: an attempt before the last one may have been carried
	// out without its answer arriving.
	lostBefore bool
	// mayHaveWritten: some attempt, the last one included, reached Meta and
	// no answer to it said it was refused, so a call that failed may still
	// have been carried out.
	mayHaveWritten bool
	bodyBytes      int
}

func (ex *exchange) begin(number int) {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	ex.current = &attempt{number: number}
}

func (ex *exchange) wrote(a *attempt) {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	a.written = true
}

func (ex *exchange) last() *attempt {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	return ex.current
}

// attemptTransport sends one attempt of ex's call. It is the only place
// that learns whether the request was written, from the request's trace,
// and it gives attempts of calls that are safe to repeat their own time
// limit: a server dripping its answer then costs one attempt, not the
// whole operation's time.
type attemptTransport struct{ ex *exchange }

func (t attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ex := t.ex
	a := ex.last()
	ctx := httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { ex.wrote(a) },
	})
	cancel := context.CancelFunc(func() {})
	if ex.call.safeToRepeat && ex.c.cfg.AttemptTimeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, ex.c.cfg.AttemptTimeout)
	}
	resp, err := ex.c.transport.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose ends an attempt's time limit once its body is read.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b cancelOnClose) Close() error {
	defer b.cancel()
	return b.ReadCloser.Close()
}

// check is go-retryablehttp's CheckRetry for this call: it completes the
// attempt (reading and decoding its answer) and decides on the next one.
func (ex *exchange) check(ctx context.Context, resp *http.Response, err error) (bool, error) {
	a := ex.last()
	if resp != nil {
		ans := ex.c.readAnswer(ex.call.method, ex.endpoint, resp)
		ex.mu.Lock()
		a.answer = ans
		ex.mu.Unlock()
	} else {
		ex.mu.Lock()
		a.err = err
		ex.mu.Unlock()
	}
	ex.mu.Lock()
	a.timedOut = ctx.Err() == nil && errors.Is(firstNonNil(a.err, a.cutOff()), context.DeadlineExceeded)
	ex.mu.Unlock()

	d := ex.c.decide(ctx, ex.call, a)
	ex.mu.Lock()
	ex.next = d
	if d.retry && a.maybeCarriedOut() {
		ex.lostBefore = true
	}
	if a.written && !a.refused() {
		ex.mayHaveWritten = true
	}
	ex.mu.Unlock()
	if d.retry {
		ex.c.log.Warn(ctx, "graph api attempt failed; retrying", map[string]any{
			"method": ex.call.method, "path": ex.endpoint, "attempt": a.number, "wait": d.wait.String(), "reason": d.reason,
		})
	}
	return d.retry, nil
}

func (a *attempt) cutOff() error {
	if a.answer == nil {
		return nil
	}
	return a.answer.cutOff
}

func firstNonNil(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// backoff is go-retryablehttp's Backoff: the wait decide chose.
func (ex *exchange) backoff(time.Duration, time.Duration, int, *http.Response) time.Duration {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	return ex.next.wait
}

func (ex *exchange) logAttempt(_ retryablehttp.Logger, req *http.Request, attempt int) {
	ex.begin(attempt + 1)
	fields := map[string]any{"method": req.Method, "path": req.URL.Path, "attempt": attempt + 1}
	if attempt == 0 {
		ex.c.log.Debug(req.Context(), "graph api request", fields)
	} else {
		ex.c.log.Warn(req.Context(), "retrying graph api request", fields)
	}
}

// refuseRedirects makes the HTTP client return a 3xx as it is.
func refuseRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

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
	target.User = nil
	target.RawQuery = q.Encode()

	var body io.Reader
	if cl.form != nil {
		body = strings.NewReader(cl.form.Encode())
	}
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

	if err := c.pace.space(ctx, pageOf(cl.path), cl.spacing); err != nil {
		return fmt.Errorf("%s %s: %w", cl.method, endpoint, err)
	}
	defer c.pace.spaced(pageOf(cl.path), cl.spacing)
	if err := c.pace.wait(ctx, pageOf(cl.path)); err != nil {
		return fmt.Errorf("%s %s: %w", cl.method, endpoint, err)
	}
	ex := &exchange{c: c, call: cl, endpoint: endpoint}
	rc := &retryablehttp.Client{
		HTTPClient:     &http.Client{Transport: attemptTransport{ex}, CheckRedirect: refuseRedirects},
		RetryMax:       c.cfg.MaxRetries,
		RetryWaitMin:   c.cfg.RetryWaitMin,
		RetryWaitMax:   c.cfg.RetryWaitMax,
		CheckRetry:     ex.check,
		Backoff:        ex.backoff,
		RequestLogHook: ex.logAttempt,
		// The default error handler builds messages with the request URL,
		// which carries appsecret_proof; the result is built below instead.
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	resp, doErr := rc.Do(req)
	if resp != nil {
		_ = resp.Body.Close() // check read it in full; closing frees the attempt's timer
	}
	a := ex.last()
	if a != nil && a.answer != nil {
		// The call's last answer paces the calls that follow; its own
		// retries are paced by decide's backoff.
		c.pace.observe(pageOf(cl.path), parseUsage(a.answer.header))
		c.versions.observe(c.cfg.APIVersion, a.answer.header)
	}
	if cl.seen != nil && a != nil {
		ex.mu.Lock()
		cl.seen.lostBefore, cl.seen.mayHaveWritten = ex.lostBefore, ex.mayHaveWritten
		ex.mu.Unlock()
		if a.answer != nil {
			cl.seen.bodyBytes = len(a.answer.body)
		}
	}
	result := c.noPageRole(ctx, cl, c.result(ctx, ex, a, doErr))
	fields := map[string]any{"method": cl.method, "path": endpoint}
	if a != nil {
		fields["attempts"] = a.number
		if a.answer != nil {
			fields["status"], fields["fbtrace_id"] = a.answer.status, a.answer.header.Get("x-fb-trace-id")
			if ge := a.answer.graphErr; ge != nil {
				fields["fbtrace_id"], fields["code"], fields["subcode"] = ge.FBTraceID, ge.Code, ge.Subcode
			}
		}
	}
	c.log.Debug(ctx, "graph api response", fields)
	if result != nil || out == nil {
		return result
	}
	ans := a.answer
	if err := json.Unmarshal(ans.body, out); err != nil {
		var limit *ListingLimitError
		if errors.As(err, &limit) {
			limit.Method, limit.Endpoint = cl.method, endpoint
			return limit
		}
		if !json.Valid(ans.body) {
			return c.responseError(cl.method, endpoint, ans, "the answer is not valid JSON ("+c.secrets.scrub(err.Error())+")")
		}
		return c.responseError(cl.method, endpoint, ans, "the answer is not in the form this endpoint returns ("+c.secrets.scrub(err.Error())+")")
	}
	if where := c.secrets.echoedSecret(ans.body, cl.keepsToken); where != "" {
		return c.responseError(cl.method, endpoint, ans, "the answer holds one of the credentials this provider sends, in "+where+
			", where Meta sends none; it is refused so that the credential reaches no state, plan or log")
	}
	return nil
}

// result is the call's error from its last attempt, or nil when that
// attempt brought a successful answer to decode.
func (c *Client) result(ctx context.Context, ex *exchange, a *attempt, doErr error) error {
	cl, endpoint := ex.call, ex.endpoint
	if a == nil {
		// No attempt was made: the context ended before the first one.
		return fmt.Errorf("%s %s: %w", cl.method, endpoint, firstNonNil(ctx.Err(), doErr))
	}
	ex.mu.Lock()
	next := ex.next
	ex.mu.Unlock()
	attemptErr := c.attemptError(cl, endpoint, a)
	if next.pastDeadline {
		return &RetryWaitError{Wait: next.wait, FromMeta: next.waitFromMeta, Err: attemptErr}
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		if a.err != nil || a.answer == nil {
			if a.maybeCarriedOut() {
				// Time ran out (or the run was cancelled) while Meta had the
				// request: whether it was carried out is unknown.
				return &TransportError{Method: cl.method, Endpoint: endpoint, Delivered: true, Err: ctxErr}
			}
			return fmt.Errorf("%s %s: %w", cl.method, endpoint, ctxErr)
		}
		if attemptErr != nil && next.retry {
			// The context ended while waiting to try again: say so, and
			// keep what the last attempt got, which is the real problem.
			return fmt.Errorf("%s %s: %w while waiting to retry after: %w", cl.method, endpoint, ctxErr, attemptErr)
		}
	}
	return attemptErr
}

// attemptError is the error one attempt ended with, nil for a successful
// answer.
func (c *Client) attemptError(cl call, endpoint string, a *attempt) error {
	if a.err != nil {
		if a.timedOut {
			return &TransportError{Method: cl.method, Endpoint: endpoint, Delivered: a.written,
				Err: fmt.Errorf("no answer within the per-attempt limit of %s", c.cfg.AttemptTimeout)}
		}
		return &TransportError{Method: cl.method, Endpoint: endpoint, Delivered: a.written, Err: scrubbedError{c.secrets.scrub(a.err.Error()), a.err}}
	}
	ans := a.answer
	switch {
	case ans.cutOff != nil && a.timedOut:
		return c.responseError(cl.method, endpoint, ans,
			fmt.Sprintf("the answer did not arrive in full within the per-attempt limit of %s", c.cfg.AttemptTimeout))
	case ans.cutOff != nil:
		// What was read is a fragment; saying so beats reporting it as
		// malformed JSON.
		return c.responseError(cl.method, endpoint, ans,
			"the connection closed before the whole answer arrived ("+c.secrets.scrub(ans.cutOff.Error())+")")
	case ans.tooLarge:
		return c.responseError(cl.method, endpoint, ans,
			fmt.Sprintf("the answer is larger than the %d MiB size limit the client reads; it stopped reading at the limit", maxBodyBytes>>20))
	case ans.graphErr != nil:
		return ans.graphErr
	case ans.status >= 300 && ans.status < 400:
		return c.redirectError(cl.method, endpoint, ans)
	case ans.status >= 300:
		return c.responseError(cl.method, endpoint, ans, "unexpected status without a Graph error body")
	}
	return nil
}

// redirectError reports a 3xx. Only the scheme and host of its Location
// are shown: its path and query are the server's text and may echo a token.
func (c *Client) redirectError(method, endpoint string, ans *answer) error {
	problem := "redirects are refused"
	if loc, err := url.Parse(ans.header.Get("Location")); err == nil && loc.Host != "" {
		problem += " (this one points at " + c.secrets.scrub(loc.Scheme+"://"+loc.Host) + ")"
	}
	return c.responseError(method, endpoint, ans,
		problem+": the client never follows a redirect, so the access token is never sent to another address")
}
