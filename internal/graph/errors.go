package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Graph error codes the provider reacts to. Meta documents them per endpoint
// in the reference; throttling codes come back with HTTP 400, not 429.
const (
	CodeUnknown          = 1
	CodeService          = 2
	CodeAppThrottled     = 4
	CodeUserThrottled    = 17
	CodePageThrottled    = 32
	CodeInvalidParameter = 100
	CodeOAuth            = 190
	// CodePageTokenRequired is Meta's "(#210) A page access token is
	// required to request this resource".
	CodePageTokenRequired  = 210
	CodePermission         = 200
	CodeCustomThrottled    = 613
	CodeAlreadyBelongs     = 3946
	CodeDuplicateAsset     = 3989
	CodePagesBUCThrottled  = 80001
	CodeMessengerThrottled = 80006
	// CodeInstagramThrottled is the Instagram account's business use case
	// rate limit (developers.facebook.com/docs/graph-api/overview/rate-limiting/).
	CodeInstagramThrottled = 80002
	// SubcodeOutsideMessagingWindow (with CodeAPIPermission): the message
	// was sent outside the allowed window
	// (developers.facebook.com/docs/messenger-platform/error-codes/).
	SubcodeOutsideMessagingWindow = 2018278
	// SubcodePageRestricted (with CodeAPIPermission): the Page is
	// temporarily restricted from sending messages; added on 2026-06-25
	// (https://developers.facebook.com/docs/messenger-platform/changelog/).
	// Not a missing permission: a new token or permission does not lift it.
	SubcodePageRestricted = 1893063
	// CodeAppLimitReached is "Application limit reached": Meta's
	// error-handling guide lists it among the throttling codes
	// (https://developers.facebook.com/docs/graph-api/guides/error-handling/),
	// and like them it means the call was refused, not carried out.
	CodeAppLimitReached      = 341
	SubcodeSecondaryReceiver = 2018234

	// CodeAPIPermission is "Application does not have permission for this
	// action": a permission the app lacks (App Review, Advanced Access).
	CodeAPIPermission = 10
	// SubcodeNoSuchObject (with code 100) is "Unsupported get request": the
	// object does not exist or the token may not see it.
	SubcodeNoSuchObject = 33
	// SubcodeNoMatchingUser (with code 100) is "No matching user found":
	// the recipient is not a person who has talked to the Page.
	SubcodeNoMatchingUser = 2018001
	// Subcodes of CodeOAuth, from
	// https://developers.facebook.com/docs/graph-api/guides/error-handling#errorcodes
	SubcodeAppNotInstalled    = 458
	SubcodePasswordChanged    = 460
	SubcodeTokenExpired       = 463
	SubcodeUnconfirmedUser    = 464
	SubcodeInvalidAccessToken = 467
)

