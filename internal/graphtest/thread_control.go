package graphtest

import "time"

// The thread control edges of Conversation Routing, Meta's successor of the
// Handover Protocol, which keeps most of its API
// (https://developers.facebook.com/docs/messenger-platform/conversation-routing/):
// POST /{page-id}/pass_thread_control, /take_thread_control,
// /request_thread_control and /release_thread_control (`recipient` only, in
// Meta's SDK specification, api_specs/specs/Page.json).
// The calling app is the app of the request's Page token (SetTokenApp); its
// role on the Page is set with SetHandoverRoles. The thread's owner is the
// one GET /{page-id}/thread_owner answers (SetThreadOwner).

// pageInboxAppID stands for the Page inbox as a pass target
// (https://developers.facebook.com/docs/messenger-platform/handover-protocol/pass-thread-control).
const pageInboxAppID = "263902037430900"

// handoverState is a Page's conversation routing: the primary receiver
// app ("" = none) and the secondary receivers.
type handoverState struct {
	primary   string
	secondary map[string]bool
	events    []HandoverEvent
}

// HandoverEvent is one thread control request the emulator accepted, as the
// messaging_handovers webhook would report it.
type HandoverEvent struct {
	Operation     string // "pass", "take", "request" or "release"
	RecipientID   string // the person's PSID
	AppID         string // the app that called
	PreviousOwner string // owner before the call ("" = idle)
	NewOwner      string // owner after it (unchanged for "request")
	Metadata      string
}

// SetHandoverRoles sets the Page's conversation routing: the primary
// receiver app ("" for none) and the secondary receivers. An app with
// neither role is refused by the thread control edges, as an app is on a
// Page whose conversation routing does not include it.
func (e *Emulator) SetHandoverRoles(pageID, primary string, secondary ...string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	h := e.handoverLocked(e.mustPageLocked("SetHandoverRoles", pageID))
	h.primary = primary
	h.secondary = map[string]bool{}
	for _, app := range secondary {
		h.secondary[app] = true
	}
}

// HandoverEvents returns the thread control requests accepted for the Page,
// in order.
func (e *Emulator) HandoverEvents(pageID string) []HandoverEvent {
	e.mu.Lock()
	defer e.mu.Unlock()
	pg, ok := e.pages[pageID]
	if !ok || pg.handover == nil {
		return nil
	}
	return append([]HandoverEvent(nil), pg.handover.events...)
}

// ThreadOwner is the app that controls the thread with recipient, "" when
// idle: what GET /{page-id}/thread_owner answers.
func (e *Emulator) ThreadOwner(pageID, recipient string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.mustPageLocked("ThreadOwner", pageID).threadOwners[recipient]
}

// handoverLocked returns the Page's routing state, creating it on first use.
// Caller holds e.mu.
func (e *Emulator) handoverLocked(pg *pageState) *handoverState {
	if pg.handover == nil {
		pg.handover = &handoverState{secondary: map[string]bool{}}
	}
	return pg.handover
}

