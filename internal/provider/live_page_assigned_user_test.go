package provider

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// TestAccPageAssignedUser gives a business or system user tasks on the test
// Page, changes them in place, imports the assignment, and destroys it,
// asking Meta after each step.
func TestAccPageAssignedUser(t *testing.T) {
	env := liveEnv(t, envAccessToken, envTestPageID, envTestUserBusinessID, envTestUserID)
	page, business, user := env[envTestPageID], env[envTestUserBusinessID], env[envTestUserID]
	config := func(tasks string) string { return assignedUserBlock(page, business, user, tasks) }
	onMeta := func(tasks ...string) func(ctx context.Context, c *graph.Client) error {
		return func(ctx context.Context, c *graph.Client) error {
			u, err := c.FindAssignedUser(ctx, page, business, user)
			switch {
			case err != nil:
				return err
			case u == nil:
				return fmt.Errorf("Meta does not list user %s of business %s on Page %s", user, business, page)
			}
			if why := hasTasks(u.Tasks, tasks); why != "" {
				return errors.New(why)
			}
			return nil
		}
	}
	id := page + "/" + business + "/" + user
	notReplaced := statecheck.CompareValue(compare.ValuesSame())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: liveFactories(),
		CheckDestroy: liveCheck(func(ctx context.Context, c *graph.Client) error {
			u, err := c.FindAssignedUser(ctx, page, business, user)
			if err != nil {
				return fmt.Errorf("asking Meta whether the user's tasks are gone: %w", err)
			}
			if u != nil {
				return fmt.Errorf("user %s still has tasks %v on Page %s after destroy", user, u.Tasks, page)
			}
			return nil
		}),
		Steps: append([]resource.TestStep{
			{
				Config: config(`["ANALYZE"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(assignedUserAddr, tfjsonpath.New("user_name"), knownvalue.NotNull()),
					notReplaced.AddStateValue(assignedUserAddr, tfjsonpath.New("id")),
				},
				Check: liveCheck(onMeta("ANALYZE")),
			},
			{
				// New tasks update the assignment in place.
				Config: config(`["ANALYZE", "MESSAGING"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(assignedUserAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{notReplaced.AddStateValue(assignedUserAddr, tfjsonpath.New("id"))},
				Check:             liveCheck(onMeta("ANALYZE", "MESSAGING")),
			},
		}, importSteps(assignedUserAddr, id)...),
	})
}
