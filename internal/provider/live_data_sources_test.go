package provider

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

// Live tests of the data sources against Meta's Graph API (make testacc).
// They only read: nothing on the Page changes.

// everyListed checks that the count of a list attribute is at most bound
// (bound < 0: any count) and that attr of every element matches ok.
func everyListed(addr, list string, bound int, attr string, ok func(string) bool) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, found := s.RootModule().Resources[addr]
		if !found {
			return fmt.Errorf("%s not in state", addr)
		}
		n, err := strconv.Atoi(rs.Primary.Attributes[list+".#"])
		if err != nil {
			return fmt.Errorf("%s.%s is not a list: %w", addr, list, err)
		}
		if bound >= 0 && n > bound {
			return fmt.Errorf("%s.%s has %d elements, more than the bound %d", addr, list, n, bound)
		}
		for i := range n {
			if v := rs.Primary.Attributes[fmt.Sprintf("%s.%d.%s", list, i, attr)]; !ok(v) {
				return fmt.Errorf("%s.%s[%d].%s = %q", addr, list, i, attr, v)
			}
		}
		return nil
	}
}

func isNumeric(s string) bool { return validators.IsNumericID(s) }

func TestAccPageConversations(t *testing.T) {
	env := liveEnv(t, envAccessToken, "FACEBOOK_TEST_PAGE_ID")
	config := func(args string) string {
		return fmt.Sprintf(`
provider "facebook" {}

data "facebook_page_conversations" "test" {
  page_id = %q
  %s
}
`, env["FACEBOOK_TEST_PAGE_ID"], args)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: liveFactories(),
		Steps: []resource.TestStep{
			{
				Config: config("max_results = 3"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("max_results"), knownvalue.Int64Exact(3)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					everyListed(conversationsAddr, "conversations", 3, "id", func(v string) bool { return strings.HasPrefix(v, "t_") }),
					everyListed(conversationsAddr, "conversations", 3, "updated_time", rfc3339.MatchString),
				),
			},
			{
				Config: config(`
  folder      = "page_done"
  platform    = "MESSENGER"
  max_results = 1`),
				Check: everyListed(conversationsAddr, "conversations", 1, "id", func(v string) bool { return strings.HasPrefix(v, "t_") }),
			},
		},
	})
}

// TestAccPageThreadOwner needs the PSID of someone who wrote to the Page.
// With FACEBOOK_TEST_THREAD_OWNER_APP_ID set it checks the owner exactly;
// otherwise that the answer is an app id or null.
func TestAccPageThreadOwner(t *testing.T) {
	env := liveEnv(t, envAccessToken, "FACEBOOK_TEST_PAGE_ID", "FACEBOOK_TEST_RECIPIENT_ID")
	owner := knownvalue.Check(knownvalue.StringFunc(func(v string) error {
		if !isNumeric(v) {
			return fmt.Errorf("app_id %q is not an app id", v)
		}
		return nil
	}))
	if want := os.Getenv("FACEBOOK_TEST_THREAD_OWNER_APP_ID"); want != "" {
		owner = knownvalue.StringExact(want)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: liveFactories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "facebook" {}

data "facebook_page_thread_owner" "test" {
  page_id   = %q
  recipient = %q
}
`, env["FACEBOOK_TEST_PAGE_ID"], env["FACEBOOK_TEST_RECIPIENT_ID"]),
			Check: func(s *terraform.State) error {
				rs, ok := s.RootModule().Resources[threadOwnerAddr]
				if !ok {
					return fmt.Errorf("%s not in state", threadOwnerAddr)
				}
				v, set := rs.Primary.Attributes["app_id"]
				if !set || v == "" {
					if os.Getenv("FACEBOOK_TEST_THREAD_OWNER_APP_ID") != "" {
						return fmt.Errorf("app_id is null, want %s", os.Getenv("FACEBOOK_TEST_THREAD_OWNER_APP_ID"))
					}
					return nil // nobody controls the thread
				}
				return owner.CheckValue(v)
			},
		}},
	})
}

func TestAccPageAgencies(t *testing.T) {
	env := liveEnv(t, envAccessToken, "FACEBOOK_TEST_PAGE_ID")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: liveFactories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "facebook" {}

data "facebook_page_agencies" "test" {
  page_id = %q
}
`, env["FACEBOOK_TEST_PAGE_ID"]),
			Check: resource.ComposeAggregateTestCheckFunc(
				everyListed(agenciesAddr, "agencies", -1, "id", isNumeric),
				everyListed(agenciesAddr, "agencies", -1, "access_status", func(v string) bool { return v == "" || v == strings.ToUpper(v) }),
			),
		}},
	})
}
