package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

const (
	threadOwnerAddr = "data.facebook_page_thread_owner.test"
	ownerAppID      = "263902037430900"
)

func threadOwnerConfig(emu *graphtest.Emulator, recipient string) string {
	return providerBlock(emu) + fmt.Sprintf(`
data "facebook_page_thread_owner" "test" {
  page_id   = %q
  recipient = %q
}
`, testPageID, recipient)
}

func expectOwner(check knownvalue.Check) []statecheck.StateCheck {
	return []statecheck.StateCheck{statecheck.ExpectKnownValue(threadOwnerAddr, tfjsonpath.New("app_id"), check)}
}

func TestCLIPageThreadOwner_ownerAndNoOwner(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	emu.SetThreadOwner(testPageID, psidAlex, ownerAppID)
	emu.SetThreadOwner(testPageID, psidSam, "")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config:            threadOwnerConfig(emu, psidAlex),
				ConfigStateChecks: expectOwner(knownvalue.StringExact(ownerAppID)),
				Check:             lastRequestParam(emu, graphtest.EndpointThreadOwner, "recipient", psidAlex),
			},
			{
				// Meta answers empty data: null, not "".
				Config:            threadOwnerConfig(emu, psidSam),
				ConfigStateChecks: expectOwner(knownvalue.Null()),
				Check:             lastRequestParam(emu, graphtest.EndpointThreadOwner, "recipient", psidSam),
			},
			{
				// Control passed to another app between two runs.
				PreConfig:         func() { emu.SetThreadOwner(testPageID, psidSam, "111111111111111") },
				Config:            threadOwnerConfig(emu, psidSam),
				ConfigStateChecks: expectOwner(knownvalue.StringExact("111111111111111")),
			},
		},
	})
}

func TestCLIPageThreadOwner_secondaryReceiverExplainedInPlainWords(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	emu.SetSecondaryReceiver(testPageID, psidKim)
	configFails(t, threadOwnerConfig(emu, psidKim),
		regexp.MustCompile(`(?s)Unable to read the thread owner.*GET\s+/v26\.0/`+testPageID+`/thread_owner:.*`+
			`code\s+100,\s+subcode\s+2018234,.*fbtrace_id\s+\S+\).*`+
			wrappedText("is a secondary receiver on the Page (Conversation Routing), and another app controls this conversation").String()+`.*`+
			wrappedText("Only the Page's primary receiver may ask").String()))
	// Not a throttle nor a transient fault: asked once.
	if n := emu.Calls("GET", graphtest.EndpointThreadOwner); n != 1 {
		t.Fatalf("thread_owner called %d times, want 1", n)
	}
}

func TestCLIPageThreadOwner_apiError(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	// The emulator answers 100/2018001 for a PSID that never wrote to the Page.
	configFails(t, threadOwnerConfig(emu, "399999999999999"),
		regexp.MustCompile(`(?s)Unable to read the thread owner.*GET\s+/v26\.0/`+testPageID+`/thread_owner:\s+\(#100\)\s+No\s+matching\s+user\s+found`+
			`\s+\(code\s+100,\s+subcode\s+2018001,\s+type\s+OAuthException,\s+fbtrace_id\s+[A-Za-z0-9_-]{20,}\)`+
			`.*No\s+person\s+with\s+this\s+id\s+has\s+talked\s+to\s+the\s+Page:\s+check\s+the\s+recipient`))
}

func TestCLIPageThreadOwner_throttledThenAnswered(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	emu.SetThreadOwner(testPageID, psidAlex, ownerAppID)
	f := graphtest.Throttle(613, 0)
	f.Method, f.Endpoint, f.Times = "GET", graphtest.EndpointThreadOwner, 2
	emu.InjectFault(f)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config:            threadOwnerConfig(emu, psidAlex),
			ConfigStateChecks: expectOwner(knownvalue.StringExact(ownerAppID)),
			Check:             eachReadTook(emu, graphtest.EndpointThreadOwner, 1, 2),
		}},
	})
}
