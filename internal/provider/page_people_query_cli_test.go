package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
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
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   skipBelowQuery,
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{Config: providerBlock(emu)},
			{
				Query:  true,
				Config: query,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("facebook_page_assigned_user.managers", 3),
					querycheck.ExpectIdentity("facebook_page_assigned_user.managers", assignedUserIdentity(testPageID, peopleBizB, peopleUserB)),
					querycheck.ExpectIdentity("facebook_page_assigned_user.managers", assignedUserIdentity(otherPageID, testBusinessID, "420000000000001")),
					querycheck.ExpectResourceKnownValues("facebook_page_assigned_user.managers",
						queryfilter.ByResourceIdentity(assignedUserIdentity(testPageID, testBusinessID, "420000000000000")),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("user_name"), KnownValue: knownvalue.StringExact("Ann")},
							{Path: tfjsonpath.New("business_name"), KnownValue: knownvalue.StringExact(testBusiness)},
							{Path: tfjsonpath.New("tasks"), KnownValue: knownvalue.SetExact([]knownvalue.Check{
								knownvalue.StringExact("ANALYZE"), knownvalue.StringExact("MANAGE"),
							})},
						}),
					querycheck.ExpectLength("facebook_page_subscribed_app.webhooks", 1),
					querycheck.ExpectIdentity("facebook_page_subscribed_app.webhooks", subscribedAppIdentity(testPageID, graphtest.DefaultAppID)),
				},
			},
		},
	})
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

	d.must("query", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(d.path("generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(generated), "import {"); n != 6 {
		t.Fatalf("generated.tf has %d import blocks, want 6 (5 users, 1 subscription):\n%s", n, generated)
	}
	emu.ResetLog()
	apply := d.run("apply", "-auto-approve")
	if apply.code != 0 || !regexp.MustCompile(`6 imported, 0 added, 0 changed, 0 destroyed`).MatchString(apply.stdout) {
		t.Fatalf("apply of the generated configuration (exit %d):\n%s\ngenerated.tf:\n%s", apply.code, apply.output(), generated)
	}
	for _, endpoint := range []string{graphtest.EndpointAssignedUsers, graphtest.EndpointSubscribedApps} {
		if n := emu.Calls("POST", endpoint) + emu.Calls("DELETE", endpoint); n != 0 {
			t.Errorf("importing made %d writes to %s, want 0", n, endpoint)
		}
	}
	if plan := d.run("plan", "-detailed-exitcode"); plan.code != 0 {
		t.Fatalf("plan after importing the generated configuration exited %d, want 0 (no changes):\n%s", plan.code, plan.output())
	}
}
