package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// Creates on the assigned_users and subscribed_apps edges, where Meta
// changes access in place and never answers "already assigned": they must
// not take over access they did not give (#10), except their own write
// whose answer was lost.

// loseWriteAnswers makes the first POST to endpoint carried out but its
// answer lost (the connection drops mid-answer), and every POST after it a
// transient server error, so the create's POST fails after its retries
// while the first attempt's assignment stands.
func loseWriteAnswers(emu *graphtest.Emulator, endpoint string) {
	emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: endpoint, Times: 1, AfterHandling: true, ResetConnection: true})
	emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: endpoint, Skip: 1, Status: 500, Error: graphtest.MetaError(2)})
}

// postsWere checks how many POSTs the edge received.
func postsWere(emu *graphtest.Emulator, endpoint string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := emu.Calls("POST", endpoint); n != want {
			return fmt.Errorf("%d POSTs to %s, want %d", n, endpoint, want)
		}
		return nil
	}
}

// A user given exactly the planned tasks by hand is not taken over: the
// create refuses, with no POST, and says how to import it by id and by
// identity; the hand-made assignment keeps its access.
func TestCLIPageAssignedUser_handMadeIdenticalIsNotAdopted(t *testing.T) {
	emu := newPeopleEmulator(t)
	emu.SetAssignedUser(testPageID, testUserID, []string{"ANALYZE"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: assignedUserConfig(emu, "ANALYZE"),
			ExpectError: wrappedSequence("The user already has tasks on this Page", "user "+testUserID+" already holds ANALYZE on Page "+testPageID,
				"terraform import <resource address> "+testPageID+"/"+testBusinessID+"/"+testUserID,
				"by identity", `page_id     = "`+testPageID+`"`, `business_id = "`+testBusinessID+`"`, `user_id     = "`+testUserID+`"`),
		}},
	})
	if n := emu.Calls("POST", graphtest.EndpointAssignedUsers); n != 0 {
		t.Fatalf("%d POSTs, want none", n)
	}
	if _, ok := emu.AssignedUser(testPageID, testUserID); !ok {
		t.Fatal("the hand-made assignment lost its access")
	}
}

// Two resources for the same user: both would succeed (the POST updates in
// place), and destroying either would take the other's access away. Only
// one create goes through.
func TestCLIPageAssignedUser_twoResourcesForOneUser(t *testing.T) {
	emu := newPeopleEmulator(t)
	config := assignedUserConfig(emu, "ANALYZE") + fmt.Sprintf(`
resource "facebook_page_assigned_user" "twin" {
  page_id     = %q
  business_id = %q
  user_id     = %q
  tasks       = ["ANALYZE"]
}
`, testPageID, testBusinessID, testUserID)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: wrappedSequence("Two resources manage the same access", "user "+testUserID+" on Page "+testPageID+" is already being created"),
		}},
	})
	if n := emu.Calls("POST", graphtest.EndpointAssignedUsers); n != 1 {
		t.Fatalf("%d POSTs, want 1", n)
	}
}

// A create whose POST reached Meta but whose answers were lost or failed
// until the retries ran out: the user was absent before the POST and is now
// listed with exactly the posted tasks, so the assignment is this create's
// own and is kept, in state, in the same apply.
func TestCLIPageAssignedUser_lostAnswerIsAdopted(t *testing.T) {
	emu := newPeopleEmulator(t)
	loseWriteAnswers(emu, graphtest.EndpointAssignedUsers)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: assignedUserConfig(emu, "ANALYZE", "ADVERTISE"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("id"), knownvalue.StringExact(testPageID+"/"+testBusinessID+"/"+testUserID)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				emulatorHasUserTasks(emu, "ADVERTISE", "ANALYZE"),
				postsWere(emu, graphtest.EndpointAssignedUsers, 1+graph.DefaultMaxRetries),
			),
		}},
	})
}

// A POST that Meta refused outright (an answer, not a lost one) is never
// settled by the listing: the error stands.
func TestCLIPageAssignedUser_refusedPostIsNotSettledByTheListing(t *testing.T) {
	emu := newPeopleEmulator(t)
	emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: graphtest.EndpointAssignedUsers, Error: graphtest.MetaError(200)})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config:      assignedUserConfig(emu, "ANALYZE"),
			ExpectError: wrappedSequence("Unable to give the user tasks on the Page", "code 200"),
		}},
	})
	// One listing before the POST, none after it.
	if n := emu.Calls("GET", graphtest.EndpointAssignedUsers); n != 1 {
		t.Fatalf("%d listing calls, want 1 (the check before the POST)", n)
	}
}

// The same for a subscription made by hand with exactly the planned fields.
func TestCLIPageSubscribedApp_handMadeIdenticalIsNotAdopted(t *testing.T) {
	emu := newEmulator(t)
	emu.SetSubscription(testPageID, graphtest.DefaultAppID, []string{"feed", "messages"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: subscribedAppConfig(emu, "messages", "feed"),
			ExpectError: wrappedSequence("The app is already subscribed to this Page", "app "+graphtest.DefaultAppID+" already holds",
				"terraform import <resource address> "+testPageID+"/"+graphtest.DefaultAppID,
				"by identity", `page_id = "`+testPageID+`"`, `app_id  = "`+graphtest.DefaultAppID+`"`),
		}},
	})
	if n := emu.Calls("POST", graphtest.EndpointSubscribedApps); n != 0 {
		t.Fatalf("%d POSTs, want none", n)
	}
	if _, ok := emu.Subscription(testPageID, graphtest.DefaultAppID); !ok {
		t.Fatal("the hand-made subscription was removed")
	}
}

func TestCLIPageSubscribedApp_lostAnswerIsAdopted(t *testing.T) {
	emu := newEmulator(t)
	loseWriteAnswers(emu, graphtest.EndpointSubscribedApps)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: subscribedAppConfig(emu, "messages", "feed"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(subscribedAppAddr, tfjsonpath.New("id"), knownvalue.StringExact(testPageID+"/"+graphtest.DefaultAppID)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				emulatorHasFields(emu, "feed", "messages"),
				postsWere(emu, graphtest.EndpointSubscribedApps, 1+graph.DefaultMaxRetries),
			),
		}},
	})
}
