// Shared helpers of the provider's tests: the environment TestMain sets up,
// fixture ids, the emulator, configuration builders and checks. Every test
// file uses these; none defines a helper another file needs.
//
// Three harnesses drive the provider; use the first that can do the job:
//   - terraform-plugin-testing (resource.UnitTest with providerFactories):
//     every TestCLI* test of plan, apply, import and refresh, with
//     ConfigStateChecks, plan checks and ExpectError.
//   - tfDir (helpers_cli_test.go): the terraform CLI run by hand, only for
//     what terraform-plugin-testing cannot do: -parallelism, TF_LOG to a
//     file, saved plans and `terraform show -json`, the provider as a built
//     binary installed through dev_overrides, and signals.
//   - rpcProvider (helpers_rpc_test.go): the protocol v6 RPCs below the CLI,
//     for actions on a Terraform older than 1.14, diagnostics (warnings
//     included) exactly as the provider sends them, and an ephemeral
//     resource's values and calls on one configured provider.
package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// Fixture ids used across the tests.
const (
	testUserToken  = "EAAGuserTOKENforTESTS0123456789"
	testPageID     = "100000000000001"
	otherPageID    = "100000000000002" // a second Page of the test user (newTwoPageEmulator)
	testBusinessID = "200000000000001"
	testBusiness   = "Acme Agency"
	testPSID       = "333000000000001" // a person who wrote to the test page
)

// Addresses of the objects the test configurations declare.
const (
	agencyAddr        = "facebook_page_agency.test"
	agenciesAddr      = "data.facebook_page_agencies.test"
	conversationsAddr = "data.facebook_page_conversations.test"
)

// TestMain makes the CLI acceptance tests runnable with plain `go test` on a
// machine whose environment points TF_CLI_CONFIG_FILE at a missing file, and
// refuses to let terraform-plugin-testing download a Terraform binary.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		if _, err := exec.LookPath("terraform"); err != nil {
			fmt.Fprintln(os.Stderr, "terraform is not on PATH. Install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install) or set TF_ACC_TERRAFORM_PATH; the acceptance tests drive the real CLI against the local Graph API emulator.")
			os.Exit(1)
		}
	}
	tmp, err := os.MkdirTemp("", "tfprovider-facebook-test-")
	if err != nil {
		panic(err)
	}
	testTmpDir = tmp
	if cfg := os.Getenv("TF_CLI_CONFIG_FILE"); cfg == "" || !fileExists(cfg) {
		empty := filepath.Join(tmp, "terraformrc")
		if err := os.WriteFile(empty, nil, 0o600); err != nil {
			panic(err)
		}
		mustSetenv("TF_CLI_CONFIG_FILE", empty)
	}
	if os.Getenv("TF_ACC_TEMP_DIR") == "" {
		mustSetenv("TF_ACC_TEMP_DIR", tmp)
	}
	mustSetenv("CHECKPOINT_DISABLE", "1")
	code := m.Run()
	if err := os.RemoveAll(tmp); err != nil {
		fmt.Fprintf(os.Stderr, "could not remove the test directory: %v\n", err)
	}
	os.Exit(code)
}

// mustSetenv is os.Setenv for TestMain, which has no t to fail.
func mustSetenv(key, value string) {
	if err := os.Setenv(key, value); err != nil {
		panic(err)
	}
}

// testTmpDir is removed when the tests end; shared artefacts such as the
// built provider binary live there.
var testTmpDir string

func fileExists(p string) bool {
	_, err := os.Stat(p) //nolint:gosec // G703: only checks whether the tester's own TF_CLI_CONFIG_FILE exists
	return err == nil
}

// fastRetries keeps the client's real retry policy but shortens its waits,
// so tests of throttling take milliseconds.
func fastRetries(cfg *graph.Config) {
	cfg.RetryWaitMin = 5 * time.Millisecond
	cfg.RetryWaitMax = 50 * time.Millisecond
	cfg.RegainUnit = 50 * time.Millisecond
}

