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
// Every edge's create looks first, and adopts only a POST that reached
// Meta and left the grant listed with what it posted (each posted task, on
// the edges that take tasks). On the agencies edge Meta also answers a
// second assignment with "already assigned" (code 3989): after an attempt
// of the create's own that may have been carried out, that is one more
// lost answer; to a first attempt, it is someone else's grant, made after
// the look.
//
// The first tests hold on every edge, one row each: a new access resource
// adds its rows there. The lost-answer tests follow, by edge, since the
// edges lose and find an answer differently.

// Every edge.

// A grant made by hand with exactly the planned values is not taken over:
// the create looks before it POSTs, refuses it and says how to import it,
// sends nothing, and the grant keeps its access.
func TestCLIAdoption_handMadeGrantIsNotTakenOver(t *testing.T) {
	for _, tc := range []struct {
		resource string
		emulator func(*testing.T) *graphtest.Emulator
		handMade func(*graphtest.Emulator) // gives the grant outside Terraform
		config   func(*graphtest.Emulator) string
		endpoint string
		want     *regexp.Regexp
		held     func(*graphtest.Emulator) bool
	}{
		{
			resource: "facebook_page_agency",
			emulator: newEmulator,
			handMade: func(e *graphtest.Emulator) { e.SetAgency(testPageID, testBusinessID, []string{"ANALYZE"}) },
			config:   func(e *graphtest.Emulator) string { return agencyConfig(e, "ANALYZE") },
			endpoint: graphtest.EndpointAgencies,
			want: wrappedSequence("The business already has access to this Page", "business "+testBusinessID+" already holds ANALYZE on Page "+testPageID,
				"terraform import <resource address> "+testPageID+"/"+testBusinessID,
				"by identity", `page_id     = "`+testPageID+`"`, `business_id = "`+testBusinessID+`"`),
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
			if n := emu.Calls("POST", tc.endpoint); n != 0 {
				t.Errorf("%d POSTs, want none", n)
			}
			if !tc.held(emu) {
				t.Fatal("the hand-made grant lost its access")
			}
		})
	}
}

// Two resources for one grant: only one create goes through, so that
// destroying it cannot take the other's access away. On the edges whose
// POST changes access in place both POSTs would succeed, so on every edge
// the first resource of the run claims the grant and the other is refused
// before it sends anything.
func TestCLIAdoption_twoResourcesForOneGrant(t *testing.T) {
	for _, tc := range []struct {
		resource string
		emulator func(*testing.T) *graphtest.Emulator
		config   func(*graphtest.Emulator) string // the first resource
		twin     string                           // the second's arguments
		endpoint string
		want     *regexp.Regexp
	}{
		{
			resource: "facebook_page_agency",
			emulator: newEmulator,
			config:   func(e *graphtest.Emulator) string { return agencyConfig(e, "ANALYZE") },
			twin:     fmt.Sprintf("page_id = %q\nbusiness_id = %q\npermitted_tasks = [\"ANALYZE\"]", testPageID, testBusinessID),
			endpoint: graphtest.EndpointAgencies,
			want:     wrappedSequence("Two resources manage the same access", "business "+testBusinessID+" on Page "+testPageID+" is already being created"),
		},
		{
			resource: "facebook_page_assigned_user",
			emulator: newPeopleEmulator,
			config:   func(e *graphtest.Emulator) string { return assignedUserConfig(e, "ANALYZE") },
			twin:     fmt.Sprintf("page_id = %q\nbusiness_id = %q\nuser_id = %q\ntasks = [\"ANALYZE\"]", testPageID, testBusinessID, testUserID),
			endpoint: graphtest.EndpointAssignedUsers,
			want:     wrappedSequence("Two resources manage the same access", "user "+testUserID+" on Page "+testPageID+" is already being created"),
		},
		{
			resource: "facebook_page_subscribed_app",
			emulator: newEmulator,
			config:   func(e *graphtest.Emulator) string { return subscribedAppConfig(e, "feed") },
			twin:     fmt.Sprintf("page_id = %q\nsubscribed_fields = [\"feed\"]", testPageID),
			endpoint: graphtest.EndpointSubscribedApps,
			want:     wrappedSequence("Two resources manage the same access", "app "+graphtest.DefaultAppID+" on Page "+testPageID+" is already being created"),
		},
	} {
		t.Run(tc.resource, func(t *testing.T) {
			emu := tc.emulator(t)
			configFails(t, tc.config(emu)+fmt.Sprintf("\nresource %q \"twin\" {\n%s\n}\n", tc.resource, tc.twin), tc.want)
			if n := emu.Calls("POST", tc.endpoint); n != 1 {
				t.Errorf("%d POSTs, want 1", n)
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

// Someone assigns the business by hand between the create's look and its
// POST, with other tasks. Meta refuses the POST as "already assigned"
// (3989): when nothing of the create's may have been carried out (the
// refusal answers its first attempt), and when its first attempt's answer
// was lost and the listing shows the business without a planned task, the
// grant is not the create's own. Either way the create is refused with the
// import hint, never adopted, and the grant keeps its tasks.
func TestCLIPageAgency_grantMadeAfterTheLookIsNotTakenOver(t *testing.T) {
	for name, tc := range map[string]struct {
		lost  bool // the first attempt's answer is cut off
		posts int
	}{
		"first attempt refused": {false, 1},
		"after a lost attempt":  {true, 2},
	} {
		t.Run(name, func(t *testing.T) {
			emu := newEmulator(t)
			// The POST waits long enough for the hand-made grant to land
			// first; a lost attempt is not carried out, only cut off.
			emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: graphtest.EndpointAgencies, Times: 1, Delay: 2 * time.Second, ResetConnection: tc.lost})
			assignByHandOnFirstPost(t, emu, "MODERATE")
			configFails(t, agencyConfig(emu, "ANALYZE"),
				wrappedSequence("The business already has access to this Page", "business "+testBusinessID+" already has access to Page "+testPageID,
					"code 3989", "terraform import <resource address> "+testPageID+"/"+testBusinessID))
			if n := emu.Calls("POST", graphtest.EndpointAgencies); n != tc.posts {
				t.Errorf("%d POSTs, want %d", n, tc.posts)
			}
			if a, _ := emu.Agency(testPageID, testBusinessID); !slices.Equal(a.PermittedTasks, []string{"MODERATE"}) {
				t.Fatalf("the hand-made grant now holds %v, want [MODERATE]", a.PermittedTasks)
			}
		})
	}
}

// assignByHandOnFirstPost gives the test business tasks on the test Page,
// outside Terraform, as soon as the first POST to the agencies edge has
// arrived: a grant made between a create's look and its POST, when that
// POST is held (a Delay fault) for longer than this takes.
func assignByHandOnFirstPost(t *testing.T, emu *graphtest.Emulator, tasks ...string) {
	done := make(chan struct{})
	t.Cleanup(func() { <-done })
	go func() {
		defer close(done)
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if emu.Calls("POST", graphtest.EndpointAgencies) > 0 {
				emu.SetAgency(testPageID, testBusinessID, tasks)
				return
			}
		}
		t.Error("no POST arrived")
	}()
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
				Config: config,
				ExpectError: wrappedSequence("The business already has access to this Page", "business "+testBusinessID+" already holds ANALYZE on Page "+testPageID,
					"terraform import <resource address> "+testPageID+"/"+testBusinessID),
			},
			{
				Config: config + importBlock,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("id"), knownvalue.StringExact(testPageID+"/"+testBusinessID)),
					statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("permitted_tasks"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("ANALYZE")})),
				},
				Check: emulatorHasOneAssignment(emu, 1),
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

