package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// The tests in this file run `terraform query`, which came with Terraform
// 1.14. The machine's terraform may be older: with TF_ACC_TERRAFORM_PATH
// naming a Terraform >= 1.14 they run, otherwise they skip saying so.

func TestCLIPageAgencyQuery_severalPagesWithFilters(t *testing.T) {
	emu := queryEmulator(t)
	query := fmt.Sprintf(`
list "facebook_page_agency" "all" {
  provider = facebook
  config {
    page_ids = [%[1]q, %[2]q]
  }
}

list "facebook_page_agency" "analysts" {
  provider = facebook
  config {
    page_ids        = [%[1]q, %[2]q]
    permitted_tasks = ["ANALYZE", "ADVERTISE"]
  }
}

list "facebook_page_agency" "pending" {
  provider         = facebook
  include_resource = true
  config {
    page_ids        = [%[1]q, %[2]q]
    access_statuses = ["PENDING"]
  }
}

list "facebook_page_agency" "acme" {
  provider = facebook
  config {
    page_ids     = [%[2]q]
    business_ids = [%[3]q]
  }
}
`, testPageID, otherPageID, testBusinessID)
	identityOf := func(pageID, businessID string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(agencyIdentity(pageID, businessID))
	}
	resource.UnitTest(t, queryTestCase(emu, query,
		querycheck.ExpectLength("facebook_page_agency.all", 8),
		querycheck.ExpectIdentity("facebook_page_agency.all", agencyIdentity(otherPageID, queryBizD)),
		querycheck.ExpectResourceDisplayName("facebook_page_agency.all", identityOf(testPageID, queryBizA),
			knownvalue.StringExact("Agency A (business "+queryBizA+") on Page "+testPageID)),

		querycheck.ExpectLength("facebook_page_agency.analysts", 3),
		querycheck.ExpectIdentity("facebook_page_agency.analysts", agencyIdentity(testPageID, queryBizA)),
		querycheck.ExpectIdentity("facebook_page_agency.analysts", agencyIdentity(testPageID, queryPending)),
		querycheck.ExpectIdentity("facebook_page_agency.analysts", agencyIdentity(otherPageID, queryBizD)),

		querycheck.ExpectLength("facebook_page_agency.pending", 1),
		querycheck.ExpectResourceKnownValues("facebook_page_agency.pending", identityOf(testPageID, queryPending), []querycheck.KnownValueCheck{
			{Path: tfjsonpath.New("access_status"), KnownValue: knownvalue.StringExact("PENDING")},
			{Path: tfjsonpath.New("business_name"), KnownValue: knownvalue.StringExact("Pending Agency")},
			{Path: tfjsonpath.New("permitted_tasks"), KnownValue: stringSet("ADVERTISE", "ANALYZE")},
		}),

		querycheck.ExpectLength("facebook_page_agency.acme", 1),
		querycheck.ExpectIdentity("facebook_page_agency.acme", agencyIdentity(otherPageID, testBusinessID)),
	))
}

// `terraform query -generate-config-out` writes an import block and a
// resource for every agency found; applied as written, it imports them all
// (one listing per Page, no writes) and the next plan is empty.
func TestCLIPageAgencyQuery_generatedConfigImportsWithEmptyPlan(t *testing.T) {
	skipUnlessCLIHas(t, featureQuery)
	emu := queryEmulator(t)
	d := newInProcessDir(t, providerBlock(emu))
	writeFile(t, d.path("agencies.tfquery.hcl"), fmt.Sprintf(`
list "facebook_page_agency" "confirmed" {
  provider = facebook
  config {
    page_ids        = [%[1]q, %[2]q]
    access_statuses = ["CONFIRMED"]
  }
}

list "facebook_page_agency" "pending" {
  provider = facebook
  config {
    page_ids        = [%[1]q]
    access_statuses = ["PENDING"]
  }
}
`, testPageID, otherPageID))

	generated := d.generateConfig(8, "")
	for _, want := range []string{`business_id = "` + queryPending + `"`, `page_id     = "` + otherPageID + `"`, `"MODERATE"`} {
		if !strings.Contains(generated, want) {
			t.Errorf("generated.tf lacks %s:\n%s", want, generated)
		}
	}

	emu.ResetLog()
	d.applyGenerated(8, generated)
	// ceil(5/2) + ceil(3/2): one complete listing per Page for 8 imports.
	if n := emu.Calls("GET", graphtest.EndpointAgencies); n != 5 {
		t.Errorf("importing made %d listing calls, want 5 (one listing per Page)", n)
	}
	if err := noWrites(emu, graphtest.EndpointAgencies)(nil); err != nil {
		t.Error(err)
	}
	d.planIsEmpty("importing the generated configuration")
}
