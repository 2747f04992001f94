package provider

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// emulatorHasAgency asserts what Meta's side holds, not what state says.
func emulatorHasAgency(emu *graphtest.Emulator, tasks ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		a, ok := emu.Agency(testPageID, testBusinessID)
		if !ok {
			return errors.New("the emulator has no such agency")
		}
		got := slices.Sorted(slices.Values(a.PermittedTasks))
		if !slices.Equal(got, slices.Sorted(slices.Values(tasks))) {
			return fmt.Errorf("emulator tasks = %v, want %v", got, tasks)
		}
		return nil
	}
}

func TestCLIPageAgency_lifecycle(t *testing.T) {
	emu := newEmulator(t)
	seedOtherAgencies(emu, 5)

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		CheckDestroy: destroyedAlone(func() bool { _, ok := emu.Agency(testPageID, testBusinessID); return ok }, "the agency is still assigned on the page after destroy",
			func() int { return len(emu.Agencies(testPageID)) }, 5, "agencies"),
		Steps: slices.Concat([]resource.TestStep{
			{
				Config: agencyConfig(emu, "ADVERTISE", "ANALYZE"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("id"), knownvalue.StringExact(testPageID+"/"+testBusinessID)),
					statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("business_name"), knownvalue.StringExact(testBusiness)),
					statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("access_status"), knownvalue.StringExact("CONFIRMED")),
					statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("permitted_tasks"), stringSet("ADVERTISE", "ANALYZE")),
					statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("access_requested_time"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
				},
				Check: emulatorHasAgency(emu, "ADVERTISE", "ANALYZE"),
			},
			// A second plan right after apply must be empty.
			emptyPlanStep(agencyConfig(emu, "ANALYZE", "ADVERTISE")),
		}, importSteps(agencyAddr, testPageID+"/"+testBusinessID), []resource.TestStep{
			// The endpoint has no update: new tasks replace the assignment.
			actionStep(nil, agencyConfig(emu, "MANAGE"), agencyAddr, plancheck.ResourceActionDestroyBeforeCreate, emulatorHasAgency(emu, "MANAGE")),
			// Removed outside Terraform: refresh notices and the apply re-creates it.
			actionStep(func() { emu.RemoveAgency(testPageID, testBusinessID) }, agencyConfig(emu, "MANAGE"), agencyAddr,
				plancheck.ResourceActionCreate, emulatorHasAgency(emu, "MANAGE")),
		}),
	})
}

func TestCLIPageAgency_outOfBandRemovalShowsInPlan(t *testing.T) {
	emu := newEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{Config: agencyConfig(emu, "ANALYZE")},
			{
				PreConfig:          func() { emu.RemoveAgency(testPageID, testBusinessID) },
				Config:             agencyConfig(emu, "ANALYZE"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

func TestCLIPageAgency_duplicateWithOtherTasksSaysImport(t *testing.T) {
	emu := newEmulator(t)
	emu.SetAgency(testPageID, testBusinessID, []string{"MODERATE"})
	configFails(t, agencyConfig(emu, "ANALYZE"),
		regexp.MustCompile(`(?s)already has access.*business `+testBusinessID+` already holds MODERATE.*terraform import <resource address>\s+`+testPageID+"/"+testBusinessID))
	if a, _ := emu.Agency(testPageID, testBusinessID); !slices.Equal(a.PermittedTasks, []string{"MODERATE"}) {
		t.Fatalf("the existing assignment was changed: %v", a.PermittedTasks)
	}
}

// An existing assignment with exactly the planned tasks, made outside this
// create, is not taken over: destroying the resource would revoke access
// Terraform never gave. The create finds it before any POST and points at
// import instead.
func TestCLIPageAgency_duplicateWithSameTasksIsNotAdopted(t *testing.T) {
	emu := newEmulator(t)
	emu.SetAgency(testPageID, testBusinessID, []string{"ANALYZE", "ADVERTISE"})
	configFails(t, agencyConfig(emu, "ADVERTISE", "ANALYZE"),
		wrappedSequence("The business already has access to this Page", "business "+testBusinessID+" already holds ANALYZE, ADVERTISE on Page "+testPageID,
			"terraform import <resource address> "+testPageID+"/"+testBusinessID))
	if n := emu.Calls("POST", graphtest.EndpointAgencies); n != 0 {
		t.Fatalf("%d POSTs, want none", n)
	}
	if _, ok := emu.Agency(testPageID, testBusinessID); !ok {
		t.Fatal("the existing assignment lost its access")
	}
}
