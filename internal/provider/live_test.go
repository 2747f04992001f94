package provider

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// Live tests run against Meta's real Graph API with TF_ACC=1 (make testacc).
// Each names the environment variables it needs (README.md lists them all)
// and skips, naming the missing ones, without them. The resource tests
// grant and revoke real access on a test Page: their CheckDestroy asks Meta,
// through a client of its own, that the access is gone.
//
// Live test environment variables besides FACEBOOK_ACCESS_TOKEN (and the
// provider's optional FACEBOOK_APP_SECRET, FACEBOOK_API_VERSION and
// FACEBOOK_BASE_URL, which the tests' own client reads too).
const (
	envTestPageID         = "FACEBOOK_TEST_PAGE_ID"          // the test Page
	envTestBusinessID     = "FACEBOOK_TEST_BUSINESS_ID"      // an agency business with no access to the Page yet
	envTestUserBusinessID = "FACEBOOK_TEST_USER_BUSINESS_ID" // the business of FACEBOOK_TEST_USER_ID
	envTestUserID         = "FACEBOOK_TEST_USER_ID"          // a business or system user with no tasks on the Page yet
	envTestSubscribeApp   = "FACEBOOK_TEST_SUBSCRIBE_APP"    // "1": the token's app is not subscribed to the Page, and may be
	// "1": the Page's Messenger profile holds no Get Started button,
	// persistent menu, ice breakers or whitelisted domains, and may be
	// given them and have them deleted.
	envTestMessengerProfile = "FACEBOOK_TEST_MESSENGER_PROFILE"
)

func liveFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"facebook": func() (tfprotov6.ProviderServer, error) { return NewProtocol6Server(New("live-test")())(), nil },
	}
}

// liveEnv returns the named environment variables, skipping the test with a
// message that names whichever are missing.
func liveEnv(t *testing.T, names ...string) map[string]string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("live test: set TF_ACC=1 and Facebook credentials to run it against the real Graph API (make testacc)")
	}
	values := map[string]string{}
	var missing []string
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			values[n] = v
		} else {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		t.Skipf("live test: %v not set", missing)
	}
	return values
}

// liveOptIn skips the test unless the variable name, which liveEnv read
// into env, is "1": only the tester can say that what the test changes on
// the Page (may, in words) may be changed.
func liveOptIn(t *testing.T, env map[string]string, name, may string) {
	t.Helper()
	if env[name] != "1" {
		t.Skipf("live test: %s is %q; set it to 1 when %s", name, env[name], may)
	}
}

// liveClient is a Graph API client of the test's own, configured from the
// same environment as the provider, for asking Meta what it holds. Each
// call makes a new one, so that no listing a client shares for a run can
// answer for Meta.
func liveClient() (*graph.Client, error) {
	return graph.New(graph.Config{
		AccessToken:       os.Getenv(envAccessToken),
		AccessTokenOrigin: envAccessToken,
		AppSecret:         os.Getenv(envAppSecret),
		APIVersion:        os.Getenv(envAPIVersion),
		BaseURL:           os.Getenv(envBaseURL),
		UserAgent:         "terraform-provider-facebook/live-test",
	})
}

// liveCheck asks Meta, through a new liveClient, and fails with what it
// answered when check returns an error.
func liveCheck(check func(ctx context.Context, c *graph.Client) error) func(*terraform.State) error {
	return func(*terraform.State) error {
		c, err := liveClient()
		if err != nil {
			return err
		}
		return check(context.Background(), c)
	}
}

// hasTasks says why Meta's tasks lack one of want, or "" when all are
// there. Meta may report more (a role expanded into its tasks), in any case.
func hasTasks(got, want []string) string {
	held := map[string]bool{}
	for _, g := range got {
		held[strings.ToUpper(g)] = true
	}
	for _, w := range want {
		if !held[w] {
			return fmt.Sprintf("Meta reports tasks %v, without %s", got, w)
		}
	}
	return ""
}

