package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// Resource identity of facebook_page_assigned_user and
// facebook_page_subscribed_app (Terraform >= 1.12; skipped, saying why, on
// older CLIs and OpenTofu).

func assignedUserIdentity(pageID, businessID, userID string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{
		"page_id": knownvalue.StringExact(pageID), "business_id": knownvalue.StringExact(businessID), "user_id": knownvalue.StringExact(userID),
	}
}

func subscribedAppIdentity(pageID, appID string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"page_id": knownvalue.StringExact(pageID), "app_id": knownvalue.StringExact(appID)}
}

// noWrites checks that no POST or DELETE reached the edge.
func noWrites(emu *graphtest.Emulator, endpoint string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := emu.Calls("POST", endpoint) + emu.Calls("DELETE", endpoint); n != 0 {
			return fmt.Errorf("importing made %d writes, want 0", n)
		}
		return nil
	}
}

func TestCLIPageAssignedUser_identityFollowsTheResource(t *testing.T) {
	emu := newPeopleEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   skipBelowIdentity,
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config: assignedUserConfig(emu, "ANALYZE"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(assignedUserAddr, assignedUserIdentity(testPageID, testBusinessID, testUserID)),
					statecheck.ExpectIdentityValueMatchesState(assignedUserAddr, tfjsonpath.New("user_id")),
				},
			},
			{
				ResourceName:    assignedUserAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(assignedUserAddr, plancheck.ResourceActionNoop)},
				},
			},
		},
	})
}

// The hand-made assignment the create refuses is brought in with the
// import block by identity its error shows; the next plan is empty.
func TestCLIPageAssignedUser_importByIdentity(t *testing.T) {
	emu := newPeopleEmulator(t)
	emu.SetAssignedUser(testPageID, testUserID, []string{"ANALYZE", "MANAGE"})
	config := assignedUserConfig(emu, "MANAGE", "ANALYZE") + fmt.Sprintf(`
import {
  to       = %s
  identity = {
    page_id     = %q
    business_id = %q
    user_id     = %q
  }
}
`, assignedUserAddr, testPageID, testBusinessID, testUserID)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   skipBelowIdentity,
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(assignedUserAddr, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(assignedUserAddr, assignedUserIdentity(testPageID, testBusinessID, testUserID)),
					statecheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("user_name"), knownvalue.StringExact(testUserName)),
					statecheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("business_name"), knownvalue.StringExact(testBusiness)),
				},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            noWrites(emu, graphtest.EndpointAssignedUsers),
			},
		},
	})
}

func TestCLIPageAssignedUser_importByBadIdentityFailsBeforeAnyCall(t *testing.T) {
	emu := newPeopleEmulator(t)
	config := assignedUserConfig(emu, "ANALYZE") + fmt.Sprintf(`
import {
  to       = %s
  identity = {
    page_id     = %q
    business_id = "acme"
    user_id     = %q
  }
}
`, assignedUserAddr, testPageID, testUserID)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   skipBelowIdentity,
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: wrappedSequence("Invalid import identity for facebook_page_assigned_user", `business_id "acme", which is not a numeric Graph id`),
		}},
	})
	if n := emu.Calls("GET", graphtest.EndpointAssignedUsers) + emu.Calls("POST", graphtest.EndpointAssignedUsers); n != 0 {
		t.Fatalf("%d calls to the edge, want 0", n)
	}
}

func TestCLIPageSubscribedApp_identityAndImportByIdentity(t *testing.T) {
	emu := newEmulator(t)
	emu.SetSubscription(testPageID, graphtest.DefaultAppID, []string{"feed"})
	config := subscribedAppConfig(emu, "feed") + fmt.Sprintf(`
import {
  to       = %s
  identity = {
    page_id = %q
    app_id  = %q
  }
}
`, subscribedAppAddr, testPageID, graphtest.DefaultAppID)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   skipBelowIdentity,
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(subscribedAppAddr, plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(subscribedAppAddr, subscribedAppIdentity(testPageID, graphtest.DefaultAppID)),
					statecheck.ExpectKnownValue(subscribedAppAddr, tfjsonpath.New("id"), knownvalue.StringExact(testPageID+"/"+graphtest.DefaultAppID)),
				},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            noWrites(emu, graphtest.EndpointSubscribedApps),
			},
		},
	})
}
