package graphtest

// SetThreadOwner records which app controls the thread with recipient
// (Conversation Routing); appID "" means nobody owns it (thread_owner answers
// empty data). The recipient also becomes a known recipient (AddRecipient):
// someone with a thread can be messaged.
func (e *Emulator) SetThreadOwner(pageID, recipient, appID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	pg := e.mustPageLocked("SetThreadOwner", pageID)
	pg.threadOwners[recipient] = appID
	delete(pg.secondary, recipient)
	pg.recipients[recipient] = true
}

// SetSecondaryReceiver makes thread_owner for recipient answer code 100
// subcode 2018234 (we are a secondary receiver and another secondary app
// controls the thread). The recipient also becomes known.
func (e *Emulator) SetSecondaryReceiver(pageID, recipient string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	pg := e.mustPageLocked("SetSecondaryReceiver", pageID)
	pg.secondary[recipient] = true
	pg.recipients[recipient] = true
}

// handleThreadOwner serves GET /{page-id}/thread_owner?recipient=<PSID>.
// Caller holds e.mu.
func (e *Emulator) handleThreadOwner(in *incoming, pg *pageState) *response {
	psid := in.params.Get("recipient")
	if psid == "" {
		return errResponse(errRequired("recipient"))
	}
	if pg.secondary[psid] {
		return errResponse(&GraphError{
			Message: "(#100) The app is a secondary receiver and cannot get the thread owner of a thread controlled by another secondary receiver",
			Type:    typeOAuth, Code: 100, Subcode: 2018234,
		})
	}
	if !pg.recipients[psid] {
		// assumption: a PSID that never talked to the page gets the Send API's
		// "No matching user found" (100/2018001) rather than empty data.
		return errResponse(&GraphError{Message: "(#100) No matching user found", Type: typeOAuth, Code: 100, Subcode: 2018001})
	}
	// Answer shape: {"data": [{"thread_owner": {"app_id": ...}}]}
	// (https://developers.facebook.com/docs/graph-api/reference/page/thread_owner/); the "paging"
	// that page shows is not sent for this edge. assumption: no paging object.
	data := []map[string]any{}
	if app := pg.threadOwners[psid]; app != "" {
		data = append(data, map[string]any{"thread_owner": map[string]any{"app_id": app}})
	}
	return okResponse(map[string]any{"data": data})
}