// liveExclusive is a live test of an exclusive resource: the resource at
// addr, its configuration for a set of holders, how Meta lists and grants
// that access, and newcomer, who holds none before the test. The test
// leaves the Page as it found it: newcomer's access goes at cleanup.
type liveExclusive struct {
	addr, attr string // the resource and its set of holders
	importID   string
	newcomer   string
	config     func(holders []string) string
	grants     func(c *graph.Client) grantSet
	// grant gives newcomer access outside Terraform.
	grant func(ctx context.Context, c *graph.Client) error
}

// testLiveExclusive declares the holders Meta lists before the test, so
// that applying removes no one's access; then gives newcomer access out of
// band, which the next apply removes; declares newcomer without access
// (nothing is granted); gives it access again, which the plan now leaves
// alone; imports the set; and destroys the resource, which must leave
// every declared holder's access on Meta.
func testLiveExclusive(t *testing.T, x liveExclusive) {
	t.Helper()
	c, err := liveClient()
	if err != nil {
		t.Fatal(err)
	}
	held, err := x.grants(c).list(t.Context())
	if err != nil {
		t.Fatalf("asking Meta who holds access before the test: %v", err)
	}
	if slices.Contains(held, x.newcomer) {
		t.Fatalf("before the test, %s must hold no access (the test gives it and removes it): Meta lists %v", x.newcomer, held)
	}
	t.Cleanup(func() {
		c, err := liveClient()
		if err == nil {
			err = x.grants(c).remove(context.Background(), x.newcomer)
		}
		if err != nil {
			t.Errorf("removing %s's access after the test: %v", x.newcomer, err)
		}
	})
	// kept is who held access at the last step that checked Meta: the
	// destroy must leave every one of them.
	kept := held
	// holdsExactly asks Meta, through a new client, who holds access.
	holdsExactly := func(want ...string) resource.TestCheckFunc {
		return liveCheck(func(ctx context.Context, c *graph.Client) error {
			got, err := x.grants(c).list(ctx)
			if err != nil {
				return err
			}
			if got, want := slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want)); !slices.Equal(got, want) {
				return fmt.Errorf("Meta lists %v, want exactly %v", got, want)
			}
			kept = want
			return nil
		})
	}
	grantNewcomer := func() {
		if err := liveCheck(x.grant)(nil); err != nil {
			t.Fatalf("giving %s access outside Terraform: %v", x.newcomer, err)
		}
	}
	withNewcomer := append(slices.Clone(held), x.newcomer)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: liveFactories(),
		CheckDestroy: liveCheck(func(ctx context.Context, c *graph.Client) error {
			got, err := x.grants(c).list(ctx)
			if err != nil {
				return fmt.Errorf("asking Meta whether the declared access is still there: %w", err)
			}
			if gone := without(kept, got); len(gone) > 0 {
				return fmt.Errorf("destroying %s removed the access of %v: Meta lists %v", x.addr, gone, got)
			}
			return nil
		}),
		Steps: append([]resource.TestStep{
			{
				Config: x.config(held),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(x.addr, tfjsonpath.New("id"), knownvalue.StringExact(x.importID)),
					statecheck.ExpectKnownValue(x.addr, tfjsonpath.New(x.attr), stringSet(held...)),
					sameID.AddStateValue(x.addr, tfjsonpath.New("id")),
				},
				Check: holdsExactly(held...),
			},
			{
				// Access given outside Terraform shows in the plan as a
				// removal, and applying takes it away.
				PreConfig: grantNewcomer,
				Config:    x.config(held),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(x.addr, plancheck.ResourceActionUpdate),
					removesFromSet{x.addr, x.attr, []string{x.newcomer}},
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(x.addr, tfjsonpath.New("id"))},
				Check:             holdsExactly(held...),
			},
			{
				// Declaring newcomer, who holds no access, grants nothing.
				Config: x.config(withNewcomer),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(x.addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(x.addr, tfjsonpath.New(x.attr), stringSet(withNewcomer...)),
					sameID.AddStateValue(x.addr, tfjsonpath.New("id")),
				},
				Check: holdsExactly(held...),
			},
			{
				// Access given to a declared holder is no change.
				PreConfig:        grantNewcomer,
				Config:           x.config(withNewcomer),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            holdsExactly(withNewcomer...),
			},
		}, importSteps(x.addr, x.importID)...),
	})
}
