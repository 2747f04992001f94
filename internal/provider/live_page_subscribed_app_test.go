package provider

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// TestAccPageSubscribedApp subscribes the token's app to the test Page's
// webhooks, changes the fields in place, imports the subscription, and
// unsubscribes, asking Meta after each step. It runs only when
// FACEBOOK_TEST_SUBSCRIBE_APP=1 says the app is not subscribed to the Page
// and may be: the destroy unsubscribes it.
func TestAccPageSubscribedApp(t *testing.T) {
	env := liveEnv(t, envAccessToken, envTestPageID, envTestSubscribeApp)
	liveOptIn(t, env, envTestSubscribeApp, "the token's app may be subscribed to and unsubscribed from the Page")
	page := env[envTestPageID]
	config := func(fields string) string { return subscribedAppBlock(page, fields, "") }
	// subscribed asks Meta for the app's fields on the Page (nil: not subscribed).
	subscribed := func(ctx context.Context, c *graph.Client) (*graph.SubscribedApp, error) {
		app, err := c.TokenApp(ctx, page)
		if err != nil {
			return nil, fmt.Errorf("asking Meta which app the token belongs to: %w", err)
		}
		return c.FindSubscribedApp(ctx, page, app.ID)
	}
	onMeta := func(fields ...string) func(ctx context.Context, c *graph.Client) error {
		return func(ctx context.Context, c *graph.Client) error {
			s, err := subscribed(ctx, c)
			switch {
			case err != nil:
				return err
			case s == nil:
				return fmt.Errorf("Meta does not list the token's app among Page %s's subscribed apps", page)
			}
			got := slices.Sorted(slices.Values(s.SubscribedFields))
			if want := slices.Sorted(slices.Values(fields)); !slices.Equal(got, want) {
				return fmt.Errorf("Meta reports fields %v, want %v", got, want)
			}
			return nil
		}
	}
	c, err := liveClient()
	if err != nil {
		t.Fatal(err)
	}
	app, err := c.TokenApp(t.Context(), page)
	if err != nil {
		t.Fatalf("asking Meta which app the token belongs to: %v", err)
	}
	if s, err := c.FindSubscribedApp(t.Context(), page, app.ID); err != nil || s != nil {
		t.Fatalf("before the test, app %s must not be subscribed to Page %s: %+v, %v", app.ID, page, s, err)
	}
	id := page + "/" + app.ID
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: liveFactories(),
		CheckDestroy: liveCheck(func(ctx context.Context, c *graph.Client) error {
			s, err := subscribed(ctx, c)
			if err != nil {
				return fmt.Errorf("asking Meta whether the subscription is gone: %w", err)
			}
			if s != nil {
				return fmt.Errorf("the app is still subscribed to Page %s after destroy, with %v", page, s.SubscribedFields)
			}
			return nil
		}),
		Steps: append([]resource.TestStep{
			{
				Config: config(`["feed"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(subscribedAppAddr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(subscribedAppAddr, tfjsonpath.New("app_id"), knownvalue.StringExact(app.ID)),
				},
				Check: liveCheck(onMeta("feed")),
			},
			{
				// New fields update the subscription in place.
				Config: config(`["feed", "messages"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(subscribedAppAddr, plancheck.ResourceActionUpdate)},
				},
				Check: liveCheck(onMeta("feed", "messages")),
			},
		}, importSteps(subscribedAppAddr, id)...),
	})
}