// Error is Meta's error envelope, decoded, plus the endpoint that answered.
// Its message is what users see in diagnostics, so it always names the
// endpoint, the code and subcode, and the fbtrace_id Meta support asks for.
type Error struct {
	Method      string // HTTP method of the call
	Endpoint    string // path of the call, without query string (never carries a token)
	HTTPStatus  int
	Message     string
	Type        string
	Code        int
	Subcode     int
	UserTitle   string
	UserMsg     string
	FBTraceID   string
	IsTransient bool
	// withResult: the answer held a result beside the envelope (a
	// message_id, success), so the call may have been carried out.
	withResult bool
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s (code %d", e.Method, e.Endpoint, e.Message, e.Code)
	if e.Subcode != 0 {
		fmt.Fprintf(&b, ", subcode %d", e.Subcode)
	}
	if e.Type != "" {
		fmt.Fprintf(&b, ", type %s", e.Type)
	}
	if e.FBTraceID != "" {
		fmt.Fprintf(&b, ", fbtrace_id %s", e.FBTraceID)
	}
	b.WriteString(")")
	if e.UserMsg != "" {
		fmt.Fprintf(&b, ": %s", e.UserMsg)
	}
	return b.String()
}

// throttlingCodes is the one list of the codes with which Meta refuses a
// call for a rate limit.
var throttlingCodes = []int{CodeAppThrottled, CodeUserThrottled, CodePageThrottled, CodeAppLimitReached,
	CodeCustomThrottled, CodePagesBUCThrottled, CodeInstagramThrottled, CodeMessengerThrottled}

// ThrottlingCodes returns every code with which Meta refuses a call for a
// rate limit, in ascending order. Tests take their lists from here.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
// Meta API docs: https://developers.facebook.com/docs/graph-api/guides/error-handling/
func ThrottlingCodes() []int { return slices.Clone(throttlingCodes) }

// Throttled reports whether Meta refused the call because of a rate limit.
// Such a request was not carried out, so it is always safe to retry.
func (e *Error) Throttled() bool { return slices.Contains(throttlingCodes, e.Code) }

// TokenRefused reports whether Meta refused the access token itself (code
// 190: invalid, expired, or its user logged out or removed the app).
func (e *Error) TokenRefused() bool { return e.Code == CodeOAuth }

// NoSuchObject reports whether Meta knows no object with the id in the
// path that this token may see (code 100, subcode 33).
func (e *Error) NoSuchObject() bool {
	return e.Code == CodeInvalidParameter && e.Subcode == SubcodeNoSuchObject
}

// PermissionDenied reports whether the token or its app lacks a permission
// or task the call needs (codes 10 and 200).
func (e *Error) PermissionDenied() bool {
	return e.Code == CodePermission || e.Code == CodeAPIPermission && e.Subcode != SubcodePageRestricted
}

// Temporary reports whether Meta flagged the failure as transient.
func (e *Error) Temporary() bool {
	return e.IsTransient || e.Code == CodeUnknown || e.Code == CodeService
}

// HasCode reports whether err is (or wraps) a Graph error with this code.
func HasCode(err error, code int) bool {
	var ge *Error
	return errors.As(err, &ge) && ge.Code == code
}

// IsAlreadyAssigned reports whether Meta refused an agency assignment
// because the business already has access to the Page (codes 3989 and
// 3946 on POST /{page-id}/agencies).
func IsAlreadyAssigned(err error) bool {
	return HasCode(err, CodeDuplicateAsset) || HasCode(err, CodeAlreadyBelongs)
}

// IsThrottled reports whether err is (or wraps) Meta refusing a call for a
// rate limit.
func IsThrottled(err error) bool {
	var ge *Error
	return errors.As(err, &ge) && ge.Throttled()
}

// AdoptionCheckError says a write's answer was lost (for agencies: Meta
// then said the access already exists), and the listing that would tell
// whether this call carried it out failed: whether access was given by
// this call is unknown.
type AdoptionCheckError struct {
	Assign  error  // Meta's "already assigned", or the write's own failure
	Listing string // what was listed: "agencies", "assigned users", "subscribed apps"
	Check   error  // the failed listing
}

func (e *AdoptionCheckError) Error() string {
	return fmt.Sprintf("%v; an answer was lost, and listing the Page's %s to learn whether that request was carried out failed: %v", e.Assign, e.Listing, e.Check)
}

func (e *AdoptionCheckError) Unwrap() []error { return []error{e.Assign, e.Check} }

// ResponseError is an answer that is not Meta's JSON at all: an HTML error
// page from a proxy, a truncated or malformed body. It keeps only a short,
// redacted excerpt of the body.
type ResponseError struct {
	Method     string
	Endpoint   string
	HTTPStatus int
	FBTraceID  string
	Problem    string // what was wrong with the body
	Excerpt    string
}

func (e *ResponseError) Error() string {
	msg := fmt.Sprintf("%s %s: HTTP %d, %s", e.Method, e.Endpoint, e.HTTPStatus, e.Problem)
	if e.FBTraceID != "" {
		msg += fmt.Sprintf(" (fbtrace_id %s)", e.FBTraceID)
	}
	if e.Excerpt != "" {
		msg += fmt.Sprintf(": %q", e.Excerpt)
	}
	return msg
}

// TransportError is a failure to exchange the request at all (connection
// refused or reset, timeout). Delivered says whether the request had been
// written to the connection: for non-idempotent calls the outcome is then
// unknown.
type TransportError struct {
	Method    string
	Endpoint  string
	Delivered bool
	Err       error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: %s", e.Method, e.Endpoint, redactText(e.Err.Error()))
}

func (e *TransportError) Unwrap() error { return e.Err }

// RetryWaitError says a call failed in a way worth retrying, but the wait
// before the next attempt would end after the operation's deadline, so the
// client stopped at once and reports the failure rather than sleeping into
// "context deadline exceeded". FromMeta says the wait is Meta's own
// estimated_time_to_regain_access.
type RetryWaitError struct {
	Wait     time.Duration
	FromMeta bool
	Err      error // the last attempt's error: a *Error, *ResponseError or *TransportError
}

func (e *RetryWaitError) Error() string {
	if e.FromMeta {
		return fmt.Sprintf("%v; Meta asks to wait %s before calling again (estimated_time_to_regain_access), longer than the time left for this operation: retry later or raise the timeout",
			e.Err, e.Wait)
	}
	return fmt.Sprintf("%v; not retried, because the next attempt (in %s) would come after this operation's deadline: retry later or raise the timeout",
		e.Err, e.Wait.Round(time.Millisecond))
}

func (e *RetryWaitError) Unwrap() error { return e.Err }

// ListingLimitError says a listing was stopped at one of the bounds that
// keep a broken or hostile server from holding the provider forever or
// filling its memory (MaxListingPages, MaxListingEntries, MaxListingBytes).
type ListingLimitError struct {
	Method   string
	Endpoint string
	Limit    string // which bound, with its value
}

func (e *ListingLimitError) Error() string {
	return fmt.Sprintf("%s %s: the listing reached %s and was stopped; no Page has that many, so the server's paging is broken", e.Method, e.Endpoint, e.Limit)
}

// decodeError returns the Graph error carried by body, or nil when the body
// carries none. Meta sometimes answers HTTP 200 with an error envelope, so
// the status alone is not trusted. Each member is read on its own, and one
// of an unexpected type (a subcode sent as a string) is read leniently or
// left out rather than losing the envelope: its code decides retries.
func decodeError(method, endpoint string, status int, traceHeader string, body []byte) *Error {
	var env struct {
		Error map[string]json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &env) != nil || env.Error == nil {
		return nil //nolint:nilerr // a body that is not JSON simply carries no Graph error; the caller reports the status
	}
	f := env.Error
	e := &Error{
		Method: method, Endpoint: endpoint, HTTPStatus: status,
		Message: redactText(jsonText(f["message"])), Type: jsonText(f["type"]),
		Code: jsonInt(f["code"]), Subcode: jsonInt(f["error_subcode"]),
		UserTitle: redactText(jsonText(f["error_user_title"])), UserMsg: redactText(jsonText(f["error_user_msg"])),
		FBTraceID: jsonText(f["fbtrace_id"]), IsTransient: jsonBool(f["is_transient"]),
	}
	if e.FBTraceID == "" {
		e.FBTraceID = traceHeader
	}
	return e
}

func jsonText(raw json.RawMessage) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// jsonInt reads a number, or a number sent as a string.
func jsonInt(raw json.RawMessage) int {
	var n int
	if json.Unmarshal(raw, &n) == nil {
		return n
	}
	n, _ = strconv.Atoi(jsonText(raw))
	return n
}

// jsonBool reads a boolean, or "true" sent as a string.
func jsonBool(raw json.RawMessage) bool {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b
	}
	return jsonText(raw) == "true"
}
