package graph

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
)

// ThreadControlOperations are the thread control edges of Conversation
// Routing (formerly the Handover Protocol) this client calls, named by what
// they do: pass a conversation to another app, take it as the Page's primary
// receiver, ask the primary receiver for it, or release it
// (https://developers.facebook.com/docs/messenger-platform/conversation-routing/;
// POST /{page-id}/release_thread_control, `recipient` only, in Meta's SDK
// specification, github.com/facebook/facebook-business-sdk-codegen api_specs/specs/Page.json).
var ThreadControlOperations = []string{"pass", "take", "request", "release"}

// PageInboxAppID is the app id that stands for the Page inbox as the
// target of a pass: a person at the Page then answers the conversation
// (https://developers.facebook.com/docs/messenger-platform/handover-protocol/pass-thread-control).
const PageInboxAppID = "263902037430900"

// Graph errors of the thread control edges that callers explain to
// users. Meta refuses an app that may not do what it asked (it does not
// control the conversation, or has no role in the Page's conversation
// routing) with code 10, and an unusable target_app_id with code 100.
const (
	// SubcodeThreadControlledByOtherApp (with CodeAPIPermission) is
	// "another app is controlling this thread now"
	// (https://developers.facebook.com/docs/messenger-platform/instagram/features/handover-protocol).
	SubcodeThreadControlledByOtherApp = 2018300
)

// ThreadControlRequest is one call to a thread control edge. TargetAppID
// is sent only with "pass"; Meta's SDK specification
// (github.com/facebook/facebook-business-sdk-codegen, api_specs/specs/Page.json)
// lists it only on pass_thread_control.
type ThreadControlRequest struct {
	Operation   string // one of ThreadControlOperations
	RecipientID string // page-scoped id (PSID) of the person in the conversation
	TargetAppID string // pass only; empty lets Meta choose (the primary receiver, for a secondary receiver)
	Metadata    string // handed to the other apps in their messaging_handovers webhook; not with "release"
}

// ThreadControlError says the request was not one this client can send
// (an unknown operation, or target_app_id outside a pass); nothing was sent.
type ThreadControlError struct{ Problem string }

func (e *ThreadControlError) Error() string { return "thread control request not sent: " + e.Problem }

// ThreadControl calls POST /{page-id}/{pass,take,request,release}_thread_control
// with the Page's token. Like a message, it is not safe to repeat: once the
// request may have reached Meta it is never sent again, and the error is a
// *DeliveryUnknownError. Only throttling refusals and requests that never
// left are retried.
//
// Meta API docs: https://developers.facebook.com/docs/messenger-platform/conversation-routing/
// Meta API docs: https://developers.facebook.com/docs/messenger-platform/handover-protocol/conversation-control
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/take_thread_control/
func (c *Client) ThreadControl(ctx context.Context, pageID string, req ThreadControlRequest) error {
	form, err := req.form()
	if err != nil {
		return err
	}
	token, err := c.PageToken(ctx, pageID)
	if err != nil {
		return err
	}
	cl := call{method: "POST", path: "/" + pageID + "/" + req.Operation + "_thread_control", form: form, token: token}
	var answer threadControlAnswer
	err = c.do(ctx, cl, &answer)
	if err != nil {
		if reason := deliveryUnknown(err); reason != "" {
			return &DeliveryUnknownError{Reason: reason, Err: err, ThreadControl: true}
		}
		return err
	}
	if !answer.succeeded() {
		// Anything else says nothing about whether the thread changed hands.
		return &DeliveryUnknownError{
			Reason:        "Meta answered with neither success=true nor the thread's owner",
			Err:           errors.New("POST " + c.endpoint(cl.path) + ": no success in the answer"),
			ThreadControl: true,
		}
	}
	return nil
}

// threadControlAnswer is a successful answer in either shape Meta
// documents: {"success": true} on the reference pages, or the thread's
// owner after the call, {"data": [{"thread_owner": {"app_id", "expiration"}}]},
// in the conversation-control guide
// (https://developers.facebook.com/docs/messenger-platform/handover-protocol/conversation-control).
// Empty data (nobody controls the thread, as after a release) is success too.
type threadControlAnswer struct {
	Success *bool `json:"success"`
	Data    *[]struct {
		ThreadOwner *struct {
			AppID json.RawMessage `json:"app_id"`
		} `json:"thread_owner"`
	} `json:"data"`
}

func (a threadControlAnswer) succeeded() bool {
	if a.Success != nil {
		return *a.Success
	}
	if a.Data == nil {
		return false
	}
	for _, d := range *a.Data {
		if d.ThreadOwner == nil || len(d.ThreadOwner.AppID) == 0 {
			return false // an entry that is not an owner: not this answer
		}
	}
	return true
}

// form encodes the request as Meta's form body, recipient as a JSON object
// as in Meta's examples.
func (r ThreadControlRequest) form() (url.Values, error) {
	switch r.Operation {
	case "pass":
	case "take", "request", "release":
		if r.TargetAppID != "" {
			return nil, &ThreadControlError{Problem: "target_app_id is sent only when passing a thread"}
		}
		if r.Operation == "release" && r.Metadata != "" {
			return nil, &ThreadControlError{Problem: "release_thread_control takes no metadata"}
		}
	default:
		return nil, &ThreadControlError{Problem: "unknown operation " + `"` + r.Operation + `"`}
	}
	if r.RecipientID == "" {
		return nil, &ThreadControlError{Problem: "no recipient"}
	}
	recipient, err := marshalCompact(map[string]string{"id": r.RecipientID})
	if err != nil {
		return nil, err
	}
	form := url.Values{"recipient": {recipient}}
	if r.TargetAppID != "" {
		form.Set("target_app_id", r.TargetAppID)
	}
	if r.Metadata != "" {
		form.Set("metadata", r.Metadata)
	}
	return form, nil
}
