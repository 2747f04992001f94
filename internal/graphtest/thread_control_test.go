package graphtest

import (
	"net/url"
	"reflect"
	"testing"
)

const (
	primaryApp   = "900000000000011"
	secondaryApp = "900000000000012"
	otherApp     = "900000000000013"
)

// handoverFx is pageA with a primary and a secondary receiver, psidA's
// thread owned by the primary and psidB's idle.
type handoverFx struct{ *fx }

func newHandoverFx(t *testing.T) handoverFx {
	f := newFx(t, Options{})
	f.e.SetHandoverRoles(pageA, primaryApp, secondaryApp)
	f.e.SetThreadOwner(pageA, psidA, primaryApp)
	f.e.AddRecipient(pageA, psidB) // idle thread
	// The emulator's Page token belongs to the default app; tests pick the
	// calling app by re-labelling it.
	return handoverFx{fx: f}
}

// as makes pageA's token belong to app for the next calls.
func (h handoverFx) as(app string) string {
	h.e.SetTokenApp(h.tokA, app)
	return h.tokA
}

func (h handoverFx) post(op, app string, form url.Values) result {
	return postForm(h.t, h.base+"/"+pageA+"/"+op+"_thread_control", form, withBearer(h.as(app)))
}

func recipientForm(psid string, more ...string) url.Values {
	form := url.Values{"recipient": {`{"id":"` + psid + `"}`}}
	for i := 0; i+1 < len(more); i += 2 {
		form.Set(more[i], more[i+1])
	}
	return form
}

func TestThreadControlHandsTheThreadOver(t *testing.T) {
	h := newHandoverFx(t)
	// The primary passes to the secondary; thread_owner says so.
	body := wantOK(t, h.post("pass", primaryApp, recipientForm(psidA, "target_app_id", secondaryApp, "metadata", "needs a human")))
	if !reflect.DeepEqual(body, map[string]any{"success": true}) {
		t.Fatalf("%v", body)
	}
	owner := wantOK(t, get(t, h.base+"/"+pageA+"/thread_owner"+q("recipient", psidA), withBearer(h.tokA)))
	if want := []any{map[string]any{"thread_owner": map[string]any{"app_id": secondaryApp}}}; !reflect.DeepEqual(owner["data"], want) {
		t.Fatalf("thread_owner after pass: %v", owner)
	}
	// The secondary asks nothing of the primary while it has the thread;
	// it passes back without a target (the primary is the default).
	wantOK(t, h.post("pass", secondaryApp, recipientForm(psidA)))
	if got := h.e.ThreadOwner(pageA, psidA); got != primaryApp {
		t.Fatalf("owner %q after passing back", got)
	}
	// The secondary requests; nothing changes hands.
	wantOK(t, h.post("request", secondaryApp, recipientForm(psidA, "metadata", "may I?")))
	if got := h.e.ThreadOwner(pageA, psidA); got != primaryApp {
		t.Fatalf("owner %q after a request", got)
	}
	// The primary passes to the Page inbox, then takes the thread back.
	wantOK(t, h.post("pass", primaryApp, recipientForm(psidA, "target_app_id", pageInboxAppID)))
	wantOK(t, h.post("take", primaryApp, recipientForm(psidA, "metadata", "bot is back")))
	// Anyone with a role takes an idle thread.
	wantOK(t, h.post("take", secondaryApp, recipientForm(psidB)))

	want := []HandoverEvent{
		{"pass", psidA, primaryApp, primaryApp, secondaryApp, "needs a human"},
		{"pass", psidA, secondaryApp, secondaryApp, primaryApp, ""},
		{"request", psidA, secondaryApp, primaryApp, primaryApp, "may I?"},
		{"pass", psidA, primaryApp, primaryApp, pageInboxAppID, ""},
		{"take", psidA, primaryApp, pageInboxAppID, primaryApp, "bot is back"},
		{"take", psidB, secondaryApp, "", secondaryApp, ""},
	}
	if got := h.e.HandoverEvents(pageA); !reflect.DeepEqual(got, want) {
		t.Fatalf("events\n %+v\nwant\n %+v", got, want)
	}
}

func TestThreadControlRefusals(t *testing.T) {
	h := newHandoverFx(t)
	cases := []struct {
		name          string
		op, app       string
		form          url.Values
		code, subcode int
	}{
		{"no recipient", "take", primaryApp, url.Values{}, 100, 0},
		{"recipient not JSON", "take", primaryApp, url.Values{"recipient": {psidA}}, 100, 0},
		{"recipient by user_ref", "take", primaryApp, url.Values{"recipient": {`{"user_ref":"x"}`}}, 100, 0},
		{"stranger", "take", primaryApp, recipientForm("333000000000404"), 100, 2018001},
		{"target on take", "take", primaryApp, recipientForm(psidA, "target_app_id", secondaryApp), 100, 0},
		{"target on request", "request", secondaryApp, recipientForm(psidA, "target_app_id", primaryApp), 100, 0},
		{"target not an id", "pass", primaryApp, recipientForm(psidA, "target_app_id", "helpdesk"), 100, 0},
		{"target without role", "pass", primaryApp, recipientForm(psidA, "target_app_id", otherApp), 100, 0},
		{"primary passes without target", "pass", primaryApp, recipientForm(psidA), 100, 0},
		{"pass to itself", "pass", primaryApp, recipientForm(psidA, "target_app_id", primaryApp), 100, 0},
		{"app outside routing", "take", otherApp, recipientForm(psidB), 10, 0},
		{"secondary passes a thread it does not own", "pass", secondaryApp, recipientForm(psidA, "target_app_id", pageInboxAppID), 10, 2018300},
		{"secondary takes an owned thread", "take", secondaryApp, recipientForm(psidA), 10, 2018300},
		{"primary requests", "request", primaryApp, recipientForm(psidA), 100, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, h.post(tc.op, tc.app, tc.form), 400, tc.code, tc.subcode)
		})
	}
	if got := h.e.ThreadOwner(pageA, psidA); got != primaryApp {
		t.Fatalf("a refused request changed the owner to %q", got)
	}
	if ev := h.e.HandoverEvents(pageA); len(ev) != 0 {
		t.Fatalf("refused requests were recorded: %+v", ev)
	}
	// Without a primary receiver there is nobody to request from.
	h.e.SetHandoverRoles(pageA, "", secondaryApp)
	wantErr(t, h.post("request", secondaryApp, recipientForm(psidB)), 400, 10, 0)
	// Only POST, and only with a Page token.
	wantErr(t, get(t, h.base+"/"+pageA+"/take_thread_control", withBearer(h.tokA)), 400, 100, 0)
	wantErr(t, postForm(t, h.base+"/"+pageA+"/take_thread_control", recipientForm(psidB), withBearer(userToken)), 400, 200, 0)
}

func TestThreadControlThrottledByFault(t *testing.T) {
	h := newHandoverFx(t)
	f := Throttle(613, 0)
	f.Endpoint, f.Times = EndpointTakeThreadControl, 1
	h.e.InjectFault(f)
	wantErr(t, h.post("take", primaryApp, recipientForm(psidB)), 400, 613, 0)
	wantOK(t, h.post("take", primaryApp, recipientForm(psidB)))
	if n := h.e.Calls("POST", EndpointTakeThreadControl); n != 2 {
		t.Fatalf("%d calls logged, want 2", n)
	}
}
