package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// The grant lifecycle never changes or leaves access that Terraform did not
// declare (issue 25). Each test is one defect found against an emulator
// that answers as Meta may; each failed on the code of 5cd7910.

// integrityBizB is a second business, an agency of the test Page, and
// integrityUserB one of its people.
const (
	integrityBizB  = "230000000000002"
	integrityUserB = "430000000000002"
)

// Defect 1: a person who holds tasks through another business is not
// changed by a resource that names a business they are not listed under:
// the create looks at the person's tasks under every business of the Page
// and refuses, with the import hint, before any POST.
func TestCLIIntegrity_personUnderAnotherBusinessIsNotChanged(t *testing.T) {
	emu := newPeopleEmulator(t)
	emu.AddBusiness(integrityBizB, "Business B")
	emu.SetAgency(testPageID, integrityBizB, []string{"MANAGE"})
	emu.AddBusinessUser(integrityBizB, integrityUserB, "Bea", graphtest.UserTypeBusiness)
	emu.SetAssignedUser(testPageID, integrityUserB, []string{"MANAGE"})
	config := providerBlock(emu) + assignedUserBlock(testPageID, testBusinessID, integrityUserB, `["ANALYZE"]`)
	configFails(t, config, wrappedSequence("The user already has tasks on this Page", "user "+integrityUserB+" already holds MANAGE on Page "+testPageID,
		"terraform import <resource address> "+testPageID+"/"+integrityBizB+"/"+integrityUserB))
	if n := emu.Calls("POST", graphtest.EndpointAssignedUsers); n != 0 {
		t.Errorf("%d POSTs, want none: the grant was there before", n)
	}
	if u, _ := emu.AssignedUser(testPageID, integrityUserB); !slices.Equal(u.Tasks, []string{"MANAGE"}) {
		t.Fatalf("the hand-made grant now holds %v, want [MANAGE]", u.Tasks)
	}
}

// Defect 2: a listing that reorders while it is walked (a grant moves onto
// a page already read) never drops a live grant from state, and never
// confirms a destroy whose DELETE Meta refused.
func TestCLIIntegrity_reorderingListingDropsNothing(t *testing.T) {
	emu := newEmulator(t) // two per page
	seedOtherAgencies(emu, 4)
	config := agencyConfig(emu, "ANALYZE")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				// The test agency, made last, is moved onto the first page
				// while the refresh reads the second.
				PreConfig:    func() { emu.ReorderBetweenPages(graphtest.EndpointAgencies, 1) },
				RefreshState: true,
				Check:        resource.TestCheckResourceAttr(agencyAddr, "id", testPageID+"/"+testBusinessID),
			},
			{
				PreConfig: func() {
					emu.ReorderBetweenPages(graphtest.EndpointAgencies, 1)
					emu.InjectFault(graphtest.Fault{Method: "DELETE", Endpoint: graphtest.EndpointAgencies, Error: graphtest.MetaError(200)})
				},
				Config:      config,
				Destroy:     true,
				ExpectError: wrappedSequence("Unable to remove the agency", "code 200"),
			},
			{
				// Meta takes DELETEs again: the test's own destroy succeeds.
				PreConfig: emu.ClearFaults,
				Config:    config,
			},
		},
	})
	if _, ok := emu.Agency(testPageID, testBusinessID); ok {
		t.Fatal("the agency is still there after the last destroy")
	}
}

