package provider

import (
	"strings"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

func TestHintInPlainWords(t *testing.T) {
	secondary := &graph.Error{Code: graph.CodeInvalidParameter, Subcode: graph.SubcodeSecondaryReceiver, Message: "(#100) ..."}
	if h := hint(secondary); !strings.Contains(h, "secondary receiver") || !strings.Contains(h, "primary receiver") {
		t.Errorf("2018234 hint = %q", h)
	}
	// Other subcodes of code 100 have no explanation of their own.
	if h := hint(&graph.Error{Code: graph.CodeInvalidParameter, Subcode: 1}); h != "" {
		t.Errorf("code 100/1 got a hint: %q", h)
	}
	for _, c := range []struct {
		err  *graph.Error
		want []string
	}{
		{&graph.Error{Code: graph.CodeInvalidParameter, Subcode: graph.SubcodeNoSuchObject}, []string{"no object with this id", "role"}},
		{&graph.Error{Code: graph.CodeInvalidParameter, Subcode: graph.SubcodeNoMatchingUser}, []string{"check the recipient", "PSID"}},
		{&graph.Error{Code: graph.CodeOAuth, Subcode: graph.SubcodeTokenExpired}, []string{"has expired", "system-user token", "long-lived"}},
		{&graph.Error{Code: graph.CodeOAuth, Subcode: graph.SubcodeInvalidAccessToken}, []string{"not valid", "system-user token"}},
		{&graph.Error{Code: graph.CodeOAuth}, []string{"invalid or expired", "FACEBOOK_ACCESS_TOKEN", "system-user token"}},
		{&graph.Error{Code: graph.CodePermission, Endpoint: "/v19.0/1/agencies"}, []string{"App Review", "Advanced Access", "(agencies) needs business_management", "MANAGE task"}},
		{&graph.Error{Code: graph.CodeAPIPermission, Endpoint: "/v19.0/1/messages"}, []string{"App Review", "(messages) needs pages_messaging"}},
	} {
		h := hint(c.err)
		for _, w := range c.want {
			if !strings.Contains(h, w) {
				t.Errorf("%d/%d hint %q lacks %q", c.err.Code, c.err.Subcode, h, w)
			}
		}
	}

	// An entry for a whole code covers its subcodes without an entry.
	table := plainTable{{551, 0}: "not available", {551, 7}: "subcode 7"}
	for subcode, want := range map[int]string{0: "not available", 1545041: "not available", 7: "subcode 7"} {
		if got, ok := table.explain(&graph.Error{Code: 551, Subcode: subcode}); !ok || got != want {
			t.Errorf("551/%d = %q, %v; want %q", subcode, got, ok, want)
		}
	}
	if _, ok := table.explain(&graph.Error{Code: 100, Subcode: 7}); ok {
		t.Error("another code matched")
	}
}

// Error 10 with subcode 1893063 (Messenger Platform changelog, 2026-06-25)
// is a Page temporarily restricted from sending messages: its hint says so,
// and never sends the user to App Review or to permissions.
func TestHintForAPageRestrictedFromSending(t *testing.T) {
	err := &graph.Error{Method: "POST", Endpoint: "/v26.0/1/messages", Code: graph.CodeAPIPermission, Subcode: graph.SubcodePageRestricted,
		Message: "(#10) This Page is temporarily restricted from sending messages", FBTraceID: "T"}
	got := hint(err)
	if !strings.Contains(got, "temporarily restricted this Page from sending messages") {
		t.Errorf("hint %q does not say the Page is restricted", got)
	}
	for _, wrong := range []string{"App Review", "needs pages_messaging", "lacks a permission"} {
		if strings.Contains(got, wrong) {
			t.Errorf("hint %q points at %q", got, wrong)
		}
	}
	// Code 10 without that subcode is still a missing permission.
	if other := hint(&graph.Error{Endpoint: "/v26.0/1/messages", Code: graph.CodeAPIPermission}); !strings.Contains(other, "App Review") {
		t.Errorf("hint for plain code 10: %q", other)
	}
}
