package provider

import (
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// A create must not take over access it did not give, except its own write
// whose answer was lost (DESIGN.md, "Never send twice").
//
// On the agencies edge Meta answers a second assignment with "already
// assigned" (code 3989): the create adopts that only when its own earlier
// attempt made the grant. On the assigned_users and subscribed_apps edges
// Meta changes access in place and never refuses a second POST: the create
// looks first, and adopts only a POST that reached Meta and left exactly
// what it posted.
//
// The first tests hold on every edge, one row each: a new access resource
// adds its rows there. The lost-answer tests follow, by edge, since the
// two kinds of edge lose and find an answer differently.

// Every edge.

// A grant made by hand with exactly the planned values is not taken over:
// the create refuses it and says how to import it, and the grant keeps its
// access. The agencies edge learns of it from Meta's refusal of its POST;
// the others look before they POST, so they send none.
func TestCLIAdoption_handMadeGrantIsNotTakenOver(t *testing.T) {
	for _, tc := range []struct {
		resource string
		emulator func(*testing.T) *graphtest.Emulator
		handMade func(*graphtest.Emulator) // gives the grant outside Terraform
		config   func(*graphtest.Emulator) string
		endpoint string
		posts    int
		want     *regexp.Regexp
		held     func(*graphtest.Emulator) bool
	}{
		{
			resource: "facebook_page_agency",
			emulator: newEmulator,
			handMade: func(e *graphtest.Emulator) { e.SetAgency(testPageID, testBusinessID, []string{"ANALYZE"}) },
			config:   func(e *graphtest.Emulator) string { return agencyConfig(e, "ANALYZE") },
			endpoint: graphtest.EndpointAgencies,
			posts:    1,
			want: wrappedSequence("The business already has access to this Page", "code 3989",
				"terraform import <resource address> "+testPageID+"/"+testBusinessID),
			held: func(e *graphtest.Emulator) bool { _, ok := e.Agency(testPageID, testBusinessID); return ok },
		},
		{
			resource: "facebook_page_assigned_user",
			emulator: newPeopleEmulator,
			handMade: func(e *graphtest.Emulator) { e.SetAssignedUser(testPageID, testUserID, []string{"ANALYZE"}) },
			config:   func(e *graphtest.Emulator) string { return assignedUserConfig(e, "ANALYZE") },
			endpoint: graphtest.EndpointAssignedUsers,
			want: wrappedSequence("The user already has tasks on this Page", "user "+testUserID+" already holds ANALYZE on Page "+testPageID,
				"terraform import <resource address> "+testPageID+"/"+testBusinessID+"/"+testUserID,
				"by identity", `page_id     = "`+testPageID+`"`, `business_id = "`+testBusinessID+`"`, `user_id     = "`+testUserID+`"`),
			held: func(e *graphtest.Emulator) bool { _, ok := e.AssignedUser(testPageID, testUserID); return ok },
		},
		{
			resource: "facebook_page_subscribed_app",
			emulator: newEmulator,
			handMade: func(e *graphtest.Emulator) {
				e.SetSubscription(testPageID, graphtest.DefaultAppID, []string{"feed", "messages"})
			},
			config:   func(e *graphtest.Emulator) string { return subscribedAppConfig(e, "messages", "feed") },
			endpoint: graphtest.EndpointSubscribedApps,
			want: wrappedSequence("The app is already subscribed to this Page", "app "+graphtest.DefaultAppID+" already holds",
				"terraform import <resource address> "+testPageID+"/"+graphtest.DefaultAppID,
				"by identity", `page_id = "`+testPageID+`"`, `app_id  = "`+graphtest.DefaultAppID+`"`),
			held: func(e *graphtest.Emulator) bool {
				_, ok := e.Subscription(testPageID, graphtest.DefaultAppID)
				return ok
			},
		},
	} {
		t.Run(tc.resource, func(t *testing.T) {
			emu := tc.emulator(t)
			tc.handMade(emu)
			configFails(t, tc.config(emu), tc.want)
			if n := emu.Calls("POST", tc.endpoint); n != tc.posts {
				t.Errorf("%d POSTs, want %d", n, tc.posts)
			}
			if !tc.held(emu) {
				t.Fatal("the hand-made grant lost its access")
			}
		})
	}
}

// Two resources for one grant: only one create goes through, so that
// destroying it cannot take the other's access away. Meta refuses a second
// agency assignment (code 3989); on the edges whose POST changes access in
// place both POSTs would succeed, so the first resource of the run claims
// the grant and the other is refused before it sends anything.
func TestCLIAdoption_twoResourcesForOneGrant(t *testing.T) {
	for _, tc := range []struct {
		resource string
		emulator func(*testing.T) *graphtest.Emulator
		config   func(*graphtest.Emulator) string // the first resource
		twin     string                           // the second's arguments
		endpoint string
		posts    int
		want     *regexp.Regexp
	}{
		{
			resource: "facebook_page_agency",
			emulator: newEmulator,
			config:   func(e *graphtest.Emulator) string { return agencyConfig(e, "ANALYZE") },
			twin:     fmt.Sprintf("page_id = %q\nbusiness_id = %q\npermitted_tasks = [\"ANALYZE\"]", testPageID, testBusinessID),
			endpoint: graphtest.EndpointAgencies,
			posts:    2,
			want:     wrappedSequence("The business already has access to this Page", "code 3989"),
		},
		{
			resource: "facebook_page_assigned_user",
			emulator: newPeopleEmulator,
			config:   func(e *graphtest.Emulator) string { return assignedUserConfig(e, "ANALYZE") },
			twin:     fmt.Sprintf("page_id = %q\nbusiness_id = %q\nuser_id = %q\ntasks = [\"ANALYZE\"]", testPageID, testBusinessID, testUserID),
			endpoint: graphtest.EndpointAssignedUsers,
			posts:    1,
			want:     wrappedSequence("Two resources manage the same access", "user "+testUserID+" on Page "+testPageID+" is already being created"),
		},
		{
			resource: "facebook_page_subscribed_app",
			emulator: newEmulator,
			config:   func(e *graphtest.Emulator) string { return subscribedAppConfig(e, "feed") },
			twin:     fmt.Sprintf("page_id = %q\nsubscribed_fields = [\"feed\"]", testPageID),
			endpoint: graphtest.EndpointSubscribedApps,
			posts:    1,
			want:     wrappedSequence("Two resources manage the same access", "app "+graphtest.DefaultAppID+" on Page "+testPageID+" is already being created"),
		},
	} {
		t.Run(tc.resource, func(t *testing.T) {
			emu := tc.emulator(t)
			configFails(t, tc.config(emu)+fmt.Sprintf("\nresource %q \"twin\" {\n%s\n}\n", tc.resource, tc.twin), tc.want)
			if n := emu.Calls("POST", tc.endpoint); n != tc.posts {
				t.Errorf("%d POSTs, want %d", n, tc.posts)
			}
		})
	}
}

// Agencies: lost answers.

// A create whose answer is lost to a dropped connection after Meta made the
// assignment: the client repeats the POST (agency assignment is safe to
// repeat), Meta answers "duplicate", and the same apply adopts it.
func TestCLIPageAgency_lostAnswerIsAdoptedInTheSameApply(t *testing.T) {
	emu := newEmulator(t)
	emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: graphtest.EndpointAgencies, Times: 1, AfterHandling: true, ResetConnection: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: agencyConfig(emu, "ANALYZE"),
			Check: resource.ComposeAggregateTestCheckFunc(
				emulatorHasOneAssignment(emu, 2),
				func(*terraform.State) error {
					var codes []int
					for _, r := range emu.Requests() {
						if r.Method == "POST" {
							codes = append(codes, r.ErrorCode)
						}
					}
					if !slices.Equal(codes, []int{0, 3989}) {
						return fmt.Errorf("POST answers %v, want the lost success then the duplicate", codes)
					}
					return nil
				},
			),
		}},
	})
}