// Defect 3 (and the same rule on every edge): a write that Meta carried
// out but answered with a server error, a transient code-1 envelope or an
// HTML page, is this create's own, not "made elsewhere".
func TestCLIIntegrity_writeAnsweredWithServerErrorIsOwn(t *testing.T) {
	transient := graphtest.MetaError(1)
	transient.IsTransient = true
	answers := map[string]graphtest.Fault{
		"500 code 1": {Times: 1, AfterHandling: true, Status: 500, Error: transient},
		"503 page":   {Times: 1, AfterHandling: true, Status: 503, Body: "<html><body><h1>503 Service Unavailable</h1></body></html>"},
	}
	for _, tc := range []struct {
		resource string
		emulator func(*testing.T) *graphtest.Emulator
		config   func(*graphtest.Emulator) string
		endpoint string
		addr, id string
		held     func(*graphtest.Emulator) bool
	}{
		{"facebook_page_agency", newEmulator, func(e *graphtest.Emulator) string { return agencyConfig(e, "ANALYZE") },
			graphtest.EndpointAgencies, agencyAddr, testPageID + "/" + testBusinessID,
			func(e *graphtest.Emulator) bool { _, ok := e.Agency(testPageID, testBusinessID); return ok }},
		// Meta lists a grant it made PENDING without tasks until a Page
		// admin approves it: still this create's own.
		{"facebook_page_agency_pending", func(t *testing.T) *graphtest.Emulator {
			e := newEmulator(t)
			e.SetAgencyAnswer(testBusinessID, graphtest.AgencyAnswer{Pending: true, NoTasksWhilePending: true})
			return e
		}, func(e *graphtest.Emulator) string { return agencyConfig(e, "ANALYZE") },
			graphtest.EndpointAgencies, agencyAddr, testPageID + "/" + testBusinessID,
			func(e *graphtest.Emulator) bool { _, ok := e.Agency(testPageID, testBusinessID); return ok }},
		{"facebook_page_assigned_user", newPeopleEmulator, func(e *graphtest.Emulator) string { return assignedUserConfig(e, "ANALYZE") },
			graphtest.EndpointAssignedUsers, assignedUserAddr, testPageID + "/" + testBusinessID + "/" + testUserID,
			func(e *graphtest.Emulator) bool { _, ok := e.AssignedUser(testPageID, testUserID); return ok }},
		{"facebook_page_subscribed_app", newEmulator, func(e *graphtest.Emulator) string { return subscribedAppConfig(e, "feed") },
			graphtest.EndpointSubscribedApps, subscribedAppAddr, testPageID + "/" + graphtest.DefaultAppID,
			func(e *graphtest.Emulator) bool {
				_, ok := e.Subscription(testPageID, graphtest.DefaultAppID)
				return ok
			}},
	} {
		for name, answer := range answers {
			t.Run(tc.resource+"/"+name, func(t *testing.T) {
				emu := tc.emulator(t)
				answer.Method, answer.Endpoint = "POST", tc.endpoint
				emu.InjectFault(answer)
				resource.UnitTest(t, resource.TestCase{
					ProtoV6ProviderFactories: providerFactories(),
					Steps: []resource.TestStep{
						{
							Config:            tc.config(emu),
							ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(tc.addr, tfjsonpath.New("id"), knownvalue.StringExact(tc.id))},
							Check: func(*terraform.State) error {
								if !tc.held(emu) {
									return fmt.Errorf("no grant on Meta's side")
								}
								return nil
							},
						},
						emptyPlanStep(tc.config(emu)),
					},
				})
			})
		}
	}
}

// Defect 4: a create whose write returned does not wait for a neighbour's
// write still in flight. Two people are created side by side; the first
// POST hangs past its create timeout; the other create succeeds.
func TestCLIIntegrity_createDoesNotWaitForANeighbour(t *testing.T) {
	emu := newPeopleEmulator(t)
	const other = "410000000000777"
	emu.AddBusinessUser(testBusinessID, other, "Other", graphtest.UserTypeBusiness)
	emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: graphtest.EndpointAssignedUsers, Times: 1, Delay: timeoutsLong})
	config := providerBlock(emu)
	for _, user := range []string{testUserID, other} {
		config += fmt.Sprintf(`
resource "facebook_page_assigned_user" "u%s" {
  page_id     = %q
  business_id = %q
  user_id     = %q
  tasks       = ["ANALYZE"]
  timeouts    = { create = "8s" }
}
`, user, testPageID, testBusinessID, user)
	}
	d := newInProcessDir(t, config)
	r := d.run("apply", "-auto-approve", "-no-color")
	if r.code == 0 {
		t.Fatalf("the apply succeeded, yet one POST hung past its timeout:\n%s", r.output())
	}
	out := r.output()
	if n := strings.Count(out, "Creation complete"); n != 1 {
		t.Fatalf("%d creates completed, want the one whose POST returned:\n%s", n, out)
	}
	if n := strings.Count(out, "Error: "); n != 1 {
		t.Fatalf("%d errors, want only the hung create's:\n%s", n, out)
	}
}

// timeoutsLong outlasts every create timeout of these tests: a write that
// hangs this long is cut off by the create's own timeout.
const timeoutsLong = 2 * time.Minute

