package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// triggeredThreadControlConfig runs facebook_page_thread_control on
// testPSID's conversation each time ticket changes.
func triggeredThreadControlConfig(emu *graphtest.Emulator, ticket, config string) string {
	return triggeredAction(emu, "facebook_page_thread_control", ticket, fmt.Sprintf("    recipient = %q\n%s", testPSID, config))
}

func emulatorOwner(emu *graphtest.Emulator, want string, events int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := emu.ThreadOwner(testPageID, testPSID); got != want {
			return fmt.Errorf("thread owner %q, want %q", got, want)
		}
		if got := len(emu.HandoverEvents(testPageID)); got != events {
			return fmt.Errorf("%d handover requests carried out, want %d", got, events)
		}
		return nil
	}
}

func TestCLIPageThreadControlAction_passThenTake(t *testing.T) {
	t.Parallel()
	emu := handoverEmulator(t, graphtest.DefaultAppID)
	pass := fmt.Sprintf(`    operation     = "pass"
    target_app_id = %q
    metadata      = "refund request: needs a human"`, testSecondaryApp)
	take := `    operation = "take"
    metadata  = "back to the bot"`
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   featureActions.versionChecks(),
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config: triggeredThreadControlConfig(emu, "T-1", pass),
				Check:  emulatorOwner(emu, testSecondaryApp, 1),
			},
			{
				// Nothing is created, so nothing is sent again.
				Config: triggeredThreadControlConfig(emu, "T-1", pass),
				Check:  emulatorOwner(emu, testSecondaryApp, 1),
			},
			{
				// A new ticket replaces terraform_data: the primary takes it back.
				Config: triggeredThreadControlConfig(emu, "T-2", take),
				Check:  emulatorOwner(emu, graphtest.DefaultAppID, 2),
			},
		},
	})
	if got := emu.HandoverEvents(testPageID)[0].Metadata; got != "refund request: needs a human" {
		t.Fatalf("metadata %q", got)
	}
}

func TestCLIPageThreadControlAction_badConfigRejectedAtPlanWithoutCalls(t *testing.T) {
	t.Parallel()
	emu := handoverEmulator(t, graphtest.DefaultAppID)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   featureActions.versionChecks(),
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: triggeredThreadControlConfig(emu, "T-1", fmt.Sprintf(`    operation     = "take"
    target_app_id = %q`, testSecondaryApp)),
			PlanOnly:    true,
			ExpectError: wrappedText(`target_app_id can only be set when operation is "pass"`),
		}},
	})
	if n := emu.TotalCalls(); n != 0 {
		t.Fatalf("bad input made %d API calls, want 0", n)
	}
}

func TestCLIPageThreadControlAction_refusalFailsTheApply(t *testing.T) {
	t.Parallel()
	// Another app controls the conversation: the provider's app may not pass it.
	emu := handoverEmulator(t, testSecondaryApp)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   featureActions.versionChecks(),
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: triggeredThreadControlConfig(emu, "T-1", `    operation     = "pass"
    target_app_id = "263902037430900"`),
			ExpectError: regexp.MustCompile(`(?s)` + wrappedText("Unable to pass thread control on Page "+testPageID).String() +
				`.*` + wrappedText("(code 10, subcode 2018300").String() + `.*` + wrappedText("Another app controls this conversation now").String()),
		}},
	})
	if got := emu.ThreadOwner(testPageID, testPSID); got != testSecondaryApp {
		t.Fatalf("a refused pass moved the thread to %q", got)
	}
}

// On demand: `terraform apply -invoke` runs the action alone, then an
// ordinary apply neither sends it again nor misses the change, which the
// thread owner data source reads.
func TestCLIPageThreadControlAction_invokeOnDemand(t *testing.T) {
	t.Parallel()
	skipUnlessCLIHas(t, featureActions)
	emu := handoverEmulator(t, testSecondaryApp)
	tf := newInProcessDir(t, providerBlock(emu)+fmt.Sprintf(`
data "facebook_page_thread_owner" "customer" {
  page_id   = %[1]q
  recipient = %[2]q
}

action "facebook_page_thread_control" "take" {
  config {
    page_id   = %[1]q
    recipient = %[2]q
    operation = "take"
  }
}

output "owner" {
  value = data.facebook_page_thread_owner.customer.app_id
}
`, testPageID, testPSID))
	tf.must("apply", "-auto-approve", "-invoke=action.facebook_page_thread_control.take")
	if got := emu.ThreadOwner(testPageID, testPSID); got != graphtest.DefaultAppID {
		t.Fatalf("owner %q after -invoke, want the provider's app", got)
	}
	tf.must("apply", "-auto-approve")
	if n := emu.Calls("POST", graphtest.EndpointTakeThreadControl); n != 1 {
		t.Fatalf("%d takes: an apply without -invoke or a trigger must not run the action", n)
	}
	if got := tf.outputs()["owner"]; got != graphtest.DefaultAppID {
		t.Fatalf("facebook_page_thread_owner reads %v after the take, want %s", got, graphtest.DefaultAppID)
	}
}

// Conversation Routing's release: the app in control lets the conversation
// go (POST /{page-id}/release_thread_control), and nobody controls it after.
// Then a take, answered with the thread's owner instead of {"success": true}
// (the answer Meta's conversation-control guide shows), succeeds.
func TestCLIPageThreadControlAction_releaseThenTakeAnsweredWithTheOwner(t *testing.T) {
	t.Parallel()
	emu := handoverEmulator(t, graphtest.DefaultAppID)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   featureActions.versionChecks(),
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config: triggeredThreadControlConfig(emu, "T-1", `    operation = "release"`),
				Check:  emulatorOwner(emu, "", 1),
			},
			{
				PreConfig: func() { emu.SetThreadControlAnswer(graphtest.AnswerThreadOwner) },
				Config:    triggeredThreadControlConfig(emu, "T-2", `    operation = "take"`),
				Check:     emulatorOwner(emu, graphtest.DefaultAppID, 2),
			},
		},
	})
	if n := emu.Calls("POST", graphtest.EndpointReleaseThreadControl); n != 1 {
		t.Fatalf("%d calls to release_thread_control, want 1", n)
	}
}

func TestCLIPageThreadControlAction_releaseTakesNoMetadata(t *testing.T) {
	t.Parallel()
	emu := handoverEmulator(t, graphtest.DefaultAppID)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   featureActions.versionChecks(),
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: triggeredThreadControlConfig(emu, "T-1", `    operation = "release"
    metadata  = "bye"`),
			PlanOnly:    true,
			ExpectError: wrappedText(`metadata cannot be set when operation is "release"`),
		}},
	})
	if n := emu.TotalCalls(); n != 0 {
		t.Fatalf("bad input made %d API calls, want 0", n)
	}
}
