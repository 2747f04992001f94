package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// triggeredAction configures the action actionType on the test Page with
// the rest of its config, triggered after a terraform_data resource is
// created; a new trigger value replaces that resource, so the action runs
// again.
func triggeredAction(emu *graphtest.Emulator, actionType, trigger, config string) string {
	return providerBlock(emu) + fmt.Sprintf(`
action %[1]q "this" {
  config {
    page_id = %[2]q
%[3]s
  }
}

resource "terraform_data" "trigger" {
  triggers_replace = %[4]q

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.%[1]s.this]
    }
  }
}
`, actionType, testPageID, config, trigger)
}

// triggeredMessageConfig sends a message each time release changes.
func triggeredMessageConfig(emu *graphtest.Emulator, release, config string) string {
	return triggeredAction(emu, "facebook_page_message", release, config)
}

func textConfig(text string) string {
	return fmt.Sprintf(`    recipient      = { id = %q }
    messaging_type = "UPDATE"
    message        = { text = %q }`, testPSID, text)
}

func emulatorSent(emu *graphtest.Emulator, texts ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		sent := emu.Messages(testPageID)
		if len(sent) != len(texts) {
			return fmt.Errorf("%d messages sent, want %d: %+v", len(sent), len(texts), sent)
		}
		for i, want := range texts {
			msg, _ := sent[i].Params["message"].(map[string]any)
			if msg["text"] != want || sent[i].Params["messaging_type"] != "UPDATE" {
				return fmt.Errorf("message %d: %+v, want text %q", i, sent[i].Params, want)
			}
		}
		return nil
	}
}

func TestCLIPageMessageAction_triggeredAfterCreate(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   featureActions.versionChecks(),
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config: triggeredMessageConfig(emu, "v1", textConfig("v1 is out")),
				Check:  emulatorSent(emu, "v1 is out"),
			},
			{
				// Nothing is created, so nothing is sent: the action keeps no
				// state that could make a plan re-send it.
				Config: triggeredMessageConfig(emu, "v1", textConfig("v1 is out")),
				Check:  emulatorSent(emu, "v1 is out"),
			},
			{
				// A new release replaces terraform_data: one more message.
				Config: triggeredMessageConfig(emu, "v2", textConfig("v2 is out")),
				Check:  emulatorSent(emu, "v1 is out", "v2 is out"),
			},
		},
	})
}

func TestCLIPageMessageAction_badConfigRejectedAtPlanWithoutCalls(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   featureActions.versionChecks(),
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: triggeredMessageConfig(emu, "v1", fmt.Sprintf(`    recipient      = { id = %q }
    messaging_type = "MESSAGE_TAG"
    message        = { text = "hi" }`, testPSID)),
			PlanOnly:    true,
			ExpectError: wrappedText(`tag is required when messaging_type is "MESSAGE_TAG"`),
		}},
	})
	if n := emu.TotalCalls(); n != 0 {
		t.Fatalf("bad input made %d API calls, want 0", n)
	}
}

// A refusal fails the apply with Meta's code and the hint. Meta answers
// 10/2018278 to a RESPONSE or UPDATE message sent more than 24 hours after
// the person's last message
// (developers.facebook.com/docs/messenger-platform/error-codes/); only a
// send meets that window, so the thread owner data source, a read, never
// sees it.
func TestCLIPageMessageAction_errorFailsTheApply(t *testing.T) {
	t.Parallel()
	for code, want := range map[int][]string{
		551: {"(code 551", "This person cannot receive messages from the Page"},
		10:  {"(code 10, subcode 2018278", "This message was sent outside the messaging window", `send with messaging_type = "MESSAGE_TAG"`},
	} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			t.Parallel()
			emu := messageEmulator(t)
			emu.SetRecipientError(testPageID, testPSID, code)
			expect := `(?s)` + wrappedText("Unable to send the message from Page "+testPageID).String()
			for _, w := range want {
				expect += `.*` + wrappedText(w).String()
			}
			resource.UnitTest(t, resource.TestCase{
				TerraformVersionChecks:   featureActions.versionChecks(),
				ProtoV6ProviderFactories: providerFactories(),
				Steps: []resource.TestStep{{
					Config:      triggeredMessageConfig(emu, "v1", textConfig("v1 is out")),
					ExpectError: regexp.MustCompile(expect),
				}},
			})
			if n := emu.Calls("POST", graphtest.EndpointMessages); n != 1 {
				t.Fatalf("%d sends, want 1: a refusal is not retried", n)
			}
			if len(emu.Messages(testPageID)) != 0 {
				t.Fatal("a refused message was recorded")
			}
		})
	}
}

// Meta answered HTTP 200 with a message_id and a throttling envelope after
// delivering the message: the send is not repeated, and the apply says
// delivery is unknown rather than retrying a throttled call.
func TestCLIPageMessageAction_200WithThrottlingEnvelopeIsSentOnce(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	emu.InjectFault(deliveredButThrottled())
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   featureActions.versionChecks(),
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: triggeredMessageConfig(emu, "v1", textConfig("v1 is out")),
			ExpectError: regexp.MustCompile(`(?s)` + wrappedText("Delivery of the message from Page "+testPageID+" is unknown").String() +
				`.*` + wrappedText("Meta answered HTTP 200 with an error envelope").String() + `.*` + wrappedText("Meta may have delivered this message").String()),
		}},
	})
	if n := emu.Calls("POST", graphtest.EndpointMessages); n != 1 {
		t.Fatalf("%d sends, want 1: a message Meta answered with a message_id was sent again", n)
	}
	if n := len(emu.Messages(testPageID)); n != 1 {
		t.Fatalf("the person got %d messages, want 1", n)
	}
}
