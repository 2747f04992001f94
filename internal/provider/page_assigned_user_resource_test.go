package provider

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

const (
	assignedUserAddr = "facebook_page_assigned_user.test"
	testUserID       = "400000000000001"
	testUserName     = "Ann Operator"
)

// newPeopleEmulator is newEmulator with a business user of the test
// business, and another business with a user of its own.
func newPeopleEmulator(t *testing.T) *graphtest.Emulator {
	t.Helper()
	emu := newEmulator(t)
	emu.AddBusinessUser(testBusinessID, testUserID, testUserName, graphtest.UserTypeBusiness)
	emu.SetPageOwner(testPageID, testBusinessID)
	return emu
}

func assignedUserBlock(page, business, user, tasks string) string {
	return fmt.Sprintf(`
resource "facebook_page_assigned_user" "test" {
  page_id     = %q
  business_id = %q
  user_id     = %q
  tasks       = %s
}
`, page, business, user, tasks)
}

func assignedUserConfig(emu *graphtest.Emulator, tasks ...string) string {
	return providerBlock(emu) + assignedUserBlock(testPageID, testBusinessID, testUserID, "["+quoteAll(tasks)+"]")
}

// emulatorHasUserTasks asserts what Meta's side holds, not what state says.
func emulatorHasUserTasks(emu *graphtest.Emulator, tasks ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		u, ok := emu.AssignedUser(testPageID, testUserID)
		if !ok {
			return errors.New("the emulator has no such assigned user")
		}
		if got, want := slices.Sorted(slices.Values(u.Tasks)), slices.Sorted(slices.Values(tasks)); !slices.Equal(got, want) {
			return fmt.Errorf("emulator tasks = %v, want %v", got, want)
		}
		return nil
	}
}

func TestCLIPageAssignedUser_lifecycle(t *testing.T) {
	emu := newPeopleEmulator(t)
	// Users of the same business ahead of the one under test, so that
	// finding it takes several listing pages, and one of another business
	// that must never show up in this business's listing.
	for i := range 4 {
		id := fmt.Sprintf("40000000000010%d", i)
		emu.AddBusinessUser(testBusinessID, id, "Other "+id, graphtest.UserTypeSystem)
		emu.SetAssignedUser(testPageID, id, []string{"ANALYZE"})
	}
	id := testPageID + "/" + testBusinessID + "/" + testUserID
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		CheckDestroy: destroyedAlone(func() bool { _, ok := emu.AssignedUser(testPageID, testUserID); return ok }, "the user still has tasks on the page after destroy",
			func() int { return len(emu.AssignedUsers(testPageID)) }, 4, "users"),
		Steps: slices.Concat([]resource.TestStep{
			{
				Config: assignedUserConfig(emu, "ADVERTISE", "ANALYZE"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("user_name"), knownvalue.StringExact(testUserName)),
					statecheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("user_type"), knownvalue.StringExact("BUSINESS_USER")),
					statecheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("business_name"), knownvalue.StringExact(testBusiness)),
					statecheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("tasks"), stringSet("ADVERTISE", "ANALYZE")),
				},
				Check: emulatorHasUserTasks(emu, "ADVERTISE", "ANALYZE"),
			},
			emptyPlanStep(assignedUserConfig(emu, "ANALYZE", "ADVERTISE")),
		}, importSteps(assignedUserAddr, id), []resource.TestStep{
			// New tasks update the assignment in place: one POST, no DELETE.
			actionStep(emu.ResetLog, assignedUserConfig(emu, "MANAGE"), assignedUserAddr, plancheck.ResourceActionUpdate,
				resource.ComposeAggregateTestCheckFunc(emulatorHasUserTasks(emu, "MANAGE"), oneWrite(emu, graphtest.EndpointAssignedUsers, "tasks"))),
			{
				// Changed outside Terraform, without a configured task: the
				// refresh sees it, the plan updates it back in place. (Tasks
				// on top of the configured ones are not drift: effective_tasks.)
				PreConfig: func() { emu.SetAssignedUser(testPageID, testUserID, []string{"MODERATE"}) },
				Config:    assignedUserConfig(emu, "MANAGE"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(assignedUserAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("tasks"), stringSet("MANAGE")),
					},
				},
				Check: emulatorHasUserTasks(emu, "MANAGE"),
			},
			// Removed outside Terraform: the refresh drops it, the apply re-creates it.
			actionStep(func() { emu.RemoveAssignedUser(testPageID, testUserID) }, assignedUserConfig(emu, "MANAGE"), assignedUserAddr,
				plancheck.ResourceActionCreate, emulatorHasUserTasks(emu, "MANAGE")),
		}),
	})
}