// A create whose answer is lost while a grant with exactly the planned
// tasks already exists from an hour before: Meta's "duplicate" after the
// lost answer is not this create's own assignment, so it is refused with
// the import hint rather than adopted, and the grant keeps its access.
func TestCLIPageAgency_lostAnswerDoesNotAdoptAnOlderGrant(t *testing.T) {
	emu := newEmulator(t)
	emu.SetAgency(testPageID, testBusinessID, []string{"ANALYZE"})
	emu.AgeAgency(testPageID, testBusinessID, time.Hour)
	emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: graphtest.EndpointAgencies, Times: 1, AfterHandling: true, ResetConnection: true})
	configFails(t, agencyConfig(emu, "ANALYZE"),
		wrappedSequence("The business already has access to this Page", "code 3989", "terraform import <resource address> "+testPageID+"/"+testBusinessID))
	if n := emu.Calls("POST", graphtest.EndpointAgencies); n != 2 {
		t.Errorf("%d POSTs, want the one whose answer was lost and its repeat", n)
	}
	if _, ok := emu.Agency(testPageID, testBusinessID); !ok {
		t.Fatal("the older grant was revoked")
	}
}

// A create whose request reached Meta but whose answer came too late for
// timeouts.create: the apply fails. The next apply cannot tell that
// assignment from one made by hand, so it refuses to take it over and says
// how to import it; the import then converges with an empty plan.
func TestCLIPageAgency_createTimedOutAfterReachingMetaIsImported(t *testing.T) {
	emu := newEmulator(t)
	emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: graphtest.EndpointAgencies, Times: 1, AfterHandling: true, Delay: time.Minute})
	config := agencyWithTimeouts(emu, `create = "2s"`)
	importBlock := fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", agencyAddr, testPageID+"/"+testBusinessID)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: wrappedSequence("Unable to give the agency access to the Page", "POST /v26.0/"+testPageID+"/agencies", "context deadline exceeded", "The operation ran out of time"),
			},
			{
				Config:      config,
				ExpectError: wrappedSequence("The business already has access to this Page", "code 3989", "terraform import <resource address> "+testPageID+"/"+testBusinessID),
			},
			{
				Config: config + importBlock,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("id"), knownvalue.StringExact(testPageID+"/"+testBusinessID)),
					statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("permitted_tasks"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("ANALYZE")})),
				},
				Check: emulatorHasOneAssignment(emu, 2),
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// emulatorHasOneAssignment checks Meta's side after a create whose answer
// was lost: exactly one assignment of the business, with the planned tasks,
// and how many POSTs it took.
func emulatorHasOneAssignment(emu *graphtest.Emulator, posts int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := emu.Calls("POST", graphtest.EndpointAgencies); n != posts {
			return fmt.Errorf("%d POSTs, want %d", n, posts)
		}
		var mine []graphtest.Agency
		for _, a := range emu.Agencies(testPageID) {
			if a.BusinessID == testBusinessID {
				mine = append(mine, a)
			}
		}
		if len(mine) != 1 || !slices.Equal(mine[0].PermittedTasks, []string{"ANALYZE"}) {
			return fmt.Errorf("assignments of the business: %+v, want one with [ANALYZE]", mine)
		}
		return nil
	}
}

// Assigned users and subscribed apps: lost answers.

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
	// Two listings before the POST (absence is proven by two that agree),
	// none after it.
	if n := emu.Calls("GET", graphtest.EndpointAssignedUsers); n != 2 {
		t.Fatalf("%d listing calls, want 2 (the check before the POST)", n)
	}
}

func TestCLIPageSubscribedApp_lostAnswerIsAdopted(t *testing.T) {
	emu := newEmulator(t)
	lostAnswerIsAdopted(t, emu, graphtest.EndpointSubscribedApps, subscribedAppConfig(emu, "messages", "feed"),
		subscribedAppAddr, testPageID+"/"+graphtest.DefaultAppID, emulatorHasFields(emu, "feed", "messages"))
}
