package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// agenciesConfig reads the agencies of the test page.
func agenciesConfig(emu *graphtest.Emulator) string {
	return providerBlock(emu) + fmt.Sprintf(`
data "facebook_page_agencies" "test" {
  page_id = %q
}
`, testPageID)
}

func expectAgencies(check knownvalue.Check) []statecheck.StateCheck {
	return []statecheck.StateCheck{statecheck.ExpectKnownValue(agenciesAddr, tfjsonpath.New("agencies"), check)}
}

func tasks(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.SetExact(checks)
}

func TestCLIPageAgencies_everyPageWithEveryField(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	emu.SetAgency(testPageID, testBusinessID, []string{"ADVERTISE", "ANALYZE"})
	seedOtherAgencies(emu, 3) // 290000000000000..2, ANALYZE
	emu.SetAgencyStatus(testPageID, "290000000000001", graphtest.AccessPending)
	// Meta may spell a grant in lower case, with a task no client knows yet.
	emu.SetAgencyAnswer("290000000000002", graphtest.AgencyAnswer{LowerCase: true, ExtraTasks: []string{"brand_new_task"}})
	emu.AddBusiness("290000000000009", "") // Meta leaves out an empty name
	emu.SetAgency(testPageID, "290000000000009", []string{"MANAGE"})

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: agenciesConfig(emu),
			ConfigStateChecks: expectAgencies(knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":                    knownvalue.StringExact(testBusinessID),
					"name":                  knownvalue.StringExact(testBusiness),
					"access_status":         knownvalue.StringExact("CONFIRMED"),
					"access_requested_time": knownvalue.StringRegexp(rfc3339),
					"access_updated_time":   knownvalue.StringRegexp(rfc3339),
					"permitted_tasks":       tasks("ADVERTISE", "ANALYZE"),
					"effective_tasks":       tasks("ADVERTISE", "ANALYZE"),
				}),
				knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id": knownvalue.StringExact("290000000000000"), "name": knownvalue.StringExact("Other 290000000000000"),
					"access_status": knownvalue.StringExact("CONFIRMED"), "permitted_tasks": tasks("ANALYZE"),
				}),
				knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id": knownvalue.StringExact("290000000000001"), "access_status": knownvalue.StringExact("PENDING"),
				}),
				knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id":              knownvalue.StringExact("290000000000002"),
					"permitted_tasks": tasks("ANALYZE", "BRAND_NEW_TASK"), "effective_tasks": tasks("ANALYZE", "BRAND_NEW_TASK"),
				}),
				knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id": knownvalue.StringExact("290000000000009"), "name": knownvalue.Null(), "permitted_tasks": tasks("MANAGE"),
				}),
			})),
			// Five agencies in pages of two.
			Check: resource.ComposeAggregateTestCheckFunc(
				eachReadTook(emu, graphtest.EndpointAgencies, 3, 0),
				lastRequestParam(emu, graphtest.EndpointAgencies, "fields", "id,name,access_status,access_requested_time,access_updated_time,permitted_tasks"),
			),
		}},
	})
}

func TestCLIPageAgencies_emptyPage(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config:            agenciesConfig(emu),
			ConfigStateChecks: expectAgencies(knownvalue.ListExact([]knownvalue.Check{})),
			Check:             eachReadTook(emu, graphtest.EndpointAgencies, 1, 0),
		}},
	})
}

// The data source sees what the resource assigns (both read one listing),
// and reading it after the resource leaves no diff behind.
func TestCLIPageAgencies_listsTheManagedAgency(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	seedOtherAgencies(emu, 2)
	config := agencyConfig(emu, "ANALYZE") + `
data "facebook_page_agencies" "test" {
  page_id    = facebook_page_agency.test.page_id
  depends_on = [facebook_page_agency.test]
}
`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: expectAgencies(ids("290000000000000", "290000000000001", testBusinessID)),
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func TestCLIPageAgencies_apiErrorNamesEndpointCodeAndTrace(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	seedOtherAgencies(emu, 3)
	emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointAgencies, Skip: 1, Error: &graphtest.GraphError{
		Message: "(#100) Param after is not a valid cursor for this edge", Code: 100,
	}})
	configFails(t, agenciesConfig(emu),
		regexp.MustCompile(`(?s)Unable to read the Page's agencies.*GET\s+/v26\.0/`+testPageID+`/agencies:\s+\(#100\)\s+Param\s+after\s+is\s+not\s+a\s+valid\s+cursor`+
			`.*\(code\s+100,\s+type\s+OAuthException,\s+fbtrace_id\s+[A-Za-z0-9_-]{20,}\)`))
}

func TestCLIPageAgencies_throttledThenAnswered(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	seedOtherAgencies(emu, 3)
	f := graphtest.Throttle(graph.CodePagesBUCThrottled, 0)
	f.Method, f.Endpoint, f.Times = "GET", graphtest.EndpointAgencies, 2
	emu.InjectFault(f)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config:            agenciesConfig(emu),
			ConfigStateChecks: expectAgencies(ids("290000000000000", "290000000000001", "290000000000002")),
			Check:             eachReadTook(emu, graphtest.EndpointAgencies, 2, 2),
		}},
	})
}

// With retries used up, the throttling error says so and what to do.
func TestCLIPageAgencies_throttledBeyondRetries(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	f := graphtest.Throttle(graph.CodePagesBUCThrottled, 0)
	f.Method, f.Endpoint = "GET", graphtest.EndpointAgencies
	emu.InjectFault(f)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(func(cfg *graph.Config) { cfg.MaxRetries = 2 }),
		Steps: []resource.TestStep{{
			Config:      agenciesConfig(emu),
			ExpectError: regexp.MustCompile(`(?s)code\s+80001.*retries\s+are\s+used\s+up`),
		}},
	})
	if n := emu.Calls("GET", graphtest.EndpointAgencies); n != 3 {
		t.Fatalf("%d calls, want 3 (the first and two retries)", n)
	}
}
