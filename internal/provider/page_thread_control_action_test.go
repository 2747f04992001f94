package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// These tests invoke facebook_page_thread_control through the provider's
// RPCs; page_thread_control_action_cli_test.go runs it through Terraform
// >= 1.14.

const threadControlAction = "facebook_page_thread_control"

// testSecondaryApp is a secondary receiver of the test Page; the provider's
// own token belongs to graphtest.DefaultAppID, the primary receiver.
const testSecondaryApp = "900000000000002"

// handoverEmulator has the provider's app as the Page's primary receiver,
// testSecondaryApp as a secondary one, and testPSID's conversation owned
// by owner ("" = nobody).
func handoverEmulator(t *testing.T, owner string) *graphtest.Emulator {
	t.Helper()
	emu := messageEmulator(t)
	emu.SetHandoverRoles(testPageID, graphtest.DefaultAppID, testSecondaryApp)
	emu.SetThreadOwner(testPageID, testPSID, owner)
	return emu
}

func threadControl(overrides map[string]any) map[string]any {
	return withOverrides(map[string]any{"page_id": testPageID, "recipient": testPSID, "operation": "pass", "target_app_id": testSecondaryApp}, overrides)
}

// invokeThreadControl invokes cfg, requires success and one POST to the
// edge of op, and returns the progress messages.
func invokeThreadControl(t *testing.T, emu *graphtest.Emulator, cfg map[string]any, endpoint string) []string {
	t.Helper()
	progress, diags := newRPCProvider(t, emu).invokeAction(context.Background(), threadControlAction, cfg)
	if len(diags) != 0 {
		t.Fatalf("invoke diagnostics:\n%s", diagsText(diags))
	}
	if n := emu.Calls("POST", endpoint); n != 1 {
		t.Fatalf("%d POSTs to %s, want 1: %+v", n, endpoint, emu.Requests())
	}
	return progress
}

func TestActionPageThreadControl_pass(t *testing.T) {
	t.Parallel()
	emu := handoverEmulator(t, graphtest.DefaultAppID)
	progress := invokeThreadControl(t, emu, threadControl(map[string]any{"metadata": "needs a human <b>&</b>"}), graphtest.EndpointPassThreadControl)
	thread := "the conversation with recipient " + testPSID + " on Page " + testPageID
	wantProgress(t, progress, "Passing "+thread+" to app "+testSecondaryApp, "Passed "+thread+" to app "+testSecondaryApp)
	if got := emu.ThreadOwner(testPageID, testPSID); got != testSecondaryApp {
		t.Fatalf("owner %q after the pass, want %s", got, testSecondaryApp)
	}
	events := emu.HandoverEvents(testPageID)
	if len(events) != 1 || events[0].Metadata != "needs a human <b>&</b>" || events[0].AppID != graphtest.DefaultAppID {
		t.Fatalf("events %+v", events)
	}
	// What went over the wire: the Page token in the header, the recipient
	// as Meta's JSON object.
	var post graphtest.Request
	for _, r := range emu.Requests() {
		if r.Endpoint == graphtest.EndpointPassThreadControl {
			post = r
		}
	}
	if post.Token != emu.PageToken(testPageID) || post.TokenSource != "header" || strings.Contains(post.RawQuery, "access_token") {
		t.Fatal("the pass did not carry the Page token in the Authorization header")
	}
	if got := post.Params.Get("recipient"); got != `{"id":"`+testPSID+`"}` {
		t.Fatalf("recipient %q", got)
	}
}

func TestActionPageThreadControl_passToThePageInbox(t *testing.T) {
	t.Parallel()
	emu := handoverEmulator(t, "")
	invokeThreadControl(t, emu, threadControl(map[string]any{"target_app_id": graph.PageInboxAppID}), graphtest.EndpointPassThreadControl)
	if got := emu.ThreadOwner(testPageID, testPSID); got != graph.PageInboxAppID {
		t.Fatalf("owner %q, want the Page inbox", got)
	}
}

