package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// TestAccPageAssignedUsersExclusive owns the set of the test user's
// business's people with tasks on the test Page: it declares the people
// who have tasks, so that no one loses them, and uses the test user, who
// has none, as the one given tasks outside Terraform (see
// testLiveExclusive). Destroying the set must leave every declared
// person's tasks on Meta.
func TestAccPageAssignedUsersExclusive(t *testing.T) {
	env := liveEnv(t, envAccessToken, envTestPageID, envTestUserBusinessID, envTestUserID)
	page, business, user := env[envTestPageID], env[envTestUserBusinessID], env[envTestUserID]
	testLiveExclusive(t, liveExclusive{
		addr:     usersExclusiveAddr,
		attr:     "user_ids",
		importID: page + "/" + business,
		newcomer: user,
		config: func(users []string) string {
			return fmt.Sprintf(`
resource "facebook_page_assigned_users_exclusive" "test" {
  page_id     = %q
  business_id = %q
  user_ids    = [%s]
}
`, page, business, quoteAll(users))
		},
		grants: func(c *graph.Client) grantSet { return assignedUserGrants(c, page, business) },
		grant: func(ctx context.Context, c *graph.Client) error {
			return c.AssignUser(ctx, page, user, []string{"ANALYZE"})
		},
	})
}