// Defect 5: Meta lists a person granted MANAGE with the tasks MANAGE
// implies. The create keeps the configured tasks, reports what Meta lists
// in effective_tasks, and plans nothing after, as agencies do.
func TestCLIIntegrity_impliedTasksOfAPersonAreNoDrift(t *testing.T) {
	emu := newPeopleEmulator(t)
	emu.SetAgencyAnswer(testBusinessID, graphtest.AgencyAnswer{ExpandRoles: true})
	config := assignedUserConfig(emu, "MANAGE")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("tasks"), stringSet("MANAGE")),
					statecheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("effective_tasks"),
						stringSet("MANAGE", "CREATE_CONTENT", "MODERATE", "MESSAGING", "ADVERTISE", "ANALYZE")),
				},
			},
			emptyPlanStep(config),
			{RefreshState: true},
			emptyPlanStep(config),
		},
	})
}

// Defect 6: a grant Meta lists late is kept in state, unconfirmed, once the
// create's bounded wait is over; the next run confirms it instead of
// refusing it as "not made by this apply". The same on every edge.
func TestCLIIntegrity_grantListedLateIsConfirmedNextRun(t *testing.T) {
	for _, tc := range []struct {
		resource string
		emulator func(*testing.T) *graphtest.Emulator
		config   func(*graphtest.Emulator) string
		endpoint string
		addr, id string
		attr     string // a computed attribute only a listing fills
		want     string
	}{
		{"facebook_page_agency", newEmulator, func(e *graphtest.Emulator) string { return agencyWithTimeouts(e, `create = "3s"`) },
			graphtest.EndpointAgencies, agencyAddr, testPageID + "/" + testBusinessID, "access_status", "CONFIRMED"},
		{"facebook_page_assigned_user", newPeopleEmulator, func(e *graphtest.Emulator) string {
			return providerBlock(e) + assignedUserBlock(testPageID, testBusinessID, testUserID, `["ANALYZE"]`+"\n  timeouts = { create = \"3s\" }")
		}, graphtest.EndpointAssignedUsers, assignedUserAddr, testPageID + "/" + testBusinessID + "/" + testUserID, "user_name", testUserName},
		{"facebook_page_subscribed_app", newEmulator, func(e *graphtest.Emulator) string {
			return providerBlock(e) + subscribedAppBlock(testPageID, `["feed"]`, `timeouts = { create = "3s" }`)
		}, graphtest.EndpointSubscribedApps, subscribedAppAddr, testPageID + "/" + graphtest.DefaultAppID, "app_name", graphtest.DefaultAppName},
	} {
		t.Run(tc.resource, func(t *testing.T) {
			emu := tc.emulator(t)
			emu.ListLate(tc.endpoint, 1<<30, 0)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(),
				Steps: []resource.TestStep{
					{
						Config: tc.config(emu),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(tc.addr, tfjsonpath.New("id"), knownvalue.StringExact(tc.id)),
						},
					},
					{
						PreConfig:        func() { emu.CatchUp(tc.endpoint) },
						Config:           tc.config(emu),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(tc.addr, tfjsonpath.New(tc.attr), knownvalue.StringExact(tc.want)),
						},
					},
				},
			})
			if n := emu.Calls("POST", tc.endpoint); n != 1 {
				t.Fatalf("%d POSTs, want 1", n)
			}
		})
	}
}

// Defect 7: a listing that still shows the old tasks after an in-place
// update is retried within the update timeout, then explained in words,
// never with Terraform's "Provider produced inconsistent result".
func TestCLIIntegrity_staleListingAfterUpdateIsExplained(t *testing.T) {
	emu := newPeopleEmulator(t)
	withTimeout := func(tasks string) string {
		return providerBlock(emu) + fmt.Sprintf(`
resource "facebook_page_assigned_user" "test" {
  page_id     = %q
  business_id = %q
  user_id     = %q
  tasks       = [%q]
  timeouts    = { update = "3s" }
}
`, testPageID, testBusinessID, testUserID, tasks)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{Config: withTimeout("ANALYZE")},
			{
				PreConfig:   func() { emu.ListLate(graphtest.EndpointAssignedUsers, 1<<30, 0) },
				Config:      withTimeout("ADVERTISE"),
				ExpectError: regexp.MustCompile(`(?s)Meta still lists.*ANALYZE`),
			},
			{
				PreConfig: func() { emu.CatchUp(graphtest.EndpointAssignedUsers) },
				Config:    withTimeout("ADVERTISE"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("tasks"), stringSet("ADVERTISE")),
				},
			},
		},
	})
}
