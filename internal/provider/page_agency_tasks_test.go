package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// Tests of the task rule: Meta may spell a grant differently from what was
// posted, and only a configured task missing from its answer is drift.

// postedOnce checks that Meta received exactly one assignment: the grant
// was never replaced.
func postedOnce(emu *graphtest.Emulator) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := emu.Calls("POST", graphtest.EndpointAgencies); n != 1 {
			return fmt.Errorf("%d POST /agencies, want 1: the grant was replaced", n)
		}
		return nil
	}
}

// sameGrantSteps applies tasks against an emulator that spells the grant
// its own way, then proves the answer is no drift: effective_tasks holds
// Meta's answer, permitted_tasks the configuration, the next plan is empty
// and the grant was never replaced.
func sameGrantSteps(emu *graphtest.Emulator, configured []string, effective ...string) []resource.TestStep {
	notReplaced := statecheck.CompareValue(compare.ValuesSame())
	return []resource.TestStep{
		{
			Config: agencyConfig(emu, configured...),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("permitted_tasks"), tasks(configured...)),
				statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("effective_tasks"), tasks(effective...)),
				notReplaced.AddStateValue(agencyAddr, tfjsonpath.New("access_requested_time")),
			},
		},
		{
			Config: agencyConfig(emu, configured...),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("permitted_tasks"), tasks(configured...)),
				notReplaced.AddStateValue(agencyAddr, tfjsonpath.New("access_requested_time")),
			},
			Check: postedOnce(emu),
		},
	}
}

// A role expanded into the tasks it implies is a superset: not drift.
func TestCLIPageAgency_supersetIsNotDrift(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	emu.SetAgencyAnswer(testBusinessID, graphtest.AgencyAnswer{ExpandRoles: true})
	all := []string{"MANAGE", "CREATE_CONTENT", "MODERATE", "MESSAGING", "ADVERTISE", "ANALYZE"}
	steps := append(sameGrantSteps(emu, []string{"MANAGE"}, all...), resource.TestStep{
		// An import has no configuration to keep: it holds what Meta
		// reports, and a configuration listing that imports with no change.
		Config:          agencyConfig(emu, all...),
		ResourceName:    agencyAddr,
		ImportState:     true,
		ImportStateKind: resource.ImportBlockWithID,
		ImportStateId:   testPageID + "/" + testBusinessID,
		ImportPlanChecks: resource.ImportPlanChecks{
			PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(agencyAddr, plancheck.ResourceActionNoop)},
		},
	})
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: providerFactories(), Steps: steps})
}

// Lower-case spellings compare case-insensitively; an import stores them
// upper-cased, as the configuration must write them.
func TestCLIPageAgency_lowerCaseIsNotDrift(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	emu.SetAgencyAnswer(testBusinessID, graphtest.AgencyAnswer{LowerCase: true})
	steps := append(sameGrantSteps(emu, []string{"ADVERTISE", "ANALYZE"}, "ADVERTISE", "ANALYZE"), resource.TestStep{
		ResourceName:            agencyAddr,
		ImportState:             true,
		ImportStateId:           testPageID + "/" + testBusinessID,
		ImportStateVerify:       true,
		ImportStateVerifyIgnore: []string{"timeouts"},
	})
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: providerFactories(), Steps: steps})
}

