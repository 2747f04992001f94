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

// lostAnswerIsAdopted applies config, whose one resource at addr creates
// through endpoint, with the answers of its writes lost (loseWriteAnswers):
// the create must keep its own assignment, with the import id id in state
// and what holds checks on Meta's side, after the first POST and every
// retry.
func lostAnswerIsAdopted(t *testing.T, emu *graphtest.Emulator, endpoint, config, addr, id string, holds resource.TestCheckFunc) {
	t.Helper()
	loseWriteAnswers(emu, endpoint)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config:            config,
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id))},
			Check:             resource.ComposeAggregateTestCheckFunc(holds, postsWere(emu, endpoint, 1+graph.DefaultMaxRetries)),
		}},
	})
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
	configFails(t, assignedUserConfig(emu, "ANALYZE"),
		wrappedSequence("The user already has tasks on this Page", "user "+testUserID+" already holds ANALYZE on Page "+testPageID,
			"terraform import <resource address> "+testPageID+"/"+testBusinessID+"/"+testUserID,
			"by identity", `page_id     = "`+testPageID+`"`, `business_id = "`+testBusinessID+`"`, `user_id     = "`+testUserID+`"`))
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
	configFails(t, config,
		wrappedSequence("Two resources manage the same access", "user "+testUserID+" on Page "+testPageID+" is already being created"))
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
	lostAnswerIsAdopted(t, emu, graphtest.EndpointAssignedUsers, assignedUserConfig(emu, "ANALYZE", "ADVERTISE"),
		assignedUserAddr, testPageID+"/"+testBusinessID+"/"+testUserID, emulatorHasUserTasks(emu, "ADVERTISE", "ANALYZE"))
}

// A POST that Meta refused outright (an answer, not a lost one) is never
// settled by the listing: the error stands.
func TestCLIPageAssignedUser_refusedPostIsNotSettledByTheListing(t *testing.T) {
	emu := newPeopleEmulator(t)
	emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: graphtest.EndpointAssignedUsers, Error: graphtest.MetaError(200)})
	configFails(t, assignedUserConfig(emu, "ANALYZE"), wrappedSequence("Unable to give the user tasks on the Page", "code 200"))
	// One listing before the POST, none after it.
	if n := emu.Calls("GET", graphtest.EndpointAssignedUsers); n != 1 {
		t.Fatalf("%d listing calls, want 1 (the check before the POST)", n)
	}
}

// The same for a subscription made by hand with exactly the planned fields.
func TestCLIPageSubscribedApp_handMadeIdenticalIsNotAdopted(t *testing.T) {
	emu := newEmulator(t)
	emu.SetSubscription(testPageID, graphtest.DefaultAppID, []string{"feed", "messages"})
	configFails(t, subscribedAppConfig(emu, "messages", "feed"),
		wrappedSequence("The app is already subscribed to this Page", "app "+graphtest.DefaultAppID+" already holds",
			"terraform import <resource address> "+testPageID+"/"+graphtest.DefaultAppID,
			"by identity", `page_id = "`+testPageID+`"`, `app_id  = "`+graphtest.DefaultAppID+`"`))
	if n := emu.Calls("POST", graphtest.EndpointSubscribedApps); n != 0 {
		t.Fatalf("%d POSTs, want none", n)
	}
	if _, ok := emu.Subscription(testPageID, graphtest.DefaultAppID); !ok {
		t.Fatal("the hand-made subscription was removed")
	}
}

func TestCLIPageSubscribedApp_lostAnswerIsAdopted(t *testing.T) {
	emu := newEmulator(t)
	lostAnswerIsAdopted(t, emu, graphtest.EndpointSubscribedApps, subscribedAppConfig(emu, "messages", "feed"),
		subscribedAppAddr, testPageID+"/"+graphtest.DefaultAppID, emulatorHasFields(emu, "feed", "messages"))
}