func TestActionPageThreadControl_take(t *testing.T) {
	t.Parallel()
	emu := handoverEmulator(t, testSecondaryApp)
	progress := invokeThreadControl(t, emu, threadControl(map[string]any{"operation": "take", "target_app_id": nil, "metadata": "bot is back"}), graphtest.EndpointTakeThreadControl)
	thread := "the conversation with recipient " + testPSID + " on Page " + testPageID
	wantProgress(t, progress, "Taking control of "+thread, "Took control of "+thread)
	if got := emu.ThreadOwner(testPageID, testPSID); got != graphtest.DefaultAppID {
		t.Fatalf("owner %q after the take, want the provider's app", got)
	}
}

func TestActionPageThreadControl_request(t *testing.T) {
	t.Parallel()
	emu := handoverEmulator(t, graphtest.DefaultAppID)
	// The provider's app is a secondary receiver here, the other app primary.
	emu.SetHandoverRoles(testPageID, testSecondaryApp, graphtest.DefaultAppID)
	emu.SetThreadOwner(testPageID, testPSID, testSecondaryApp)
	progress := invokeThreadControl(t, emu, threadControl(map[string]any{"operation": "request", "target_app_id": nil, "metadata": "customer asked for a refund"}), graphtest.EndpointRequestThreadControl)
	wantProgress(t, progress,
		"Requesting control of the conversation with recipient "+testPSID+" on Page "+testPageID+" from the primary receiver",
		"Requested control of the conversation with recipient "+testPSID+" on Page "+testPageID+"; the primary receiver decides whether to pass it")
	if got := emu.ThreadOwner(testPageID, testPSID); got != testSecondaryApp {
		t.Fatalf("a request changed the owner to %q", got)
	}
	if ev := emu.HandoverEvents(testPageID); len(ev) != 1 || ev[0].Operation != "request" || ev[0].Metadata != "customer asked for a refund" {
		t.Fatalf("events %+v", ev)
	}
}

func TestActionPageThreadControl_validation(t *testing.T) {
	t.Parallel()
	emu := handoverEmulator(t, graphtest.DefaultAppID)
	p := newRPCProvider(t, emu)
	cases := map[string]struct {
		cfg  map[string]any
		want map[string]string // attribute path -> regexp of the detail
	}{
		"operation in upper case": {threadControl(map[string]any{"operation": "PASS", "target_app_id": nil}), map[string]string{"operation": `did you mean "pass"\?`}},
		// target_app_id goes with "pass": the misspelling is operation's
		// error alone, not target_app_id's too.
		"upper case, with target":   {threadControl(map[string]any{"operation": "PASS"}), map[string]string{"operation": `did you mean "pass"\?`}},
		"Meta's edge name":          {threadControl(map[string]any{"operation": "take_thread_control", "target_app_id": nil}), map[string]string{"operation": `must be one of "pass", "take", "request", "release"`}},
		"metadata with release":     {threadControl(map[string]any{"operation": "release", "target_app_id": nil, "metadata": "bye"}), map[string]string{"metadata": `metadata cannot be set when operation is "release"`}},
		"target_app_id with take":   {threadControl(map[string]any{"operation": "take"}), map[string]string{"target_app_id": `target_app_id can only be set when operation is "pass"`}},
		"target_app_id with req":    {threadControl(map[string]any{"operation": "request"}), map[string]string{"target_app_id": `target_app_id can only be set when operation is "pass"`}},
		"target_app_id not numeric": {threadControl(map[string]any{"target_app_id": "helpdesk"}), map[string]string{"target_app_id": `numeric Graph object id`}},
		"recipient not numeric":     {threadControl(map[string]any{"recipient": "alice"}), map[string]string{"recipient": `numeric Graph object id`}},
		"page not numeric":          {threadControl(map[string]any{"page_id": "my-page"}), map[string]string{"page_id": `numeric Graph object id`}},
		"empty metadata":            {threadControl(map[string]any{"metadata": ""}), map[string]string{"metadata": `at least 1`}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			diags := p.validateAction(threadControlAction, tc.cfg)
			got := map[string]string{}
			for _, d := range diags {
				got[attrPath(d.Attribute)] = d.Summary + ": " + d.Detail
			}
			if len(got) != len(tc.want) || len(diags) != len(tc.want) {
				t.Fatalf("diagnostics:\n%s\nwant errors at %v", diagsText(diags), tc.want)
			}
			for at, re := range tc.want {
				if !regexp.MustCompile(re).MatchString(got[at]) {
					t.Errorf("at %s: %q does not match %q", at, got[at], re)
				}
			}
		})
	}
	for name, cfg := range map[string]map[string]any{
		"pass":            threadControl(nil),
		"pass to primary": threadControl(map[string]any{"target_app_id": nil}),
		"take":            threadControl(map[string]any{"operation": "take", "target_app_id": nil, "metadata": "x"}),
		"request":         threadControl(map[string]any{"operation": "request", "target_app_id": nil}),
	} {
		if diags := p.validateAction(threadControlAction, cfg); len(diags) != 0 {
			t.Errorf("%s: %s", name, diagsText(diags))
		}
	}
	if n := emu.TotalCalls(); n != 0 {
		t.Fatalf("validation made %d API calls, want 0: %+v", n, emu.Requests())
	}
}

