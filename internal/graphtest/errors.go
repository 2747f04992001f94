package graphtest

import (
	"fmt"
	"net/http"
	"strings"
)

// GraphError is the content of Meta's error envelope
// {"error": {"message", "type", "code", "error_subcode", ...}}.
// The emulator adds a fresh fbtrace_id to every envelope it sends.
type GraphError struct {
	Message     string
	Type        string
	Code        int
	Subcode     int
	UserTitle   string
	UserMsg     string
	IsTransient bool
}

// Error types Meta uses in envelopes.
const (
	typeOAuth  = "OAuthException"
	typeMethod = "GraphMethodException"
)

// envelopeBody is the wire form of GraphError. Optional members are omitted
// when empty, as Meta does; is_transient is always sent (Meta sends it
// although its error-handling guide does not list it:
// https://developers.facebook.com/docs/graph-api/guides/error-handling/).
type envelopeBody struct {
	Message     string `json:"message"`
	Type        string `json:"type"`
	Code        int    `json:"code"`
	Subcode     int    `json:"error_subcode,omitempty"`
	UserTitle   string `json:"error_user_title,omitempty"`
	UserMsg     string `json:"error_user_msg,omitempty"`
	IsTransient bool   `json:"is_transient"`
	FBTraceID   string `json:"fbtrace_id"`
}

type envelope struct {
	Error envelopeBody `json:"error"`
}

func (g *GraphError) envelope(traceID string) envelope {
	typ := g.Type
	if typ == "" {
		typ = typeOAuth
	}
	return envelope{Error: envelopeBody{
		Message:     g.Message,
		Type:        typ,
		Code:        g.Code,
		Subcode:     g.Subcode,
		UserTitle:   g.UserTitle,
		UserMsg:     g.UserMsg,
		IsTransient: g.IsTransient,
		FBTraceID:   traceID,
	}}
}

// statusFor is the HTTP status paired with a Graph error code. Throttling
// is 400, not 429
// (https://developers.facebook.com/docs/graph-api/overview/rate-limiting/). assumption: the temporary failures (codes 1 and 2) come
// back as 500 and every other code as 400.
func statusFor(code int) int {
	switch code {
	case 1, 2:
		return http.StatusInternalServerError
	default:
		return http.StatusBadRequest
	}
}

// transientCodes are the codes whose envelopes carry is_transient=true: the
// throttling codes of https://developers.facebook.com/docs/graph-api/guides/error-handling/
// and the two temporary failures.
var transientCodes = map[int]bool{1: true, 2: true, 4: true, 17: true, 32: true, 341: true, 613: true, 80001: true, 80002: true, 80006: true}

// metaMessages holds Meta's wording for the codes that tests can ask for by
// number (SetRecipientError, Throttle). Texts come from the error tables of
// Meta's Page edge reference pages and its rate-limiting guide, with the "(#code) " prefix that Meta
// puts in front of API exceptions.
var metaMessages = map[int]string{
	1:     "An unknown error has occurred.",
	2:     "An unexpected error has occurred. Please retry your request later.",
	4:     "(#4) Application request limit reached",
	10:    "(#10) This message is sent outside of allowed window.",
	17:    "(#17) User request limit reached",
	32:    "(#32) Page request limit reached",
	100:   "(#100) Invalid parameter",
	190:   "Invalid OAuth access token - Cannot parse access token",
	200:   "(#200) Permissions error",
	230:   "(#230) Permissions disallow message to user",
	341:   "(#341) Application limit reached",
	368:   "(#368) The action attempted has been deemed abusive or is otherwise disallowed",
	551:   "(#551) This person isn't available right now.",
	613:   "(#613) Calls to this api have exceeded the rate limit.",
	2022:  "(#2022) The ability to send commerce messages has been temporarily disabled for this application.",
	3946:  "Asset already belongs to this Business Manager.",
	3989:  "You are trying to assign a duplicated asset to this agency.",
	10900: "(#10900) Activity already replied to",
	10903: "(#10903) This user cant reply to this activity",
	80001: "(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
	80002: "(#80002) There have been too many calls to this Instagram account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
	80006: "(#80006) There have been too many messenger api calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
}

// metaSubcodes are subcodes Meta attaches to some codes by default.
var metaSubcodes = map[int]int{
	551: 1545041, // assumption: the subcode Meta sends with 551 (not on the messages reference page)
	// On the messages edge Meta sends code 10 with subcode 2018278, "message
	// sent outside of allowed window"
	// (developers.facebook.com/docs/messenger-platform/error-codes/).
	10: 2018278,
}

// MetaError builds the error Meta sends for code, with Meta's message for it
// (a generic "(#code) ..." text for codes the emulator does not know).
func MetaError(code int) *GraphError {
	msg, ok := metaMessages[code]
	if !ok {
		msg = fmt.Sprintf("(#%d) An error occurred", code)
	}
	return &GraphError{
		Message:     msg,
		Type:        typeOAuth,
		Code:        code,
		Subcode:     metaSubcodes[code],
		IsTransient: transientCodes[code],
	}
}

// errParam is a code-100 "Invalid parameter" error in Meta's "(#100) ..." form.
func errParam(format string, args ...any) *GraphError {
	return &GraphError{Message: "(#100) " + fmt.Sprintf(format, args...), Type: typeOAuth, Code: 100}
}

// errRequired is Meta's wording for a missing required parameter.
func errRequired(param string) *GraphError {
	return errParam("The parameter %s is required", param)
}

// errEnum is Meta's wording for a value outside an enum.
func errEnum(param string, allowed []string) *GraphError {
	return errParam("Param %s must be one of {%s}", param, strings.Join(allowed, ", "))
}

// errUnknownField is Meta's answer to fields=<x> naming no field of the node.
func errUnknownField(field, nodeType string) *GraphError {
	return errParam("Tried accessing nonexisting field (%s) on node type (%s)", field, nodeType)
}

// errNoObject is Meta's answer for an id that does not resolve (code 100,
// subcode 33), worded with the request's method as Meta does.
func errNoObject(method, id string) *GraphError {
	return &GraphError{
		Message: fmt.Sprintf("Unsupported %s request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", strings.ToLower(method), id),
		Type:    typeMethod,
		Code:    100,
		Subcode: 33,
	}
}

// errUnsupportedMethod answers a method an existing node or edge lacks
// (e.g. DELETE /{page-id}/thread_owner, which Meta's reference page says is
// not possible: https://developers.facebook.com/docs/graph-api/reference/page/thread_owner/).
func errUnsupportedMethod(method string) *GraphError {
	return &GraphError{
		Message: fmt.Sprintf("Unsupported %s request. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api", strings.ToLower(method)),
		Type:    typeMethod,
		Code:    100,
	}
}

// errUnknownPath is Meta's code 2500 for path components it cannot parse.
func errUnknownPath(components string) *GraphError {
	return &GraphError{Message: "Unknown path components: " + components, Type: typeOAuth, Code: 2500}
}