// A create of MANAGE whose POST reached Meta but whose answers were lost or
// failed until the retries ran out, which Meta lists with MANAGE and the
// tasks MANAGE implies: each planned task is listed, so the grant is the
// create's own, kept in the same apply with the configured tasks and the
// listed ones in effective_tasks, on agencies as on people.
func TestCLIAdoption_lostAnswerListedWithImpliedTasksIsAdopted(t *testing.T) {
	t.Run("facebook_page_agency", func(t *testing.T) {
		emu := newEmulator(t)
		emu.SetAgencyAnswer(testBusinessID, graphtest.AgencyAnswer{ExpandRoles: true})
		lostAnswerIsAdopted(t, emu, graphtest.EndpointAgencies, agencyConfig(emu, "MANAGE"), agencyAddr, testPageID+"/"+testBusinessID,
			manageKeptWithImpliedTasks(agencyAddr, "permitted_tasks", emulatorHasAgency(emu, "MANAGE")))
	})
	t.Run("facebook_page_assigned_user", func(t *testing.T) {
		emu := newPeopleEmulator(t)
		emu.SetAgencyAnswer(testBusinessID, graphtest.AgencyAnswer{ExpandRoles: true})
		lostAnswerIsAdopted(t, emu, graphtest.EndpointAssignedUsers, assignedUserConfig(emu, "MANAGE"), assignedUserAddr,
			testPageID+"/"+testBusinessID+"/"+testUserID, manageKeptWithImpliedTasks(assignedUserAddr, "tasks", emulatorHasUserTasks(emu, "MANAGE")))
	})
}

// manageKeptWithImpliedTasks checks a grant of MANAGE that Meta lists with
// the five tasks MANAGE implies: Meta holds it (holds), the configured
// attribute tasks keeps MANAGE alone, and effective_tasks lists all six.
func manageKeptWithImpliedTasks(addr, tasks string, holds resource.TestCheckFunc) resource.TestCheckFunc {
	return resource.ComposeAggregateTestCheckFunc(
		holds,
		resource.TestCheckResourceAttr(addr, tasks+".#", "1"),
		resource.TestCheckTypeSetElemAttr(addr, tasks+".*", "MANAGE"),
		resource.TestCheckResourceAttr(addr, "effective_tasks.#", "6"),
		resource.TestCheckTypeSetElemAttr(addr, "effective_tasks.*", "MODERATE"),
	)
}
