package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// The Page tokens that GET /me/accounts hands out, once for facebook_pages
// and for the Page calls of the same run: through the released binary with
// TF_LOG=TRACE, apply, refresh and destroy of the data source and an
// exclusive set on each of two Pages leave no credential in the log, the
// state or anything terraform printed, and the tokens really came from the
// listing.
func TestCLISecrecy_listedPageTokens(t *testing.T) {
	emu := graphtest.Start(t, graphtest.Options{AppSecret: secrecyAppSecret, MaxLimit: 1})
	tokenA := emu.AddPage(secrecyPageA, "Secret Page A")
	tokenB := emu.AddPage(secrecyPageB, "Secret Page B")
	emu.AddUser(secrecyUserToken, secrecyPageA, secrecyPageB)
	emu.AddBusiness(secrecyBusiness, "Secret Agency")
	emu.SetAgency(secrecyPageA, secrecyBusiness, []string{"ANALYZE"})
	emu.SetAgency(secrecyPageB, secrecyBusiness, []string{"ANALYZE"})
	secrets := map[string]string{
		"user token": secrecyUserToken, "page A token": tokenA, "page B token": tokenB, "app secret": secrecyAppSecret,
		"proof of user token":   graphtest.AppSecretProof(secrecyAppSecret, secrecyUserToken),
		"proof of page A token": graphtest.AppSecretProof(secrecyAppSecret, tokenA),
		"proof of page B token": graphtest.AppSecretProof(secrecyAppSecret, tokenB),
	}
	tf := newBinaryDir(t, fmt.Sprintf(`
provider "facebook" {
  base_url = %q
}

data "facebook_pages" "all" {}

resource "facebook_page_agencies_exclusive" "each" {
  for_each     = toset([for p in data.facebook_pages.all.pages : p.id])
  page_id      = each.value
  business_ids = [%q]
}
`, emu.URL(), secrecyBusiness))
	logPath := tf.path("trace.log")
	tf.env = append(tf.env, envAccessToken+"="+secrecyUserToken, envAppSecret+"="+secrecyAppSecret, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)
	var printed []string
	commands := [][]string{{"apply", "-auto-approve"}, {"refresh"}, {"plan"}, {"destroy", "-auto-approve"}}
	for _, args := range commands {
		r := tf.run(args...)
		printed = append(printed, r.output())
		if r.code != 0 {
			t.Fatalf("terraform %v exited %d:\n%s", r.args, r.code, r.output())
		}
	}
	logText := readFile(t, logPath)
	if !strings.Contains(logText, "/me/accounts") || !strings.Contains(logText, "/"+secrecyPageB+"/agencies") {
		t.Fatal("the TRACE log lacks the provider's calls: is provider logging captured?")
	}
	for where, text := range map[string]string{
		"TF_LOG=TRACE log": logText, "terraform output": strings.Join(printed, "\n"),
		"terraform.tfstate": readFile(t, tf.path("terraform.tfstate")), "terraform.tfstate.backup": readFile(t, tf.path("terraform.tfstate.backup")),
	} {
		for name, secret := range secrets {
			if strings.Contains(text, secret) {
				t.Errorf("the %s leaks the %s", where, name)
			}
		}
	}
	// A run exchanges at most the token of the first Page it needs (when a
	// refresh comes before the data source's read); the rest are listed.
	if n, listed := emu.Calls("GET", graphtest.EndpointPage), emu.Calls("GET", graphtest.EndpointMeAccounts); n > len(commands) || listed == 0 {
		t.Errorf("%d Page token exchanges and %d listing calls in %d runs: the tokens did not come from the listing", n, listed, len(commands))
	}
}
