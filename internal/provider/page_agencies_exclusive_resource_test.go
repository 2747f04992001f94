package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

const agenciesExclusiveAddr = "facebook_page_agencies_exclusive.test"

// Businesses of the exclusive tests besides testBusinessID.
const (
	undeclaredBiz1 = "200000000000002"
	undeclaredBiz2 = "200000000000003"
	outOfBandBiz   = "200000000000004"
	noAccessBiz    = "200000000000005"
)

func agenciesExclusiveConfig(emu *graphtest.Emulator, importBlock bool, businessIDs ...string) string {
	config := providerBlock(emu) + fmt.Sprintf(`
resource "facebook_page_agencies_exclusive" "test" {
  page_id      = %q
  business_ids = [%s]
}
`, testPageID, quoteAll(businessIDs))
	if importBlock {
		config += fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", agenciesExclusiveAddr, testPageID)
	}
	return config
}

// agenciesAre checks that exactly these businesses are agencies of the
// test Page, on the emulator's side.
func agenciesAre(emu *graphtest.Emulator, want ...string) resource.TestCheckFunc {
	return idsAre("the Page's agencies", func() []string { return agencyIDsOn(emu, testPageID) }, want...)
}

// One declared and two undeclared agencies: the plan (an import of the
// Page's set, then an update) names both undeclared businesses, apply
// leaves exactly the declared one, and the next plan is empty. An agency
// added out of band shows in the next plan and apply removes it. A
// declared business without access is not a diff and not a grant.
// Removing the resource from the configuration removes no access.
func TestCLIPageAgenciesExclusive_removesUndeclaredAgencies(t *testing.T) {
	emu := newEmulator(t)
	for _, b := range []string{undeclaredBiz1, undeclaredBiz2, outOfBandBiz, noAccessBiz} {
		emu.AddBusiness(b, "Business "+b)
	}
	for _, b := range []string{testBusinessID, undeclaredBiz1, undeclaredBiz2} {
		emu.SetAgency(testPageID, b, []string{"ANALYZE"})
	}
	declared := agenciesExclusiveConfig(emu, false, testBusinessID)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config: agenciesExclusiveConfig(emu, true, testBusinessID),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(agenciesExclusiveAddr, plancheck.ResourceActionUpdate),
					removesFromSet{agenciesExclusiveAddr, "business_ids", []string{undeclaredBiz1, undeclaredBiz2}},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(agenciesExclusiveAddr, tfjsonpath.New("business_ids"), stringSet(testBusinessID)),
					statecheck.ExpectKnownValue(agenciesExclusiveAddr, tfjsonpath.New("id"), knownvalue.StringExact(testPageID)),
				},
				Check: agenciesAre(emu, testBusinessID),
			},
			emptyPlanStep(declared),
			{
				PreConfig: func() { emu.SetAgency(testPageID, outOfBandBiz, []string{"ADVERTISE"}) },
				Config:    declared,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					removesFromSet{agenciesExclusiveAddr, "business_ids", []string{outOfBandBiz}},
				}},
				Check: agenciesAre(emu, testBusinessID),
			},
			emptyPlanStep(declared),
			{
				Config: agenciesExclusiveConfig(emu, false, testBusinessID, noAccessBiz),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(agenciesExclusiveAddr, tfjsonpath.New("business_ids"), stringSet(testBusinessID, noAccessBiz)),
				},
				Check: agenciesAre(emu, testBusinessID),
			},
			emptyPlanStep(agenciesExclusiveConfig(emu, false, testBusinessID, noAccessBiz), agenciesAre(emu, testBusinessID)),
			{
				PreConfig: func() {
					emu.SetAgency(testPageID, undeclaredBiz1, []string{"ANALYZE"})
					emu.ResetLog()
				},
				Config: providerBlock(emu),
				Check: resource.ComposeAggregateTestCheckFunc(
					agenciesAre(emu, testBusinessID, undeclaredBiz1),
					noWrites(emu, graphtest.EndpointAgencies),
				),
			},
		},
	})
}