// invokeThreadControlFails invokes cfg and returns the one error diagnostic.
func invokeThreadControlFails(t *testing.T, emu *graphtest.Emulator, ctx context.Context, cfg map[string]any) *tfprotov6.Diagnostic {
	t.Helper()
	_, diags := newRPCProvider(t, emu).invokeAction(ctx, threadControlAction, cfg)
	if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityError {
		t.Fatalf("want one error, got:\n%s", diagsText(diags))
	}
	return diags[0]
}

func TestActionPageThreadControl_errorsInPlainLanguage(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		setup    func(*graphtest.Emulator)
		op       string
		cfg      map[string]any
		endpoint string
		want     []string
		attr     string
	}{
		"not the owner": {
			func(emu *graphtest.Emulator) { emu.SetThreadOwner(testPageID, testPSID, testSecondaryApp) },
			"pass", threadControl(map[string]any{"target_app_id": graph.PageInboxAppID}), "pass_thread_control",
			[]string{"(code 10, subcode 2018300", "Another app controls this conversation now", `operation = "take"`}, "",
		},
		"no role in conversation routing": {
			func(emu *graphtest.Emulator) { emu.SetHandoverRoles(testPageID, "", testSecondaryApp) },
			"take", threadControl(map[string]any{"operation": "take", "target_app_id": nil}), "take_thread_control",
			[]string{"(code 10,", "Only the Page's primary receiver may take", "conversation routing", "needs pages_messaging"}, "",
		},
		"target not a receiver": {
			nil, "pass", threadControl(map[string]any{"target_app_id": "900000000000099"}), "pass_thread_control",
			[]string{"(code 100,", "target_app_id must be an app with a role in the Page's conversation routing"}, "target_app_id",
		},
		"no matching user": {
			nil, "pass", threadControl(map[string]any{"recipient": "333000000000404"}), "pass_thread_control",
			[]string{"(code 100, subcode 2018001", "No person with this id has talked to the Page"}, "recipient",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			emu := handoverEmulator(t, graphtest.DefaultAppID)
			if tc.setup != nil {
				tc.setup(emu)
			}
			before := emu.ThreadOwner(testPageID, testPSID)
			d := invokeThreadControlFails(t, emu, context.Background(), tc.cfg)
			if d.Summary != "Unable to "+tc.op+" thread control on Page "+testPageID {
				t.Errorf("summary %q", d.Summary)
			}
			if got := attrPath(d.Attribute); got != tc.attr {
				t.Errorf("attached to %q, want %q", got, tc.attr)
			}
			for _, want := range append([]string{"POST /v26.0/" + testPageID + "/" + tc.endpoint, "fbtrace_id "}, tc.want...) {
				if !strings.Contains(d.Detail, want) {
					t.Errorf("detail lacks %q:\n%s", want, d.Detail)
				}
			}
			for _, secret := range []string{testUserToken, emu.PageToken(testPageID)} {
				if strings.Contains(d.Detail, secret) {
					t.Fatal("the diagnostic leaks a token")
				}
			}
			if n := emu.Calls("POST", "/{page-id}/"+tc.endpoint); n != 1 {
				t.Errorf("%d POSTs, want 1: a refusal is not retried", n)
			}
			if after := emu.ThreadOwner(testPageID, testPSID); after != before {
				t.Errorf("a refused request moved the thread from %q to %q", before, after)
			}
		})
	}
}