func TestCLIPageAssignedUser_existingWithOtherTasksSaysImport(t *testing.T) {
	emu := newPeopleEmulator(t)
	emu.SetAssignedUser(testPageID, testUserID, []string{"MODERATE"})
	configFails(t, assignedUserConfig(emu, "ANALYZE"),
		regexp.MustCompile(`(?s)already has tasks.*terraform import <resource address>\s+`+testPageID+"/"+testBusinessID+"/"+testUserID))
	if u, _ := emu.AssignedUser(testPageID, testUserID); !slices.Equal(u.Tasks, []string{"MODERATE"}) {
		t.Fatalf("the existing assignment was overwritten: %v", u.Tasks)
	}
	if n := emu.Calls("POST", graphtest.EndpointAssignedUsers); n != 0 {
		t.Fatalf("%d POSTs, want none", n)
	}
}

func TestCLIPageAssignedUser_userOfAnotherBusinessIsExplained(t *testing.T) {
	emu := newPeopleEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			// Not a business user at all: Meta's code 100, in plain words.
			Config:      providerBlock(emu) + assignedUserBlock(testPageID, testBusinessID, "499999999999999", `["ANALYZE"]`),
			ExpectError: wrappedSequence("POST /"+graph.DefaultAPIVersion+"/"+testPageID+"/assigned_users", "code 100", "must be the id of a business user or system user"),
		}},
	})
}

// Throttling on every call of the edge is retried: the apply and the
// destroy converge.
func TestCLIPageAssignedUser_throttlingIsRetried(t *testing.T) {
	emu := newPeopleEmulator(t)
	throttledApplyAndDestroy(t, emu, graphtest.EndpointAssignedUsers, graph.CodePageThrottled,
		assignedUserConfig(emu, "ANALYZE"), emulatorHasUserTasks(emu, "ANALYZE"),
		func() bool { _, ok := emu.AssignedUser(testPageID, testUserID); return ok }, "still assigned after destroy")
}

// peopleConfig manages six users of the test business on the test page
// and reads them all through the data source.
func peopleConfig(emu *graphtest.Emulator) string {
	var b strings.Builder
	b.WriteString(providerBlock(emu))
	fmt.Fprintf(&b, `
data "facebook_page_assigned_users" "all" {
  page_id     = %q
  business_id = %q
}
`, testPageID, testBusinessID)
	for i := range 6 {
		fmt.Fprintf(&b, `
resource "facebook_page_assigned_user" "u%d" {
  page_id     = %q
  business_id = %q
  user_id     = "41000000000000%d"
  tasks       = ["ANALYZE"]
}
`, i, testPageID, testBusinessID, i)
	}
	return b.String()
}

// expectPeopleCalls is expectCalls for the assigned_users edge: the listing
// calls a plan made, plus its provider process's one token exchange.
func expectPeopleCalls(emu *graphtest.Emulator, listings int) plancheck.PlanCheck {
	return calledCheck(func() error {
		defer emu.ResetLog()
		got := [3]int{emu.Calls("GET", graphtest.EndpointAssignedUsers), emu.Calls("GET", graphtest.EndpointPage), emu.TotalCalls()}
		if want := [3]int{listings, 1, listings + 1}; got != want {
			return fmt.Errorf("listing GETs, token exchanges, all calls = %v, want %v", got, want)
		}
		return nil
	})
}

// TestCLIPageAssignedUsers_refreshListsThePageOnce: refreshing six users of
// one page and business and reading the data source, listed two per call,
// takes ceil(6/2) = 3 listing calls per plan, not 7 x 3; and the data
// source shows exactly what the resources manage.
func TestCLIPageAssignedUsers_refreshListsThePageOnce(t *testing.T) {
	emu := newEmulator(t) // MaxLimit 2
	for i := range 6 {
		emu.AddBusinessUser(testBusinessID, fmt.Sprintf("41000000000000%d", i), fmt.Sprintf("User %d", i), graphtest.UserTypeBusiness)
	}
	emu.SetPageOwner(testPageID, testBusinessID)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{Config: peopleConfig(emu)},
			{
				PreConfig: emu.ResetLog,
				Config:    peopleConfig(emu),
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh:  []plancheck.PlanCheck{expectPeopleCalls(emu, 3)},
					PostApplyPostRefresh: []plancheck.PlanCheck{expectPeopleCalls(emu, 3)},
				},
			},
			{
				Config: peopleConfig(emu),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.facebook_page_assigned_users.all", tfjsonpath.New("assigned_users"), knownvalue.ListSizeExact(6)),
					statecheck.ExpectKnownValue("data.facebook_page_assigned_users.all", tfjsonpath.New("assigned_users").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						// In Meta's order, which is the order the parallel apply assigned them.
						"id":            knownvalue.StringRegexp(regexp.MustCompile(`^41000000000000[0-5]$`)),
						"name":          knownvalue.StringRegexp(regexp.MustCompile(`^User [0-5]$`)),
						"user_type":     knownvalue.StringExact("BUSINESS_USER"),
						"business_id":   knownvalue.StringExact(testBusinessID),
						"business_name": knownvalue.StringExact(testBusiness),
						"tasks":         knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("ANALYZE")}),
					})),
				},
			},
		},
	})
}
