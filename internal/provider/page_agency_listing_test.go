package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// sixAgenciesConfig manages six agencies of the test page and reads them
// all through the data source.
func sixAgenciesConfig(emu *graphtest.Emulator) string {
	var b strings.Builder
	b.WriteString(providerBlock(emu))
	fmt.Fprintf(&b, `
data "facebook_page_agencies" "all" {
  page_id = %q
}
`, testPageID)
	for i := range 6 {
		fmt.Fprintf(&b, `
resource "facebook_page_agency" "a%d" {
  page_id         = %q
  business_id     = "21000000000000%d"
  permitted_tasks = ["ANALYZE"]
}
`, i, testPageID, i)
	}
	return b.String()
}

// expectCalls is a plan check on the emulator's request log: the listing
// calls the plan made, plus the one token exchange of its provider process
// and nothing else. It empties the log afterwards, so the next check sees
// only the next plan's.
func expectCalls(emu *graphtest.Emulator, listings int) plancheck.PlanCheck {
	const exchanges = 1
	return calledCheck(func() error {
		defer emu.ResetLog()
		got := [3]int{emu.Calls("GET", graphtest.EndpointAgencies), emu.Calls("GET", graphtest.EndpointPage), emu.TotalCalls()}
		if want := [3]int{listings, exchanges, listings + exchanges}; got != want {
			return fmt.Errorf("listing GETs, token exchanges, all calls = %v, want %v", got, want)
		}
		return nil
	})
}

type calledCheck func() error

func (c calledCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c()
}

// TestCLIPageAgency_refreshListsThePageOnce proves the floor at small scale:
// refreshing six agencies of one page and reading the page's data source,
// listed two per call, takes ceil(6/2) = 3 listing calls per plan, not 7 x 3.
func TestCLIPageAgency_refreshListsThePageOnce(t *testing.T) {
	emu := newEmulator(t) // MaxLimit 2
	for i := range 6 {
		emu.AddBusiness(fmt.Sprintf("21000000000000%d", i), fmt.Sprintf("Agency %d", i))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config: sixAgenciesConfig(emu),
				Check: func(*terraform.State) error {
					if n := len(emu.Agencies(testPageID)); n != 6 {
						return fmt.Errorf("the page has %d agencies, want 6", n)
					}
					return nil
				},
			},
			{
				// A plan-only step runs a plan without refresh (which still
				// reads the data source), then one with.
				PreConfig: emu.ResetLog,
				Config:    sixAgenciesConfig(emu),
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh:  []plancheck.PlanCheck{expectCalls(emu, 3)},
					PostApplyPostRefresh: []plancheck.PlanCheck{expectCalls(emu, 3)},
				},
			},
		},
	})
}