// A listing that fails part-way is never "nothing to remove": the apply
// fails, every agency keeps its access, and once the server behaves the
// apply removes the undeclared ones.
func TestCLIPageAgenciesExclusive_failedListingRemovesNothing(t *testing.T) {
	emu := newEmulator(t)
	seedOtherAgencies(emu, 3)
	emu.SetAgency(testPageID, testBusinessID, []string{"ANALYZE"})
	before := emu.Agencies(testPageID)
	config := agenciesExclusiveConfig(emu, false, testBusinessID)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointAgencies, Skip: 1, Status: 200, Body: `{"data":"cut"}`})
				},
				Config:      config,
				ExpectError: wrappedSequence("Unable to read the Page's agencies", `"data" is a string, not an array`),
				Check:       agenciesAre(emu, testBusinessID),
			},
			{
				PreConfig: func() {
					if got := emu.Agencies(testPageID); len(got) != len(before) {
						t.Errorf("after the failed apply the Page has %d agencies, want %d", len(got), len(before))
					}
					emu.ClearFaults()
				},
				Config: config,
				Check:  agenciesAre(emu, testBusinessID),
			},
		},
	})
}

// Created without an import block, the plan still names the undeclared
// businesses its apply removes, in a warning; the apply leaves exactly the
// declared one and the next plan is empty.
func TestCLIPageAgenciesExclusive_createPlanNamesWhatItRemoves(t *testing.T) {
	emu := newEmulator(t)
	for _, b := range []string{undeclaredBiz1, undeclaredBiz2} {
		emu.AddBusiness(b, "Business "+b)
	}
	for _, b := range []string{testBusinessID, undeclaredBiz1, undeclaredBiz2} {
		emu.SetAgency(testPageID, b, []string{"ANALYZE"})
	}
	tf := newInProcessDir(t, agenciesExclusiveConfig(emu, false, testBusinessID))
	plan := tf.run("plan")
	out := strings.Join(strings.Fields(plan.output()), " ")
	if plan.code != 0 || !strings.Contains(out, "Applying removes 2 undeclared business(s) from Page "+testPageID) ||
		!strings.Contains(out, "business "+undeclaredBiz1+", "+undeclaredBiz2+", which business_ids does not declare") {
		t.Fatalf("the plan does not name both undeclared businesses:\n%s", plan.output())
	}
	if err := agenciesAre(emu, testBusinessID, undeclaredBiz1, undeclaredBiz2)(nil); err != nil {
		t.Fatalf("planning changed the Page: %v", err)
	}
	tf.must("apply", "-auto-approve")
	if err := agenciesAre(emu, testBusinessID)(nil); err != nil {
		t.Fatal(err)
	}
	if next := tf.run("plan", "-detailed-exitcode"); next.code != 0 {
		t.Fatalf("the next plan is not empty (exit %d):\n%s", next.code, next.output())
	}
}

// A listing that reorders while it is read (an agency moving onto a page
// already read) lacks an agency that is there; Meta promises no order. So
// "nothing to remove" needs two complete listings in a row that agree:
// with every walk of the plan and the apply reordering, the undeclared
// agencies are all removed and the apply proves it.
func TestCLIPageAgenciesExclusive_reorderingListingLeavesNoUndeclaredAgency(t *testing.T) {
	emu := newEmulator(t) // two per page
	emu.SetAgency(testPageID, testBusinessID, []string{"ANALYZE"})
	seedOtherAgencies(emu, 4)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			// Enough reorders for the plan's listing and the apply's first
			// two: an apply that decides on one listing misses an
			// undeclared agency, and at best fails when a later listing
			// shows it ("Undeclared access is still there").
			PreConfig: func() { emu.ReorderBetweenPages(graphtest.EndpointAgencies, 4) },
			Config:    agenciesExclusiveConfig(emu, false, testBusinessID),
			Check:     agenciesAre(emu, testBusinessID),
		}},
	})
}
