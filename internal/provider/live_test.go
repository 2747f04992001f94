package provider

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

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