// A configured task Meta stops reporting is drift, even when Meta reports
// other tasks instead: the plan replaces the grant, which restores it.
func TestCLIPageAgency_missingTaskReplacesTheGrant(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{Config: agencyConfig(emu, "ADVERTISE", "ANALYZE")},
			{
				PreConfig: func() { emu.SetAgency(testPageID, testBusinessID, []string{"ANALYZE", "MESSAGING"}) },
				Config:    agencyConfig(emu, "ADVERTISE", "ANALYZE"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(agencyAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("effective_tasks"), tasks("ADVERTISE", "ANALYZE")),
				},
				Check: emulatorHasAgency(emu, "ADVERTISE", "ANALYZE"),
			},
			{
				Config: agencyConfig(emu, "ADVERTISE", "ANALYZE"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// wantOutput fails the test unless the command's output holds every text,
// however the CLI wrapped it.
func wantOutput(t *testing.T, r tfResult, texts ...string) {
	t.Helper()
	out := strings.Join(strings.Fields(r.output()), " ")
	for _, want := range texts {
		if !strings.Contains(out, want) {
			t.Errorf("terraform %v output lacks %q:\n%s", r.args, want, r.output())
		}
	}
}

const pendingWarning = "Warning: Agency access is PENDING, not CONFIRMED"

// A grant Meta makes PENDING, listed without tasks until a Page admin
// approves it: warned about on create and on every refresh, never drift.
func TestCLIPageAgency_pendingWithoutTasksWarnsAndIsNotDrift(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	emu.SetAgencyAnswer(testBusinessID, graphtest.AgencyAnswer{Pending: true, NoTasksWhilePending: true})
	d := newInProcessDir(t, agencyConfig(emu, "MANAGE"))
	who := []string{
		pendingWarning,
		"Meta reports the access of business " + testBusinessID + " to Page " + testPageID + " as PENDING",
		"a Page admin must approve (or deny) the request",
		"https://developers.facebook.com/docs/marketing-api/business-manager/asset-management/pages",
	}

	r := d.run("apply", "-auto-approve")
	if r.code != 0 {
		t.Fatalf("apply exited %d:\n%s", r.code, r.output())
	}
	wantOutput(t, r, who...)
	r = d.run("plan", "-detailed-exitcode")
	if r.code != 0 {
		t.Fatalf("plan exited %d, want 0 (no tasks while pending is not drift):\n%s", r.code, r.output())
	}
	wantOutput(t, r, who...)
	r = d.run("show")
	wantOutput(t, r, `access_status = "PENDING"`, `effective_tasks = []`, `"MANAGE"`)

	// The Page admin approves: the tasks show, the warning goes, no change.
	emu.SetAgencyStatus(testPageID, testBusinessID, graphtest.AccessConfirmed)
	r = d.run("apply", "-refresh-only", "-auto-approve")
	if r.code != 0 || strings.Contains(r.output(), "PENDING, not CONFIRMED") {
		t.Fatalf("refresh after approval exited %d or still warns:\n%s", r.code, r.output())
	}
	r = d.run("show")
	wantOutput(t, r, `access_status = "CONFIRMED"`, `effective_tasks = [ "MANAGE", ]`)
	if r = d.run("plan", "-detailed-exitcode"); r.code != 0 {
		t.Fatalf("plan after approval exited %d, want 0:\n%s", r.code, r.output())
	}
	if n := emu.Calls("POST", graphtest.EndpointAgencies); n != 1 {
		t.Fatalf("%d POST /agencies, want 1", n)
	}
}

// A grant that turns PENDING after it was made (Meta's answer to a refresh)
// warns the same way, with its tasks still listed and kept.
func TestCLIPageAgency_pendingOnRefreshWarns(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	d := newInProcessDir(t, agencyConfig(emu, "ANALYZE"))
	r := d.run("apply", "-auto-approve")
	if r.code != 0 || strings.Contains(r.output(), "Warning") {
		t.Fatalf("a CONFIRMED create exited %d or warned:\n%s", r.code, r.output())
	}
	emu.SetAgencyStatus(testPageID, testBusinessID, graphtest.AccessPending)
	r = d.run("plan", "-detailed-exitcode")
	if r.code != 0 {
		t.Fatalf("plan exited %d, want 0:\n%s", r.code, r.output())
	}
	wantOutput(t, r, pendingWarning, "a Page admin must approve")
}

const unknownTaskWarning = "Warning: Meta reports agency tasks this provider does not know"

// A task Meta reports that this provider does not know does not break a
// read: it is kept in effective_tasks, with a warning.
func TestCLIPageAgency_unknownTaskIsKeptWithAWarning(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	emu.SetAgencyAnswer(testBusinessID, graphtest.AgencyAnswer{ExtraTasks: []string{"brand_new_task"}})
	d := newInProcessDir(t, agencyConfig(emu, "ANALYZE"))
	r := d.run("apply", "-auto-approve")
	if r.code != 0 {
		t.Fatalf("apply exited %d:\n%s", r.code, r.output())
	}
	wantOutput(t, r, unknownTaskWarning, "`BRAND_NEW_TASK`")
	r = d.run("plan", "-detailed-exitcode")
	if r.code != 0 {
		t.Fatalf("plan exited %d, want 0:\n%s", r.code, r.output())
	}
	wantOutput(t, r, unknownTaskWarning)
	wantOutput(t, d.run("show"), `effective_tasks = [ "ANALYZE", "BRAND_NEW_TASK", ]`, `permitted_tasks = [ "ANALYZE", ]`)
}

// An import of a grant holding a task this provider does not know works,
// and the configuration may list that task: the import plans no change, and
// neither does the plan after. The same value for another grant is sent to
// Meta as written, with a warning: Meta decides (see open_enum_cli_test.go).
func TestCLIPageAgency_importWithUnknownTask(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	emu.SetAgency(testPageID, testBusinessID, []string{"ANALYZE", "BRAND_NEW_TASK"})
	importBlock := fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", agencyAddr, testPageID+"/"+testBusinessID)
	d := newInProcessDir(t, agencyConfig(emu, "ANALYZE", "BRAND_NEW_TASK")+importBlock)

	r := d.run("plan", "-detailed-exitcode")
	if r.code != 2 {
		t.Fatalf("import plan exited %d, want 2 (an import):\n%s", r.code, r.output())
	}
	wantOutput(t, r, "1 to import, 0 to add, 0 to change, 0 to destroy", unknownTaskWarning, "`BRAND_NEW_TASK`")
	d.must("apply", "-auto-approve")
	wantOutput(t, d.run("show"),
		`permitted_tasks = [ "ANALYZE", "BRAND_NEW_TASK", ]`, `effective_tasks = [ "ANALYZE", "BRAND_NEW_TASK", ]`)
	d.write(agencyConfig(emu, "ANALYZE", "BRAND_NEW_TASK"))
	if r = d.run("plan", "-detailed-exitcode"); r.code != 0 {
		t.Fatalf("plan after import exited %d, want 0:\n%s", r.code, r.output())
	}

	// Another grant: planned with a warning naming the value, for Meta to decide.
	emu.AddBusiness("200000000000077", "Other Agency")
	other := strings.Replace(agencyBlock(testPageID, "200000000000077", `["BRAND_NEW_TASK"]`), `"test"`, `"other"`, 1)
	d.write(agencyConfig(emu, "ANALYZE", "BRAND_NEW_TASK") + other)
	r = d.run("plan")
	if r.code != 0 {
		t.Fatalf("plan of a new grant with a well-formed unknown task failed:\n%s", r.output())
	}
	wantOutput(t, r, "Value this provider does not know", `"BRAND_NEW_TASK"`, "1 to add")
}

func TestReadAgencyTasks(t *testing.T) {
	for _, c := range []struct {
		name                        string
		configured, reported        []string
		status                      string
		effective, missing, unknown []string
	}{
		{"same", []string{"ANALYZE"}, []string{"ANALYZE"}, "CONFIRMED", []string{"ANALYZE"}, nil, nil},
		{"superset", []string{"MANAGE"}, []string{"MANAGE", "ANALYZE"}, "CONFIRMED", []string{"ANALYZE", "MANAGE"}, nil, nil},
		{"lower case, twice", []string{"ANALYZE"}, []string{"analyze", "ANALYZE"}, "CONFIRMED", []string{"ANALYZE"}, nil, nil},
		{"task gone", []string{"ADVERTISE", "ANALYZE"}, []string{"ANALYZE", "MESSAGING"}, "CONFIRMED", []string{"ANALYZE", "MESSAGING"}, []string{"ADVERTISE"}, nil},
		{"no tasks while pending", []string{"MANAGE"}, nil, "PENDING", []string{}, nil, nil},
		{"no tasks once confirmed", []string{"MANAGE"}, nil, "CONFIRMED", []string{}, []string{"MANAGE"}, nil},
		{"some tasks while pending", []string{"MANAGE"}, []string{"ANALYZE"}, "PENDING", []string{"ANALYZE"}, []string{"MANAGE"}, nil},
		{"import", nil, []string{"new_task", "ANALYZE"}, "CONFIRMED", []string{"ANALYZE", "NEW_TASK"}, nil, []string{"NEW_TASK"}},
	} {
		got := readAgencyTasks(c.configured, c.reported, c.status)
		if !slices.Equal(got.effective, c.effective) || !slices.Equal(got.missing, c.missing) || !slices.Equal(got.unknown, c.unknown) {
			t.Errorf("%s: got %+v, want effective %v, missing %v, unknown %v", c.name, got, c.effective, c.missing, c.unknown)
		}
	}
}

// A create whose answer was lost adopts its own grant (Meta says
// "duplicate" to the repeat); when Meta lists that grant as PENDING, the
// adoption warns like any other create.
func TestCLIPageAgency_pendingAfterALostAnswerWarns(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	emu.SetAgencyAnswer(testBusinessID, graphtest.AgencyAnswer{Pending: true})
	emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: graphtest.EndpointAgencies, Times: 1, AfterHandling: true, ResetConnection: true})
	d := newInProcessDir(t, agencyConfig(emu, "ANALYZE"))
	r := d.run("apply", "-auto-approve")
	if r.code != 0 {
		t.Fatalf("apply exited %d:\n%s", r.code, r.output())
	}
	wantOutput(t, r, pendingWarning, "a Page admin must approve")
	var codes []int
	for _, req := range emu.Requests() {
		if req.Method == "POST" {
			codes = append(codes, req.ErrorCode)
		}
	}
	if !slices.Equal(codes, []int{0, graph.CodeDuplicateAsset}) {
		t.Fatalf("POST answers %v, want the lost success then the duplicate", codes)
	}
}