// providerFactories returns the in-process provider for the CLI tests.
func providerFactories(tune ...func(*graph.Config)) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"facebook": func() (tfprotov6.ProviderServer, error) {
			return NewProtocol6Server(&facebookProvider{
				version: "test",
				tune: func(cfg *graph.Config) {
					fastRetries(cfg)
					for _, f := range tune {
						f(cfg)
					}
				},
			})(), nil
		},
	}
}

// newEmulator starts a Graph API emulator with a user who has a role on the
// test page, and the test business. Pages hold two items, so listings take
// several calls.
func newEmulator(t *testing.T) *graphtest.Emulator {
	t.Helper()
	emu := graphtest.Start(t, graphtest.Options{MaxLimit: 2})
	emu.AddPage(testPageID, "Test Page")
	emu.AddUser(testUserToken, testPageID)
	emu.AddBusiness(testBusinessID, testBusiness)
	return emu
}

// newTwoPageEmulator is newEmulator with a second Page, otherPageID, on
// which the test user has a role too.
func newTwoPageEmulator(t *testing.T) *graphtest.Emulator {
	t.Helper()
	emu := newEmulator(t)
	emu.AddPage(otherPageID, "Other Page")
	emu.AddUser(testUserToken, testPageID, otherPageID)
	return emu
}

// providerBlock configures the provider against emu.
func providerBlock(emu *graphtest.Emulator) string {
	return fmt.Sprintf(`
provider "facebook" {
  base_url     = %q
  access_token = %q
}
`, emu.URL(), testUserToken)
}

// messageEmulator is newEmulator plus a person the test page can message.
func messageEmulator(t *testing.T) *graphtest.Emulator {
	emu := newEmulator(t)
	emu.AddRecipient(testPageID, testPSID)
	return emu
}

// seedOtherAgencies puts n unrelated agencies on the test page ahead of the
// one under test, so finding it takes several listing pages.
func seedOtherAgencies(emu *graphtest.Emulator, n int) {
	for i := range n {
		id := fmt.Sprintf("29000000000000%d", i)
		emu.AddBusiness(id, "Other "+id)
		emu.SetAgency(testPageID, id, []string{"ANALYZE"})
	}
}

// agencyBlock is a facebook_page_agency "test" with a tasks expression and
// any more lines (a timeouts block, a wrong argument).
func agencyBlock(page, business, tasks string, more ...string) string {
	var extra strings.Builder
	for _, line := range more {
		fmt.Fprintf(&extra, "  %s\n", line)
	}
	return fmt.Sprintf(`
resource "facebook_page_agency" "test" {
  page_id         = %q
  business_id     = %q
  permitted_tasks = %s
%s}
`, page, business, tasks, extra.String())
}

// agencyConfig is the provider against emu and the test agency with tasks.
func agencyConfig(emu *graphtest.Emulator, tasks ...string) string {
	return providerBlock(emu) + agencyBlock(testPageID, testBusinessID, "["+quoteAll(tasks)+"]")
}

// agencyWithTimeouts is the test agency with a timeouts block.
func agencyWithTimeouts(emu *graphtest.Emulator, timeouts string) string {
	return providerBlock(emu) + agencyBlock(testPageID, testBusinessID, `["ANALYZE"]`, "timeouts = { "+timeouts+" }")
}

func quoteAll(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(quoted, ", ")
}

// wrappedText matches text in a diagnostic however the CLI wrapped it.
func wrappedText(text string) *regexp.Regexp {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}

