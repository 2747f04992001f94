package provider

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Live tests run against Meta's real Graph API with TF_ACC=1 (make testacc).
// They need a token with the MANAGE task on a test Page and an agency
// business that does not have access to it yet.

func liveFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"facebook": func() (tfprotov6.ProviderServer, error) { return NewProtocol6Server(New("live-test")())(), nil },
	}
}

// liveEnv returns the named environment variables, skipping the test with a
// message that names whichever are missing.
func liveEnv(t *testing.T, names ...string) map[string]string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("live test: set TF_ACC=1 and Facebook credentials to run it against the real Graph API (make testacc)")
	}
	values := map[string]string{}
	var missing []string
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			values[n] = v
		} else {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		t.Skipf("live test: %v not set", missing)
	}
	return values
}

func TestAccPageAgency(t *testing.T) {
	env := liveEnv(t, envAccessToken, "FACEBOOK_TEST_PAGE_ID", "FACEBOOK_TEST_BUSINESS_ID")
	config := `
provider "facebook" {}

resource "facebook_page_agency" "test" {
  page_id         = "` + env["FACEBOOK_TEST_PAGE_ID"] + `"
  business_id     = "` + env["FACEBOOK_TEST_BUSINESS_ID"] + `"
  permitted_tasks = ["ANALYZE"]
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: liveFactories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("id"),
						knownvalue.StringExact(env["FACEBOOK_TEST_PAGE_ID"]+"/"+env["FACEBOOK_TEST_BUSINESS_ID"])),
					statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("business_name"), knownvalue.NotNull()),
				},
			},
			{
				ResourceName:            agencyAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
	})
}