// handleThreadControl serves POST /{page-id}/{op}_thread_control. Parameter
// checks come first, then who the caller is, then the thread's state.
// Caller holds e.mu.
func (e *Emulator) handleThreadControl(in *incoming, pg *pageState, op string) *response {
	p := in.params
	raw := p.Get("recipient")
	if raw == "" {
		return errResponse(errRequired("recipient"))
	}
	kind, psid, g := recipientParam(raw)
	if g != nil {
		return errResponse(g)
	}
	if kind != "id" {
		// assumption: thread control names the person by PSID only
		// (recipient {"id": <PSID>} in every example of Meta's guide).
		return errResponse(errParam("Param recipient[%s] is not supported for thread control: use recipient[id]", kind))
	}
	target, hasTarget := p.Get("target_app_id"), p.Has("target_app_id")
	switch {
	case hasTarget && op != "pass":
		// Meta's SDK specification lists target_app_id on pass_thread_control
		// only. assumption: the other edges refuse it rather than ignore it.
		return errResponse(errParam("Param target_app_id is not supported by %s_thread_control", op))
	case op == "release" && p.Has("metadata"):
		// assumption: release_thread_control takes recipient only (Meta's SDK
		// specification); refused rather than ignored, as target_app_id is.
		return errResponse(errParam("Param metadata is not supported by release_thread_control"))
	case hasTarget && !isNumericID(target):
		return errResponse(errParam("Param target_app_id must be a valid ID string (e.g., \"123\")"))
	}
	if code, ok := pg.recipientErrs[psid]; ok {
		return errResponse(MetaError(code))
	}
	if !pg.recipients[psid] {
		return errResponse(&GraphError{Message: "(#100) No matching user found", Type: typeOAuth, Code: 100, Subcode: 2018001})
	}

	h := e.handoverLocked(pg)
	app := e.tokenAppLocked(in.token)
	isPrimary := app != "" && app == h.primary
	if !isPrimary && !h.secondary[app] {
		// assumption: wording and code; Meta documents no error for an app
		// outside the Page's conversation routing, and answers permission
		// problems of the Messenger Platform with code 10.
		return errResponse(&GraphError{Message: "(#10) This app has no role in the Page's conversation routing: it is neither the primary nor a secondary receiver", Type: typeOAuth, Code: 10})
	}
	owner := pg.threadOwners[psid]
	newOwner := owner
	switch op {
	case "pass":
		if owner != "" && owner != app {
			// assumption: only the app in control (or any app, while the
			// thread is idle) can pass it; the primary receiver takes it first
			// (https://developers.facebook.com/docs/messenger-platform/handover-protocol/request-thread-control/).
			return errResponse(&GraphError{Message: "(#10) Only the app that controls this thread can pass it: another app is controlling this thread now", Type: typeOAuth, Code: 10, Subcode: 2018300})
		}
		if target == "" {
			// "Required if the Primary Receiver is passing thread control. If
			// the Secondary Receiver is passing thread control, defaults to
			// the app ID of the Primary Receiver."
			if isPrimary || h.primary == "" {
				return errResponse(errRequired("target_app_id"))
			}
			target = h.primary
		}
		if target == app {
			return errResponse(errParam("Param target_app_id must be another app than the one passing the thread"))
		}
		if target != h.primary && !h.secondary[target] && target != pageInboxAppID {
			// assumption: wording; the target must have a role in the Page's routing.
			return errResponse(errParam("Param target_app_id must be the primary receiver or a secondary receiver of the Page"))
		}
		newOwner = target
	case "take":
		if !isPrimary && owner != "" && owner != app {
			// Only the primary receiver takes a thread another app controls
			// (https://developers.facebook.com/docs/graph-api/reference/page/take_thread_control/).
			return errResponse(&GraphError{Message: "(#10) Only the primary receiver can take control of a thread another app is controlling now", Type: typeOAuth, Code: 10, Subcode: 2018300})
		}
		newOwner = app
	case "release":
		// assumption: only the app in control releases a thread; releasing
		// an idle thread is refused like passing one another app controls.
		if owner != app {
			return errResponse(&GraphError{Message: "(#10) Only the app that controls this thread can release it", Type: typeOAuth, Code: 10, Subcode: 2018300})
		}
		newOwner = ""
	case "request":
		// The request only notifies the primary receiver, which may pass the
		// thread or ignore it
		// (https://developers.facebook.com/docs/messenger-platform/handover-protocol/request-thread-control/).
		switch {
		case isPrimary:
			return errResponse(errParam("The primary receiver takes thread control (take_thread_control); it does not request it"))
		case h.primary == "":
			return errResponse(&GraphError{Message: "(#10) The Page has no primary receiver to request thread control from", Type: typeOAuth, Code: 10})
		}
	}
	pg.threadOwners[psid] = newOwner
	h.events = append(h.events, HandoverEvent{
		Operation: op, RecipientID: psid, AppID: app,
		PreviousOwner: owner, NewOwner: newOwner, Metadata: p.Get("metadata"),
	})
	return okResponse(e.threadControlAnswer(newOwner))
}

// ThreadControlAnswer is how the emulator answers a thread control request
// that succeeded. Meta's reference pages show {"success": true}; its
// conversation-control guide shows the thread's owner instead
// (https://developers.facebook.com/docs/messenger-platform/handover-protocol/conversation-control).
type ThreadControlAnswer int

const (
	// AnswerSuccess is {"success": true}.
	AnswerSuccess ThreadControlAnswer = iota
	// AnswerThreadOwner is {"data": [{"thread_owner": {"app_id", "expiration"}}]},
	// with empty data when the thread is left idle.
	AnswerThreadOwner
)

// SetThreadControlAnswer sets how successful thread control requests are
// answered from now on.
func (e *Emulator) SetThreadControlAnswer(a ThreadControlAnswer) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.threadAnswer = a
}

// threadControlAnswer is the body of a successful request that left owner
// in control. Caller holds e.mu.
func (e *Emulator) threadControlAnswer(owner string) map[string]any {
	if e.threadAnswer != AnswerThreadOwner {
		return map[string]any{"success": true}
	}
	data := []any{}
	if owner != "" {
		// assumption: expiration is a Unix time, a day ahead, as Meta's
		// guide shows a number without saying more.
		data = append(data, map[string]any{"thread_owner": map[string]any{"app_id": owner, "expiration": e.now().Add(24 * time.Hour).Unix()}})
	}
	return map[string]any{"data": data}
}