// wrappedSequence matches diagnostics showing each text in turn, with
// anything in between.
func wrappedSequence(texts ...string) *regexp.Regexp {
	parts := make([]string, len(texts))
	for i, t := range texts {
		parts[i] = wrappedText(t).String()
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

// rfc3339 matches the timestamps the provider writes.
var rfc3339 = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

// listing counts the GETs a listing endpoint received: first pages (no
// cursor) and follow-up pages (with an after cursor) answered successfully,
// and answers that carried a Graph error.
type listing struct{ first, follow, failed int }

func listingCalls(emu *graphtest.Emulator, endpoint string) listing {
	var l listing
	for _, r := range emu.Requests() {
		switch {
		case r.Method != "GET" || r.Endpoint != endpoint:
		case r.ErrorCode != 0:
			l.failed++
		case r.Params.Get("after") != "":
			l.follow++
		default:
			l.first++
		}
	}
	return l
}

// eachReadTook checks that every read of endpoint took exactly pages
// successful calls, and that failed calls (throttled ones, say) number
// exactly failed: the Terraform CLI reads a data source several times per
// test step, so the log holds whole multiples of one read.
func eachReadTook(emu *graphtest.Emulator, endpoint string, pages, failed int) func(*terraform.State) error {
	return func(*terraform.State) error {
		l := listingCalls(emu, endpoint)
		if l.first == 0 {
			return fmt.Errorf("no successful read of %s", endpoint)
		}
		if l.follow != l.first*(pages-1) || l.failed != failed {
			return fmt.Errorf("%s: %d reads took %d follow-up pages and %d failed calls; want %d follow-up pages per read and %d failed calls",
				endpoint, l.first, l.follow, l.failed, pages-1, failed)
		}
		return nil
	}
}

// ids is a check that a list of objects holds exactly these ids, in order.
func ids(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(v)})
	}
	return knownvalue.ListExact(checks)
}

// lastRequestParam checks a parameter of the last request to endpoint.
func lastRequestParam(emu *graphtest.Emulator, endpoint, name, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var last *graphtest.Request
		for _, r := range emu.Requests() {
			if r.Endpoint == endpoint {
				last = &r
			}
		}
		if last == nil {
			return errors.New("no request to " + endpoint)
		}
		if got := last.Params[name]; len(got) != 1 || got[0] != want {
			return fmt.Errorf("%s %s = %q, want %q", endpoint, name, got, want)
		}
		return nil
	}
}

// stringSet is a check that a set holds exactly these strings.
func stringSet(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.SetExact(checks)
}

// emptyPlanStep plans config, the one just applied (its sets possibly
// written in another order), and expects no change: what was read back
// matches what was configured. checks, if any, run after.
func emptyPlanStep(config string, checks ...resource.TestCheckFunc) resource.TestStep {
	step := resource.TestStep{
		Config:           config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
	}
	if len(checks) > 0 {
		step.Check = resource.ComposeAggregateTestCheckFunc(checks...)
	}
	return step
}

// configFails runs config once through the CLI (plan, then apply) and
// wants it to fail with an error matching want. What Meta's side holds
// afterwards the caller checks.
func configFails(t *testing.T, config string, want *regexp.Regexp) {
	t.Helper()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps:                    []resource.TestStep{{Config: config, ExpectError: want}},
	})
}

// importSteps imports the resource at addr by id twice: with `terraform
// import`, whose state must match the applied one, and with an import
// block, whose plan must change nothing.
func importSteps(addr, id string) []resource.TestStep {
	return []resource.TestStep{
		{
			ResourceName:            addr,
			ImportState:             true,
			ImportStateId:           id,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"timeouts"},
		},
		importBlockStep(addr, id),
	}
}

// importBlockStep imports the resource at addr by id with an import
// block, whose plan must change nothing.
func importBlockStep(addr, id string) resource.TestStep {
	return resource.TestStep{
		ResourceName:    addr,
		ImportState:     true,
		ImportStateKind: resource.ImportBlockWithID,
		ImportStateId:   id,
		ImportPlanChecks: resource.ImportPlanChecks{
			PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop)},
		},
	}
}

// actionStep applies config once outside changes (pre) are made, expecting
// the plan to take action on addr, then checks Meta's side.
func actionStep(pre func(), config, addr string, action plancheck.ResourceActionType, check resource.TestCheckFunc) resource.TestStep {
	return resource.TestStep{
		PreConfig:        pre,
		Config:           config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, action)}},
		Check:            check,
	}
}

// oneWrite checks that the step sent endpoint one POST and no DELETE (the
// log reset before it): an update in place, not a replacement.
func oneWrite(emu *graphtest.Emulator, endpoint, what string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if p, d := emu.Calls("POST", endpoint), emu.Calls("DELETE", endpoint); p != 1 || d != 0 {
			return fmt.Errorf("changing the %s took %d POSTs and %d DELETEs, want 1 and 0", what, p, d)
		}
		return nil
	}
}

