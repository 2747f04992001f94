package provider

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// TestAccPageMessengerProfile sets a Get Started button and whitelisted
// domains on the test Page's Messenger profile, changes the domains and
// adds ice breakers in place, imports the profile with an import block
// whose plan changes nothing, and destroys it, asking Meta before the
// test, after the update and after the destroy. It runs only when
// FACEBOOK_TEST_MESSENGER_PROFILE=1 says the profile may be set and
// deleted, and the profile must hold none of the four properties the
// resource manages: the destroy deletes them.
//
// Meta allows 10 calls to the profile per Page in 10 minutes, reads
// included as far as its reference says
// (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/,
// "Rate Limit"), and the emulator counts them so. The test makes exactly
// 10: Terraform's 2 POSTs, 1 DELETE and 4 reads (refreshes and the
// import), and the test's own 3 reads. So the create is checked on Meta
// by the update's check (the update sends only what changed: the Get
// Started button Meta holds then is the create's), the import is the
// import block alone, and a second run must wait 10 minutes.
func TestAccPageMessengerProfile(t *testing.T) {
	env := liveEnv(t, envAccessToken, envTestPageID, envTestMessengerProfile)
	liveOptIn(t, env, envTestMessengerProfile, "the test Page's Messenger profile may be set and deleted")
	page := env[envTestPageID]
	read := func(ctx context.Context, c *graph.Client) (graph.MessengerProfile, error) {
		return c.ReadMessengerProfile(ctx, page, graph.DefaultProfilePlatform, graph.ProfileProperties)
	}
	c, err := liveClient()
	if err != nil {
		t.Fatal(err)
	}
	if p, err := read(t.Context(), c); err != nil {
		t.Fatalf("asking Meta for the Page's Messenger profile before the test: %v", err)
	} else if set := setProperties(p); len(set) > 0 {
		t.Fatalf("before the test, Page %s's Messenger profile must hold none of %v (the test sets and deletes them): it holds %v", page, graph.ProfileProperties, set)
	}
	config := func(properties string) string {
		return fmt.Sprintf(`
resource "facebook_page_messenger_profile" "test" {
  page_id = %q
%s
}
`, page, properties)
	}
	const getStarted = `  get_started = { payload = "LIVE_TEST_GET_STARTED" }`
	iceBreakers := []graph.IceBreakers{{Locale: "default", CallToActions: []graph.IceBreaker{{Question: "Is this a test?", Payload: "LIVE_TEST_QUESTION"}}}}
	onMeta := func(domains []string, ice []graph.IceBreakers) resource.TestCheckFunc {
		return liveCheck(func(ctx context.Context, c *graph.Client) error {
			p, err := read(ctx, c)
			switch {
			case err != nil:
				return err
			case p.GetStarted == nil || p.GetStarted.Payload != "LIVE_TEST_GET_STARTED":
				return fmt.Errorf("Meta's get_started is %+v, want the payload LIVE_TEST_GET_STARTED", p.GetStarted)
			case p.PersistentMenu != nil:
				return fmt.Errorf("Meta holds a persistent menu %+v that the test never set", p.PersistentMenu)
			case !reflect.DeepEqual(p.IceBreakers, ice):
				return fmt.Errorf("Meta's ice_breakers are %+v, want %+v", p.IceBreakers, ice)
			}
			if got, want := domainSet(p.WhitelistedDomains), domainSet(domains); !slices.Equal(got, want) {
				return fmt.Errorf("Meta's whitelisted_domains are %v, want %v", got, want)
			}
			return nil
		})
	}
	id := page + "/" + graph.DefaultProfilePlatform
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: liveFactories(),
		CheckDestroy: liveCheck(func(ctx context.Context, c *graph.Client) error {
			p, err := read(ctx, c)
			if err != nil {
				return fmt.Errorf("asking Meta whether the profile's properties are gone: %w", err)
			}
			if set := setProperties(p); len(set) > 0 {
				return fmt.Errorf("Page %s's Messenger profile still holds %v after destroy", page, set)
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{
				Config: config(getStarted + `
  whitelisted_domains = ["https://www.example.com"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("whitelisted_domains"), stringSet("https://www.example.com")),
					sameID.AddStateValue(profileAddr, tfjsonpath.New("id")),
				},
			},
			{
				// New domains and ice breakers update the profile in place.
				Config: config(getStarted + `
  whitelisted_domains = ["https://www.example.com", "https://www.example.org"]
  ice_breakers = [{
    locale          = "default"
    call_to_actions = [{ question = "Is this a test?", payload = "LIVE_TEST_QUESTION" }]
  }]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(profileAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(profileAddr, tfjsonpath.New("id"))},
				Check:             onMeta([]string{"https://www.example.com", "https://www.example.org"}, iceBreakers),
			},
			importBlockStep(profileAddr, id),
		},
	})
}

// domainSet is the domains sorted, without the trailing slash Meta may
// add to what was posted.
func domainSet(domains []string) []string {
	out := make([]string, len(domains))
	for i, d := range domains {
		out[i] = strings.TrimSuffix(d, "/")
	}
	slices.Sort(out)
	return out
}

// setProperties is the names of the managed properties p holds.
func setProperties(p graph.MessengerProfile) []string {
	var set []string
	for _, name := range graph.ProfileProperties {
		if p.Has(name) {
			set = append(set, name)
		}
	}
	return set
}
