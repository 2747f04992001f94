package provider

import (
	"fmt"
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

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// Fault tests: the emulator misbehaves the way Meta (or a proxy in front of
// it) does, and the real terraform CLI must come out with a clear error and
// the state intact, or converge.

// Every throttling code, answered with HTTP 400 and the usage headers at
// 100%, on the create of one agency per page: each is retried after a
// backoff and the apply converges.
func TestCLIFaults_eachThrottlingCodeIsRetried(t *testing.T) {
	emu := graphtest.Start(t, graphtest.Options{MaxLimit: 2})
	var config strings.Builder
	config.WriteString(providerBlock(emu))
	pageOf := map[int]string{}
	for i, code := range graph.ThrottlingCodes() {
		page := fmt.Sprintf("71000000000000%d", i)
		pageOf[code] = page
		emu.AddPage(page, fmt.Sprintf("Throttled by %d", code))
		emu.AddUser(testUserToken, page)
		// The business-use-case codes name a wait in
		// estimated_time_to_regain_access (one unit: 50ms in tests).
		regain := 0
		if code == graph.CodePagesBUCThrottled || code == graph.CodeMessengerThrottled {
			regain = 1
		}
		f := graphtest.Throttle(code, regain)
		f.Method, f.Endpoint, f.PageID, f.Times = "POST", graphtest.EndpointAgencies, page, 2
		emu.InjectFault(f)
		fmt.Fprintf(&config, `
resource "facebook_page_agency" "code_%d" {
  page_id         = %q
  business_id     = %q
  permitted_tasks = ["ANALYZE"]
}
`, code, page, testBusinessID)
	}
	emu.AddBusiness(testBusinessID, testBusiness)

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config: config.String(),
				Check: func(*terraform.State) error {
					for code := range pageOf {
						var answers []int
						for _, r := range emu.Requests() {
							if r.Method == "POST" && r.PageID == pageOf[code] {
								answers = append(answers, r.ErrorCode)
							}
						}
						if !slices.Equal(answers, []int{code, code, 0}) {
							return fmt.Errorf("code %d: POST answers %v, want two throttled then one accepted", code, answers)
						}
						if _, ok := emu.Agency(pageOf[code], testBusinessID); !ok {
							return fmt.Errorf("code %d: the agency was not assigned", code)
						}
					}
					return nil
				},
			},
			{
				Config:           config.String(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// Meta asking to wait longer than the operation may take: the create fails
// at once with a message naming the wait, after one call.
func TestCLIFaults_regainBeyondDeadlineFailsFast(t *testing.T) {
	emu := newEmulator(t)
	f := graphtest.Throttle(graph.CodePagesBUCThrottled, 15)
	f.Method, f.Endpoint = "POST", graphtest.EndpointAgencies
	emu.InjectFault(f)
	start := time.Now()
	resource.UnitTest(t, resource.TestCase{
		// Minutes, as in production: 15 minutes exceed the 10-minute default.
		ProtoV6ProviderFactories: providerFactories(func(cfg *graph.Config) { cfg.RegainUnit = time.Minute }),
		Steps: []resource.TestStep{{
			Config:      agencyConfig(emu, "ANALYZE"),
			ExpectError: wrappedSequence("POST /v26.0/"+testPageID+"/agencies", "code 80001", "Meta asks to wait 15m0s before calling again (estimated_time_to_regain_access)"),
		}},
	})
	if n := emu.Calls("POST", graphtest.EndpointAgencies); n != 1 {
		t.Errorf("%d POSTs, want 1: no retry when the wait cannot fit", n)
	}
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("failing took %s: it should not wait for the throttle", took)
	}
}

// listingFault is a way for the third page of a five-page agency listing to
// fail, and the words the diagnostic must show.
type listingFault struct {
	name  string
	fault graphtest.Fault
	want  []string
}

var listingFaults = []listingFault{
	{"HTTP 500 without body", graphtest.Fault{Status: 500},
		[]string{"HTTP 500, unexpected status without a Graph error body", "fbtrace_id"}},
	{"HTTP 502 HTML page", graphtest.Fault{Status: 502, Body: "<html><body><h1>502 Bad Gateway</h1></body></html>"},
		[]string{"HTTP 502, unexpected status without a Graph error body", "fbtrace_id", "502 Bad Gateway"}},
	{"HTTP 503 transient envelope", graphtest.Fault{Status: 503, Error: graphtest.MetaError(2)},
		[]string{"An unexpected error has occurred", "code 2", "fbtrace_id"}},
	{"HTML error page with HTTP 200", graphtest.Fault{Status: 200, Body: "<!DOCTYPE html><html><title>Sorry, something went wrong</title></html>"},
		[]string{"HTTP 200, the answer is not valid JSON", "fbtrace_id", "Sorry, something went wrong"}},
	{"HTTP 502 page in another encoding", graphtest.Fault{Status: 502, Body: "<html><h1>Passerelle d\xe9faillante</h1>" + strings.Repeat("\xe9", 300) + "</html>"},
		[]string{"HTTP 502, unexpected status without a Graph error body", "fbtrace_id", "Passerelle d\uFFFDfaillante"}},
	{"malformed JSON", graphtest.Fault{Status: 200, Body: `{"data": [ {"id": 1,, ]}`},
		[]string{"HTTP 200, the answer is not valid JSON", "fbtrace_id"}},
	{"truncated JSON", graphtest.Fault{Status: 200, Body: `{"data":[{"id":"200000000000009","name":"A"}],"pag`},
		[]string{"HTTP 200, the answer is not valid JSON", "unexpected end of JSON input", "fbtrace_id"}},
	{"error envelope with HTTP 200", graphtest.Fault{Status: 200, Error: &graphtest.GraphError{Code: 100, Subcode: 33, Message: "Unsupported get request."}},
		[]string{"Unsupported get request.", "code 100, subcode 33", "fbtrace_id"}},
	{"connection reset mid-body", graphtest.Fault{ResetConnection: true, AfterHandling: true},
		[]string{"HTTP 200, the connection closed before the whole answer arrived (unexpected EOF)", "fbtrace_id"}},
	{"slow answer past the read timeout", graphtest.Fault{Delay: time.Minute},
		[]string{"context deadline exceeded", "The operation ran out of time"}},
}

// Each fault strikes the third page of a five-page listing during refresh:
// a clear error naming the endpoint, and the agency stays in state, since
// only a complete listing may conclude it is gone.
func TestCLIFaults_listingFailuresKeepState(t *testing.T) {
	emu := newEmulator(t)
	seedOtherAgencies(emu, 8) // with ours last: 9 agencies, 5 pages of 2
	config := providerBlock(emu) + fmt.Sprintf(`
resource "facebook_page_agency" "test" {
  page_id         = %q
  business_id     = %q
  permitted_tasks = ["ANALYZE"]
  timeouts = {
    read = "3s"
  }
}
`, testPageID, testBusinessID)

	steps := []resource.TestStep{{Config: config}}
	for _, lf := range listingFaults {
		want := wrappedSequence(append([]string{"Unable to read the Page's agencies", "GET /v26.0/" + testPageID + "/agencies"}, lf.want...)...)
		steps = append(steps, resource.TestStep{
			PreConfig: func() {
				t.Logf("fault on page 3 of 5: %s", lf.name)
				emu.ClearFaults()
				f := lf.fault
				f.Method, f.Endpoint, f.Skip = "GET", graphtest.EndpointAgencies, 2
				emu.InjectFault(f)
			},
			Config:      config,
			ExpectError: want,
		})
	}
	steps = append(steps, resource.TestStep{
		// Still in state, unchanged: the next plan is empty.
		PreConfig: emu.ClearFaults,
		Config:    config,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("business_name"), knownvalue.StringExact(testBusiness)),
		},
	})
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: providerFactories(), Steps: steps})
	if n := emu.Calls("POST", graphtest.EndpointAgencies); n != 1 {
		t.Errorf("%d POSTs: a failed refresh led to a re-create", n)
	}
}