// identityImportBlock is an import block that names the resource at addr
// by identity; the identity's attribute names and values come in pairs.
func identityImportBlock(addr string, pairs ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nimport {\n  to       = %s\n  identity = {\n", addr)
	for i := 0; i+1 < len(pairs); i += 2 {
		fmt.Fprintf(&b, "    %s = %q\n", pairs[i], pairs[i+1])
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// adoptStep applies config, whose import block brings in a resource that
// exists already: the plan imports it and changes nothing, and the state
// then passes checks.
func adoptStep(config, addr string, checks ...statecheck.StateCheck) resource.TestStep {
	return resource.TestStep{
		Config:            config,
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop)}},
		ConfigStateChecks: checks,
	}
}

// identityImportStep imports the resource at addr with the identity the
// state holds, and expects a plan that changes nothing.
func identityImportStep(addr string) resource.TestStep {
	return resource.TestStep{
		ResourceName:    addr,
		ImportState:     true,
		ImportStateKind: resource.ImportBlockWithResourceIdentity,
		ImportPlanChecks: resource.ImportPlanChecks{
			PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop)},
		},
	}
}

// noWrites checks that no POST or DELETE reached the edge.
func noWrites(emu *graphtest.Emulator, endpoint string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if n := emu.Calls("POST", endpoint) + emu.Calls("DELETE", endpoint); n != 0 {
			return fmt.Errorf("importing made %d writes, want 0", n)
		}
		return nil
	}
}

// queryTestCase runs `terraform query` with query (its list blocks) against
// emu, on a Terraform that has it, and checks the results. The provider
// block is the first step's configuration, which the query runs with.
func queryTestCase(emu *graphtest.Emulator, query string, checks ...querycheck.QueryResultCheck) resource.TestCase {
	return resource.TestCase{
		TerraformVersionChecks:   skipBelowQuery,
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{Config: providerBlock(emu)},
			{Query: true, Config: query, QueryResultChecks: checks},
		},
	}
}

// skipBelowIdentity skips CLI tests of resource identity on a CLI without
// it: Terraform before 1.12, and OpenTofu.
var skipBelowIdentity = featureIdentity.versionChecks()

// identityTest runs steps through a CLI with resource identities, skipping
// them, saying why, on one without.
func identityTest(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   skipBelowIdentity,
		ProtoV6ProviderFactories: providerFactories(),
		Steps:                    steps,
	})
}

// withOverrides is cfg with overrides applied: a nil value removes the
// key, any other sets it.
func withOverrides(cfg, overrides map[string]any) map[string]any {
	for k, v := range overrides {
		if v == nil {
			delete(cfg, k)
		} else {
			cfg[k] = v
		}
	}
	return cfg
}

// skipBelowQuery skips CLI tests of `terraform query` on a CLI without it:
// Terraform before 1.14.
var skipBelowQuery = featureQuery.versionChecks()

// throttledApplyAndDestroy applies config, checked by holds, and destroys
// it while every method of endpoint is throttled with code
// (throttleEachMethod): both converge, and the resource is gone from Meta's
// side (goneAfterRetries, with stillThere and still).
func throttledApplyAndDestroy(t *testing.T, emu *graphtest.Emulator, endpoint string, code int, config string, holds resource.TestCheckFunc,
	stillThere func() bool, still string,
) {
	t.Helper()
	throttleEachMethod(emu, endpoint, code)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		CheckDestroy:             goneAfterRetries(emu, endpoint, stillThere, still),
		Steps:                    []resource.TestStep{{Config: config, Check: holds}},
	})
}

// throttleEachMethod makes Meta answer the first two GET, POST and DELETE
// on endpoint with the throttling error code.
func throttleEachMethod(emu *graphtest.Emulator, endpoint string, code int) {
	for _, method := range []string{"GET", "POST", "DELETE"} {
		f := graphtest.Throttle(code, 0)
		f.Method, f.Endpoint, f.Times = method, endpoint, 2
		emu.InjectFault(f)
	}
}

