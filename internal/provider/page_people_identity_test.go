package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
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

func TestCLIPageAssignedUser_identityFollowsTheResource(t *testing.T) {
	emu := newPeopleEmulator(t)
	identityTest(t,
		resource.TestStep{
			Config: assignedUserConfig(emu, "ANALYZE"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentity(assignedUserAddr, assignedUserIdentity(testPageID, testBusinessID, testUserID)),
				statecheck.ExpectIdentityValueMatchesState(assignedUserAddr, tfjsonpath.New("user_id")),
			},
		},
		identityImportStep(assignedUserAddr),
	)
}

// The hand-made assignment the create refuses is brought in with the
// import block by identity its error shows; the next plan is empty.
func TestCLIPageAssignedUser_importByIdentity(t *testing.T) {
	emu := newPeopleEmulator(t)
	emu.SetAssignedUser(testPageID, testUserID, []string{"ANALYZE", "MANAGE"})
	config := assignedUserConfig(emu, "MANAGE", "ANALYZE") +
		identityImportBlock(assignedUserAddr, "page_id", testPageID, "business_id", testBusinessID, "user_id", testUserID)
	identityTest(t,
		adoptStep(config, assignedUserAddr,
			statecheck.ExpectIdentity(assignedUserAddr, assignedUserIdentity(testPageID, testBusinessID, testUserID)),
			statecheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("user_name"), knownvalue.StringExact(testUserName)),
			statecheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("business_name"), knownvalue.StringExact(testBusiness)),
		),
		emptyPlanStep(config, noWrites(emu, graphtest.EndpointAssignedUsers)),
	)
}

func TestCLIPageAssignedUser_importByBadIdentityFailsBeforeAnyCall(t *testing.T) {
	emu := newPeopleEmulator(t)
	config := assignedUserConfig(emu, "ANALYZE") +
		identityImportBlock(assignedUserAddr, "page_id", testPageID, "business_id", "acme", "user_id", testUserID)
	identityTest(t, resource.TestStep{
		Config:      config,
		ExpectError: wrappedSequence("Invalid import identity for facebook_page_assigned_user", `business_id "acme", which is not a numeric Graph id`),
	})
	if n := emu.Calls("GET", graphtest.EndpointAssignedUsers) + emu.Calls("POST", graphtest.EndpointAssignedUsers); n != 0 {
		t.Fatalf("%d calls to the edge, want 0", n)
	}
}

func TestCLIPageSubscribedApp_identityAndImportByIdentity(t *testing.T) {
	emu := newEmulator(t)
	emu.SetSubscription(testPageID, graphtest.DefaultAppID, []string{"feed"})
	config := subscribedAppConfig(emu, "feed") + identityImportBlock(subscribedAppAddr, "page_id", testPageID, "app_id", graphtest.DefaultAppID)
	identityTest(t,
		adoptStep(config, subscribedAppAddr,
			statecheck.ExpectIdentity(subscribedAppAddr, subscribedAppIdentity(testPageID, graphtest.DefaultAppID)),
			statecheck.ExpectKnownValue(subscribedAppAddr, tfjsonpath.New("id"), knownvalue.StringExact(testPageID+"/"+graphtest.DefaultAppID)),
		),
		emptyPlanStep(config, noWrites(emu, graphtest.EndpointSubscribedApps)),
	)
}
