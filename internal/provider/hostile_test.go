package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
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
	"github.com/pageops/terraform-provider-facebook/internal/procmem"
)

// Hostile-server tests: the emulator answers as a broken or hostile server
// standing in for Graph would, and the real terraform CLI must come out
// with a clear error, the state intact, no secret anywhere and no request
// to another origin.

// brokenExchanges are answers to the Page token exchange
// (GET /{page-id}?fields=access_token) that carry the Page token in a form
// the client cannot decode.
var brokenExchanges = []struct {
	name  string
	fault graphtest.Fault
}{
	{"cut off", graphtest.Fault{Status: 200, Body: `{"access_token":"{page-token}","id":"` + testPageID + `"}`, ResetConnection: true}},
	{"trailing bytes", graphtest.Fault{Status: 200, Body: `{"access_token":"{page-token}"} trailing`}},
	{"truncated", graphtest.Fault{Status: 200, Body: `{"id":"1","access_token":"{page-token}`}},
	{"5xx HTML echoing the token", graphtest.Fault{Status: 502, Body: `<html><body>upstream said token={page-token}</body></html>`}},
	{"5xx JSON echoing the token", graphtest.Fault{Status: 500, Body: `{"upstream":{"access_token":"{page-token}"}}`}},
	{"escaped JSON in a string", graphtest.Fault{Status: 500, Body: `{"detail":"{\u0022access_token\u0022:\u0022{page-token}\u0022}"}`}},
	{"url-encoded", graphtest.Fault{Status: 503, Body: `<p>retry at /login?next=%2Fme%3Faccess_token%3D{page-token}</p>`}},
	{"wrong type", graphtest.Fault{Status: 200, Body: `{"access_token":["{page-token}"]}`}},
}

// Every broken exchange answer, through the released binary with
// TF_LOG=TRACE: the apply fails naming the exchange, and no secret appears
// in anything terraform printed, the trace log or the state.
func TestCLIHostile_brokenTokenExchangeLeaksNoSecret(t *testing.T) {
	const appSecret = "hostile-app-secret-0123456789" //nolint:gosec // G101: test fixture, not a credential
	emu := graphtest.Start(t, graphtest.Options{AppSecret: appSecret})
	pageToken := emu.AddPage(testPageID, "Test Page")
	emu.AddUser(testUserToken, testPageID)
	emu.AddBusiness(testBusinessID, testBusiness)
	secrets := map[string]string{
		"user token": testUserToken, "page token": pageToken, "app secret": appSecret,
		"user proof": graphtest.AppSecretProof(appSecret, testUserToken), "page proof": graphtest.AppSecretProof(appSecret, pageToken),
	}
	config := fmt.Sprintf(`
provider "facebook" {
  base_url    = %q
  max_retries = 0
}
`, emu.URL()) + agencyBlock(testPageID, testBusinessID, `["ANALYZE"]`)
	for _, kind := range brokenExchanges {
		t.Run(kind.name, func(t *testing.T) {
			emu.ClearFaults()
			f := kind.fault
			f.Method, f.Endpoint = "GET", graphtest.EndpointPage
			emu.InjectFault(f)
			tf := newBinaryDir(t, config)
			logPath := tf.path("trace.log")
			tf.env = append(tf.env, envAccessToken+"="+testUserToken, envAppSecret+"="+appSecret, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)
			res := tf.run("apply", "-auto-approve")
			if res.code == 0 {
				t.Fatalf("apply succeeded on a broken exchange answer:\n%s", res.output())
			}
			if out := strings.Join(strings.Fields(res.output()), " "); !strings.Contains(out, "GET /"+graph.DefaultAPIVersion+"/"+testPageID+":") {
				t.Errorf("the error does not name the exchange:\n%s", res.output())
			}
			for what, text := range map[string]string{"output": res.output(), "trace log": readFile(t, logPath), "state": readOptionalFile(tf.path("terraform.tfstate"))} {
				for name, secret := range secrets {
					if strings.Contains(text, secret) {
						t.Errorf("the %s shows the %s", what, name)
					}
				}
			}
		})
	}
}

func readOptionalFile(name string) string {
	b, _ := os.ReadFile(name) //nolint:gosec // G304: a file of the test's own temporary directory
	return string(b)
}