// goneAfterRetries is the CheckDestroy of a test that throttleEachMethod
// throttled: the resource is gone from Meta's side (stillThere says whether
// it is, still what to say when it is), and each GET, POST and DELETE on
// endpoint was sent again after its two throttled answers.
func goneAfterRetries(emu *graphtest.Emulator, endpoint string, stillThere func() bool, still string) func(*terraform.State) error {
	return func(*terraform.State) error {
		if stillThere() {
			return errors.New(still)
		}
		for _, method := range []string{"GET", "POST", "DELETE"} {
			if n := emu.Calls(method, endpoint); n < 3 {
				return fmt.Errorf("%d %s calls: the two throttled answers were not retried", n, method)
			}
		}
		return nil
	}
}

// destroyedAlone is the CheckDestroy of a test that made other resources
// of the same kind around the one under test: that one is gone from Meta's
// side (stillThere says whether it is, still what to say when it is), and
// the others are all left (left counts them, of want).
func destroyedAlone(stillThere func() bool, still string, left func() int, want int, others string) func(*terraform.State) error {
	return func(*terraform.State) error {
		if stillThere() {
			return errors.New(still)
		}
		if n := left(); n != want {
			return fmt.Errorf("destroy touched other %s: %d left, want %d", others, n, want)
		}
		return nil
	}
}

// roundTripFunc is an http.RoundTripper made of a function, for a
// graph.Config.Transport that tells a test when a request leaves or its
// answer returns.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// removesFromSet is a plan check that the change of addr takes ids out of
// the set attribute attr: its value before the change holds each of them,
// and its value after holds none (the plan names what it removes).
type removesFromSet struct {
	addr, attr string
	ids        []string
}

func (c removesFromSet) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		had, has := fmt.Sprint(before[c.attr]), fmt.Sprint(after[c.attr])
		for _, id := range c.ids {
			if !strings.Contains(had, id) || strings.Contains(has, id) {
				resp.Error = fmt.Errorf("%s.%s goes from %s to %s: the plan does not remove %s", c.addr, c.attr, had, has, id)
				return
			}
		}
		return
	}
	resp.Error = fmt.Errorf("the plan has no change of %s", c.addr)
}

// agencyIDsOn is the businesses with access to the Page on the emulator's
// side, sorted.
func agencyIDsOn(emu *graphtest.Emulator, pageID string) []string {
	var ids []string
	for _, a := range emu.Agencies(pageID) {
		ids = append(ids, a.BusinessID)
	}
	slices.Sort(ids)
	return ids
}

// assignedUserIDsOn is the people (of any business) with tasks on the Page
// on the emulator's side, sorted.
func assignedUserIDsOn(emu *graphtest.Emulator, pageID string) []string {
	var ids []string
	for _, u := range emu.AssignedUsers(pageID) {
		ids = append(ids, u.UserID)
	}
	slices.Sort(ids)
	return ids
}

// idsAre checks that got (sorted) holds exactly want.
func idsAre(what string, got func() []string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		want = slices.Sorted(slices.Values(want))
		if g := got(); !slices.Equal(g, want) {
			return fmt.Errorf("%s are %v, want %v", what, g, want)
		}
		return nil
	}
}

// assertNoSecretFragment fails when text, read without its whitespace (a
// secret may be cut by a line break or spaces), holds 8 or more
// consecutive characters of a secret: a few may show by chance, more may
// not.
func assertNoSecretFragment(t *testing.T, where, text string, secrets ...string) {
	t.Helper()
	squeezed := strings.Join(strings.Fields(text), "")
	for _, s := range secrets {
		for i := 0; i+8 <= len(s); i++ {
			if strings.Contains(squeezed, s[i:i+8]) {
				t.Errorf("the %s shows %q of a secret", where, s[i:i+8])
				break
			}
		}
	}
}

// deliveredButThrottled is Meta delivering a message and answering HTTP 200
// with its message_id and a throttling envelope, as an adversarial review
// saw: a send answered so must not be repeated.
func deliveredButThrottled() graphtest.Fault {
	return graphtest.Fault{
		Method: "POST", Endpoint: graphtest.EndpointMessages, AfterHandling: true, Status: 200,
		Body: `{"recipient_id":"` + testPSID + `","message_id":"m_1","error":{"message":"(#80006) There have been too many messages sent to this user",` +
			`"type":"OAuthException","code":80006,"fbtrace_id":"TT"}}`,
	}
}