func TestActionPageThreadControl_throttledThenSentExactlyOnce(t *testing.T) {
	t.Parallel()
	emu := handoverEmulator(t, testSecondaryApp)
	f := graphtest.Throttle(graph.CodeMessengerThrottled, 0)
	f.Method, f.Endpoint, f.Times = "POST", graphtest.EndpointTakeThreadControl, 1
	emu.InjectFault(f)
	_, diags := newRPCProvider(t, emu).invokeAction(context.Background(), threadControlAction, threadControl(map[string]any{"operation": "take", "target_app_id": nil}))
	if len(diags) != 0 {
		t.Fatal(diagsText(diags))
	}
	if n := emu.Calls("POST", graphtest.EndpointTakeThreadControl); n != 2 {
		t.Fatalf("%d POSTs, want 2: the refused one and the accepted one", n)
	}
	if got := emu.ThreadOwner(testPageID, testPSID); got != graphtest.DefaultAppID {
		t.Fatalf("owner %q", got)
	}
}

// The never-sent-twice rule: the emulator carries out the pass, then the
// answer is lost. One POST only, and an error that says the conversation
// may have changed hands.
func TestActionPageThreadControl_lostAnswerIsNotResent(t *testing.T) {
	t.Parallel()
	for name, fault := range map[string]graphtest.Fault{
		"connection reset":    {ResetConnection: true},
		"temporary failure":   {Error: graphtest.MetaError(graph.CodeService)},
		"answer past timeout": {Delay: time.Minute},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			emu := handoverEmulator(t, graphtest.DefaultAppID)
			fault.Method, fault.Endpoint, fault.AfterHandling = "POST", graphtest.EndpointPassThreadControl, true
			emu.InjectFault(fault)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			d := invokeThreadControlFails(t, emu, ctx, threadControl(nil))
			if d.Summary != "Outcome of the pass thread control request on Page "+testPageID+" is unknown" {
				t.Errorf("summary %q", d.Summary)
			}
			for _, want := range []string{"POST /v26.0/" + testPageID + "/pass_thread_control", "the outcome is unknown", "was not sent again",
				"Meta may have carried out this request", "facebook_page_thread_owner"} {
				if !strings.Contains(d.Detail, want) {
					t.Errorf("detail lacks %q:\n%s", want, d.Detail)
				}
			}
			if strings.Contains(d.Detail, "Raise the resource's timeouts") {
				t.Errorf("the advice to try again must not be given when the outcome is unknown:\n%s", d.Detail)
			}
			if n := emu.Calls("POST", graphtest.EndpointPassThreadControl); n != 1 {
				t.Fatalf("%d POSTs: a handover that may have been made was sent again", n)
			}
			if got := emu.ThreadOwner(testPageID, testPSID); got != testSecondaryApp {
				t.Fatalf("owner %q: the emulator should have carried out the one pass", got)
			}
		})
	}
}
