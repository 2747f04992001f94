package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// `terraform query` over the facebook_page_assigned_user and
// facebook_page_subscribed_app list resources (Terraform >= 1.14; skipped,
// saying why, on older CLIs).

func TestCLIPagePeopleQuery_listsWithFilters(t *testing.T) {
	emu := peopleQueryEmulator(t)
	query := fmt.Sprintf(`
list "facebook_page_assigned_user" "managers" {
  provider         = facebook
  include_resource = true
  config {
    page_ids     = [%[1]q, %[2]q]
    business_ids = [%[3]q, %[4]q]
    tasks        = ["MANAGE"]
  }
}

list "facebook_page_subscribed_app" "webhooks" {
  provider = facebook
  config {
    page_ids = [%[1]q, %[2]q]
  }
}
`, testPageID, otherPageID, testBusinessID, peopleBizB)
	resource.UnitTest(t, queryTestCase(emu, query,
		querycheck.ExpectLength("facebook_page_assigned_user.managers", 3),
		querycheck.ExpectIdentity("facebook_page_assigned_user.managers", assignedUserIdentity(testPageID, peopleBizB, peopleUserB)),
		querycheck.ExpectIdentity("facebook_page_assigned_user.managers", assignedUserIdentity(otherPageID, testBusinessID, "420000000000001")),
		querycheck.ExpectResourceKnownValues("facebook_page_assigned_user.managers",
			queryfilter.ByResourceIdentity(assignedUserIdentity(testPageID, testBusinessID, "420000000000000")),
			[]querycheck.KnownValueCheck{
				{Path: tfjsonpath.New("user_name"), KnownValue: knownvalue.StringExact("Ann")},
				{Path: tfjsonpath.New("business_name"), KnownValue: knownvalue.StringExact(testBusiness)},
				{Path: tfjsonpath.New("tasks"), KnownValue: stringSet("ANALYZE", "MANAGE")},
			}),
		querycheck.ExpectLength("facebook_page_subscribed_app.webhooks", 1),
		querycheck.ExpectIdentity("facebook_page_subscribed_app.webhooks", subscribedAppIdentity(testPageID, graphtest.DefaultAppID)),
	))
}

// `terraform query -generate-config-out` writes an import block and a
// resource for each user and subscription found; applied as written, it
// imports them all with no write, and the next plan is empty.
func TestCLIPagePeopleQuery_generatedConfigImportsWithEmptyPlan(t *testing.T) {
	skipUnlessCLIHas(t, featureQuery)
	emu := peopleQueryEmulator(t)
	d := newInProcessDir(t, providerBlock(emu))
	writeFile(t, d.path("people.tfquery.hcl"), fmt.Sprintf(`
list "facebook_page_assigned_user" "all" {
  provider = facebook
  config {
    page_ids     = [%[1]q, %[2]q]
    business_ids = [%[3]q, %[4]q]
  }
}

list "facebook_page_subscribed_app" "webhooks" {
  provider = facebook
  config {
    page_ids = [%[1]q, %[2]q]
  }
}
`, testPageID, otherPageID, testBusinessID, peopleBizB))

	generated := d.generateConfig(6, " (5 users, 1 subscription)")
	emu.ResetLog()
	d.applyGenerated(6, generated)
	for _, endpoint := range []string{graphtest.EndpointAssignedUsers, graphtest.EndpointSubscribedApps} {
		if n := emu.Calls("POST", endpoint) + emu.Calls("DELETE", endpoint); n != 0 {
			t.Errorf("importing made %d writes to %s, want 0", n, endpoint)
		}
	}
	d.planIsEmpty("importing the generated configuration")
}
