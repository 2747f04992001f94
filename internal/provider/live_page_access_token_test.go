package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// TestAccPageAccessToken opens the ephemeral Page token and hands it to a
// second provider configuration, whose reads must then work as the Page:
// the agencies it lists (and, after the configuration changes, the
// subscribed apps) are the ones Meta lists for a client of the test's own.
// The token itself, as Meta hands it out, must appear nowhere in state.
func TestAccPageAccessToken(t *testing.T) {
	env := liveEnv(t, envAccessToken, envTestPageID)
	page := env[envTestPageID]
	config := func(read string) string {
		return fmt.Sprintf(`
ephemeral "facebook_page_access_token" "test" {
  page_id = %[1]q
}

provider "facebook" {
  alias        = "page"
  access_token = ephemeral.facebook_page_access_token.test.access_token
}

data %[2]q "as_the_page" {
  provider = facebook.page
  page_id  = %[1]q
}
`, page, read)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: liveFactories(),
		TerraformVersionChecks:   featureEphemeral.versionChecks(),
		Steps: []resource.TestStep{
			{
				Config: config("facebook_page_agencies"),
				Check: resource.ComposeAggregateTestCheckFunc(
					listedAsOnMeta("data.facebook_page_agencies.as_the_page", "agencies", "id", func(ctx context.Context, c *graph.Client) ([]string, error) {
						agencies, err := c.ListAgencies(ctx, page)
						return idsOf(agencies, func(a graph.Agency) string { return a.BusinessID }), err
					}),
					pageTokenNotInState(page),
				),
			},
			{
				// Another read through the token: it is opened again.
				Config: config("facebook_page_subscribed_apps"),
				Check: resource.ComposeAggregateTestCheckFunc(
					listedAsOnMeta("data.facebook_page_subscribed_apps.as_the_page", "apps", "id", func(ctx context.Context, c *graph.Client) ([]string, error) {
						apps, err := c.ListSubscribedApps(ctx, page)
						return idsOf(apps, func(a graph.SubscribedApp) string { return a.AppID }), err
					}),
					pageTokenNotInState(page),
				),
			},
		},
	})
}

// listedAsOnMeta checks that attr of the elements of list in addr's state
// are the ids a client of the test's own lists on Meta.
func listedAsOnMeta(addr, list, attr string, onMeta func(context.Context, *graph.Client) ([]string, error)) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		var inState []string
		for k, v := range rs.Primary.Attributes {
			if strings.HasPrefix(k, list+".") && strings.HasSuffix(k, "."+attr) {
				inState = append(inState, v)
			}
		}
		return liveCheck(func(ctx context.Context, c *graph.Client) error {
			want, err := onMeta(ctx, c)
			if err != nil {
				return err
			}
			slices.Sort(want)
			slices.Sort(inState)
			if !slices.Equal(inState, want) {
				return fmt.Errorf("%s lists %v, Meta %v", addr, inState, want)
			}
			return nil
		})(s)
	}
}

// idsOf is the id of each item.
func idsOf[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = id(item)
	}
	return out
}

// pageTokenNotInState asks Meta for the Page's token and fails if any
// attribute in state holds it.
func pageTokenNotInState(page string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		return liveCheck(func(ctx context.Context, c *graph.Client) error {
			token, err := c.PageToken(ctx, page)
			if err != nil {
				return err
			}
			for addr, rs := range s.RootModule().Resources {
				for k, v := range rs.Primary.Attributes {
					if token != "" && strings.Contains(v, token) {
						return fmt.Errorf("%s.%s holds the Page token", addr, k)
					}
				}
			}
			return nil
		})(s)
	}
}