// A redirect from the configured host, for a read and for the assignment:
// refused with an error that says so, and the other origin never hears of
// the request (nor of the token).
func TestCLIHostile_redirectsAreRefused(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":[],"success":true}`))
	}))
	t.Cleanup(other.Close)
	emu := newEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: graphtest.EndpointAgencies, Status: http.StatusTemporaryRedirect,
						Headers: map[string]string{"Location": other.URL + "/" + graph.DefaultAPIVersion + "/{page-id}/agencies"}})
				},
				Config:      agencyConfig(emu, "ANALYZE"),
				ExpectError: wrappedSequence("POST /"+graph.DefaultAPIVersion+"/"+testPageID+"/agencies", "HTTP 307", "redirects are refused", "never sent to another address"),
			},
			{
				PreConfig: func() {
					emu.ClearFaults()
					emu.SetAgency(testPageID, testBusinessID, []string{"ANALYZE"})
					emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointAgencies, Status: http.StatusFound,
						Headers: map[string]string{"Location": other.URL + "/" + graph.DefaultAPIVersion + "/{page-id}/agencies?access_token=leak"}})
				},
				Config:      providerBlock(emu) + `data "facebook_page_agencies" "all" { page_id = "` + testPageID + `" }`,
				ExpectError: wrappedSequence("GET /"+graph.DefaultAPIVersion+"/"+testPageID+"/agencies", "HTTP 302", "redirects are refused"),
			},
		},
	})
	if n := elsewhere.Load(); n != 0 {
		t.Fatalf("%d requests reached the other origin", n)
	}
}

// malformedListings are HTTP 200 answers to GET /{page-id}/agencies that
// are not a listing, or not one the client can trust.
var malformedListings = []struct{ name, body, want string }{
	{"empty object", `{}`, `no "data" member`},
	{"null data", `{"data":null}`, `"data" is null, not an array`},
	{"success only", `{"success":true}`, `no "data" member`},
	{"data a string", `{"data":"none"}`, `"data" is a string, not an array`},
	{"data an object", `{"data":{"id":"1"}}`, `"data" is an object, not an array`},
	{"entry without id", `{"data":[{"name":"Nameless","permitted_tasks":["ANALYZE"]}]}`, `entry 0 of "data": the entry has no "id"`},
	{"null entry", `{"data":[null]}`, `entry 0 of "data": the entry has no "id"`},
	{"two data members", `{"data":[],"data":[]}`, `two "data" members`},
	{"business twice with different tasks", `{"data":[{"id":"` + testBusinessID + `","permitted_tasks":["ANALYZE"]},{"id":"` + testBusinessID + `","permitted_tasks":["MANAGE"]}]}`,
		"listed twice with different access"},
	{"entry echoing the Page token", `{"data":[{"id":"` + testBusinessID + `","name":"{page-token}","permitted_tasks":["ANALYZE"]}]}`,
		"holds one of the credentials this provider sends, in data[0].name"},
}

// Each malformed listing, on refresh and on destroy: a clear error, the
// agency stays in state and keeps its access, and once the server behaves
// the plan is empty.
func TestCLIHostile_malformedListingsKeepState(t *testing.T) {
	emu := newEmulator(t)
	config := agencyConfig(emu, "ANALYZE")
	steps := []resource.TestStep{{Config: config}}
	for _, m := range malformedListings {
		fault := graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointAgencies, Status: 200, Body: m.body}
		steps = append(steps,
			resource.TestStep{
				PreConfig:   func() { t.Logf("refresh on %s", m.name); emu.ClearFaults(); emu.InjectFault(fault) },
				Config:      config,
				ExpectError: wrappedSequence("Unable to read the Page's agencies", "GET /"+graph.DefaultAPIVersion+"/"+testPageID+"/agencies", m.want),
			},
			resource.TestStep{
				// The delete answers without success, so the client must
				// list to learn whether the access is gone.
				PreConfig: func() {
					t.Logf("destroy on %s", m.name)
					emu.ClearFaults()
					emu.InjectFault(graphtest.Fault{Method: "DELETE", Endpoint: graphtest.EndpointAgencies, Status: 200, Body: `{}`})
					emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointAgencies, Skip: 1, Status: 200, Body: m.body})
				},
				Config:      config,
				Destroy:     true,
				ExpectError: wrappedSequence("Unable to remove the agency from the Page", m.want),
			})
	}
	steps = append(steps, resource.TestStep{
		PreConfig:        emu.ClearFaults,
		Config:           config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("business_name"), knownvalue.StringExact(testBusiness)),
		},
		Check: func(*terraform.State) error {
			if _, ok := emu.Agency(testPageID, testBusinessID); !ok {
				return fmt.Errorf("the agency lost its access")
			}
			return nil
		},
	})
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: providerFactories(), Steps: steps})
}

