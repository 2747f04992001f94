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

// TestAccPageAgency grants an agency business access to the test Page,
// changes its tasks (which replaces the grant), imports it by id and by an
// import block, and destroys it, asking Meta after each step.
func TestAccPageAgency(t *testing.T) {
	env := liveEnv(t, envAccessToken, envTestPageID, envTestBusinessID)
	page, business := env[envTestPageID], env[envTestBusinessID]
	config := func(tasks string) string {
		return agencyBlock(page, business, tasks)
	}
	onMeta := func(tasks ...string) func(ctx context.Context, c *graph.Client) error {
		return func(ctx context.Context, c *graph.Client) error {
			a, err := c.FindAgency(ctx, page, business)
			switch {
			case err != nil:
				return err
			case a == nil:
				return fmt.Errorf("Meta does not list business %s among Page %s's agencies", business, page)
			case a.AccessStatus == "PENDING":
				return nil // tasks may be missing until a Page admin approves
			}
			if why := hasTasks(a.PermittedTasks, tasks); why != "" {
				return errors.New(why)
			}
			return nil
		}
	}
	id := page + "/" + business
	notReplaced := statecheck.CompareValue(compare.ValuesSame())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: liveFactories(),
		CheckDestroy: liveCheck(func(ctx context.Context, c *graph.Client) error {
			a, err := c.FindAgency(ctx, page, business)
			if err != nil {
				return fmt.Errorf("asking Meta whether the agency is gone: %w", err)
			}
			if a != nil {
				return fmt.Errorf("business %s still has access to Page %s after destroy (%s, %v)", business, page, a.AccessStatus, a.PermittedTasks)
			}
			return nil
		}),
		Steps: append([]resource.TestStep{
			{
				Config: config(`["ANALYZE"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("business_name"), knownvalue.NotNull()),
					notReplaced.AddStateValue(agencyAddr, tfjsonpath.New("access_requested_time")),
				},
				Check: liveCheck(onMeta("ANALYZE")),
			},
			{
				// A new timeouts value is an update in place: the grant Meta
				// holds is the same one.
				Config: agencyBlock(page, business, `["ANALYZE"]`, `timeouts = { create = "3m" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(agencyAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{notReplaced.AddStateValue(agencyAddr, tfjsonpath.New("access_requested_time"))},
				Check:             liveCheck(onMeta("ANALYZE")),
			},
			{
				// New tasks replace the grant: Meta has no call that changes
				// an agency's tasks in place.
				Config: config(`["ANALYZE", "ADVERTISE"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(agencyAddr, plancheck.ResourceActionReplace)},
				},
				Check: liveCheck(onMeta("ANALYZE", "ADVERTISE")),
			},
		}, importSteps(agencyAddr, id)...),
	})
}
