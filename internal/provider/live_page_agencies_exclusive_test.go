package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// TestAccPageAgenciesExclusive owns the test Page's set of agencies: it
// declares the agencies the Page has, so that no one loses access, and
// uses the test business, which has none, as the one given access outside
// Terraform (see testLiveExclusive). Destroying the set must leave every
// declared agency's access on Meta.
func TestAccPageAgenciesExclusive(t *testing.T) {
	env := liveEnv(t, envAccessToken, envTestPageID, envTestBusinessID)
	page, business := env[envTestPageID], env[envTestBusinessID]
	testLiveExclusive(t, liveExclusive{
		addr:     agenciesExclusiveAddr,
		attr:     "business_ids",
		importID: page,
		newcomer: business,
		config: func(businesses []string) string {
			return fmt.Sprintf(`
resource "facebook_page_agencies_exclusive" "test" {
  page_id      = %q
  business_ids = [%s]
}
`, page, quoteAll(businesses))
		},
		grants: func(c *graph.Client) grantSet { return agencyGrants(c, page) },
		grant: func(ctx context.Context, c *graph.Client) error {
			return c.AssignAgency(ctx, page, business, []string{"ANALYZE"})
		},
	})
}