// The same business listed twice with the same tasks is one agency.
func TestCLIHostile_repeatedEntryCountsOnce(t *testing.T) {
	emu := newEmulator(t)
	entry := `{"id":"` + testBusinessID + `","name":"` + testBusiness + `","access_status":"CONFIRMED","permitted_tasks":["ANALYZE"]}`
	emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointAgencies, Status: 200, Body: `{"data":[` + entry + `,` + entry + `]}`})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(emu) + `data "facebook_page_agencies" "all" { page_id = "` + testPageID + `" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.facebook_page_agencies.all", tfjsonpath.New("agencies"), knownvalue.ListSizeExact(1)),
			},
		}},
	})
}

// An endless listing (full pages, a fresh cursor each time) ends with an
// error naming the limit, well within the read timeout, and the provider
// binary's resident memory, sampled from /proc while it runs, stays under
// 200 MiB.
func TestCLIHostile_endlessListingStopsAtTheLimit(t *testing.T) {
	emu := newEmulator(t)
	emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointAgencies, EndlessPages: 100})
	tf := newBinaryDir(t, fmt.Sprintf(`
provider "facebook" {
  base_url = %q
}
data "facebook_page_agencies" "all" {
  page_id  = %q
  timeouts = { read = "5m" }
}
`, emu.URL(), testPageID))
	tf.env = append(tf.env, envAccessToken+"="+testUserToken)
	sampler := procmem.StartPeakSampler(providerBinary(t), 20*time.Millisecond)
	start := time.Now()
	res := tf.run("plan")
	took := time.Since(start)
	peak, processes := sampler.Stop()
	t.Logf("stopped after %d listing requests in %s; provider peak RSS %d MiB over %d processes",
		emu.Calls("GET", graphtest.EndpointAgencies), took.Round(time.Millisecond), peak>>20, processes)
	if res.code == 0 {
		t.Fatalf("plan succeeded on an endless listing:\n%s", res.output())
	}
	out := strings.Join(strings.Fields(res.output()), " ")
	for _, want := range []string{"GET /" + graph.DefaultAPIVersion + "/" + testPageID + "/agencies", "the listing reached", "(MaxListing"} {
		if !strings.Contains(out, want) {
			t.Errorf("the error lacks %q:\n%s", want, res.output())
		}
	}
	if n := emu.Calls("GET", graphtest.EndpointAgencies); n > graph.MaxListingPages {
		t.Errorf("%d listing requests, more than MaxListingPages (%d)", n, graph.MaxListingPages)
	}
	if took > 2*time.Minute {
		t.Errorf("took %s: the limit should end the listing long before the 5m read timeout", took)
	}
	if processes == 0 {
		t.Fatal("no provider process was seen: the memory bound was not measured")
	}
	if peak > 200<<20 {
		t.Errorf("provider peak RSS %d MiB, over 200 MiB", peak>>20)
	}
}

// A listing page dripped one byte every 50ms is cut off by the per-attempt
// limit and retried; the retry gets the real answer and the read succeeds.
func TestCLIHostile_drippingAnswerIsCutAndRetried(t *testing.T) {
	emu := newEmulator(t)
	emu.SetAgency(testPageID, testBusinessID, []string{"ANALYZE"})
	emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointAgencies, Times: 1, Drip: 50 * time.Millisecond,
		Status: 200, Body: `{"data":[{"id":"` + testBusinessID + `","permitted_tasks":["ANALYZE"]}]}`})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(func(cfg *graph.Config) { cfg.AttemptTimeout = time.Second }),
		Steps: []resource.TestStep{{
			Config: providerBlock(emu) + `data "facebook_page_agencies" "all" { page_id = "` + testPageID + `" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.facebook_page_agencies.all", tfjsonpath.New("agencies"), knownvalue.ListSizeExact(1)),
			},
			Check: func(*terraform.State) error {
				if n := emu.Calls("GET", graphtest.EndpointAgencies); n < 2 {
					return fmt.Errorf("%d listing requests: the dripping one was not retried", n)
				}
				return nil
			},
		}},
	})
}
