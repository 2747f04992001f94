package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// The Page tasks and webhook fields Meta added in June 2026 (src/objects/page.js
// of github.com/facebook/facebook-nodejs-business-sdk, commit 5028ac2) each
// apply, and read back with no drift.
func TestCLIOpenEnums_june2026AdditionsApply(t *testing.T) {
	t.Parallel()
	t.Run("agency", func(t *testing.T) {
		t.Parallel()
		emu := newEmulator(t)
		tasks := []string{"PROFILE_PLUS_CREATIVE_MANAGEMENT", "PROFILE_PLUS_CREATOR_MANAGEMENT"}
		config := agencyConfig(emu, tasks...)
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: providerFactories(),
			Steps:                    []resource.TestStep{{Config: config, Check: emulatorHasAgency(emu, tasks...)}, emptyPlanStep(config)},
		})
	})
	t.Run("person", func(t *testing.T) {
		t.Parallel()
		emu := newPeopleEmulator(t)
		config := assignedUserConfig(emu, "PROFILE_PLUS_CREATOR_MANAGEMENT")
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: providerFactories(),
			Steps:                    []resource.TestStep{{Config: config, Check: emulatorHasUserTasks(emu, "PROFILE_PLUS_CREATOR_MANAGEMENT")}, emptyPlanStep(config)},
		})
	})
	t.Run("webhook fields", func(t *testing.T) {
		t.Parallel()
		emu := newEmulator(t)
		config := subscribedAppConfig(emu, "agent_messages", "agent_questions")
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: providerFactories(),
			Steps:                    []resource.TestStep{{Config: config, Check: emulatorHasFields(emu, "agent_messages", "agent_questions")}, emptyPlanStep(config)},
		})
	})
}

// A task and a field that Meta adds after this provider version (neither
// the provider nor the emulator's tables know them; the emulator is told
// Meta accepts them) are sent as written, with a warning, and kept with no
// drift.
func TestCLIOpenEnums_valuesMetaHasJustAddedApply(t *testing.T) {
	t.Parallel()
	const task, field = "PROFILE_PLUS_BRAND_NEW_TASK", "brand_new_field"
	t.Run("agency task", func(t *testing.T) {
		t.Parallel()
		emu := newEmulator(t)
		emu.MetaAddsTask(task)
		config := agencyConfig(emu, "ANALYZE", task)
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: providerFactories(),
			Steps:                    []resource.TestStep{{Config: config, Check: emulatorHasAgency(emu, "ANALYZE", task)}, emptyPlanStep(config)},
		})
	})
	t.Run("person task", func(t *testing.T) {
		t.Parallel()
		emu := newPeopleEmulator(t)
		emu.MetaAddsTask(task)
		config := assignedUserConfig(emu, task)
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: providerFactories(),
			Steps:                    []resource.TestStep{{Config: config, Check: emulatorHasUserTasks(emu, task)}, emptyPlanStep(config)},
		})
	})
	t.Run("webhook field", func(t *testing.T) {
		t.Parallel()
		emu := newEmulator(t)
		emu.MetaAddsWebhookField(field)
		config := subscribedAppConfig(emu, "messages", field)
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: providerFactories(),
			Steps:                    []resource.TestStep{{Config: config, Check: emulatorHasFields(emu, "messages", field)}, emptyPlanStep(config)},
		})
	})
	t.Run("warning names the value", func(t *testing.T) {
		t.Parallel()
		emu := newEmulator(t)
		tf := newInProcessDir(t, agencyConfig(emu, "ANALYZE", task))
		r := tf.run("validate")
		if r.code != 0 || !strings.Contains(r.output(), `"`+task+`"`) || !wrappedText("Meta will decide").MatchString(r.output()) {
			t.Fatalf("terraform validate (exit %d) does not warn about %s:\n%s", r.code, task, r.output())
		}
		if n := emu.TotalCalls(); n != 0 {
			t.Fatalf("validate made %d calls", n)
		}
	})
}

// A near miss of a known task is a typo: refused by validate and plan, with
// "did you mean", before any call.
func TestCLIOpenEnums_nearMissRefusedWithoutCalls(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, config, want string }{
		{"agency", "", `did you mean "ANALYZE"?`},
		{"person", "person", `did you mean "ANALYZE"?`},
		{"webhook field", "field", `did you mean "messages"?`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			emu := newPeopleEmulator(t)
			config := agencyConfig(emu, "ANALYSE")
			switch tc.config {
			case "person":
				config = assignedUserConfig(emu, "ANALYSE")
			case "field":
				config = subscribedAppConfig(emu, "mesages")
			}
			tf := newInProcessDir(t, config)
			for _, cmd := range []string{"validate", "plan"} {
				r := tf.run(cmd)
				if r.code == 0 || !wrappedText(tc.want).MatchString(r.output()) {
					t.Errorf("terraform %s (exit %d) does not refuse the near miss with %s:\n%s", cmd, r.code, tc.want, r.output())
				}
			}
			if n := emu.TotalCalls(); n != 0 {
				t.Fatalf("a near miss made %d calls", n)
			}
		})
	}
}

// A well-formed value Meta refuses fails the apply on its attribute, with
// Meta's message, and leaves nothing in state.
func TestCLIOpenEnums_valueMetaRefusesFailsOnTheAttribute(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, addr string
		config     func(*graphtest.Emulator) string
		attr       string
	}{
		{"agency", "facebook_page_agency.test", func(emu *graphtest.Emulator) string { return agencyConfig(emu, "NOT_A_META_TASK") }, "permitted_tasks"},
		{"person", "facebook_page_assigned_user.test", func(emu *graphtest.Emulator) string { return assignedUserConfig(emu, "NOT_A_META_TASK") }, "tasks"},
		{"webhook field", subscribedAppAddr, func(emu *graphtest.Emulator) string { return subscribedAppConfig(emu, "not_a_meta_field") }, "subscribed_fields"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			emu := newPeopleEmulator(t)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(),
				Steps: []resource.TestStep{{
					Config: tc.config(emu),
					// "with <address>" and the configured line are how Terraform
					// shows an error attached to the attribute.
					ExpectError: wrappedSequence("with "+tc.addr, tc.attr, "must be one of"),
				}},
				CheckDestroy: func(s *terraform.State) error {
					if _, ok := s.RootModule().Resources[tc.addr]; ok {
						t.Errorf("%s is in state after Meta refused it", tc.addr)
					}
					return nil
				},
			})
			if _, ok := emu.Agency(testPageID, testBusinessID); ok {
				t.Fatal("the emulator holds the grant Meta refused")
			}
		})
	}
}
