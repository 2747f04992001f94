package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// Secret values of the secrecy test. They look like Meta's so that no
// pattern-based redaction gets an easier job than with real ones.
const (
	secrecyUserToken = "EAAGsecrecyUSERtokenZZ9x8c7v6b5n4m3"
	secrecyAppSecret = "9f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99" //nolint:gosec // G101: test fixture, not a credential
	secrecyPageA     = "500000000000001"                  // its token is configured in page_access_tokens
	secrecyPageB     = "500000000000002"                  // its token is exchanged by the provider
	secrecyBusiness  = "600000000000001"
	secrecyBusiness2 = "600000000000002"
)

// TestCLISecrecy runs the released binary through apply, refresh, a saved
// plan shown as JSON, an API error that echoes credentials, and destroy,
// with TF_LOG=TRACE, and checks that no credential appears in the log, the
// state, the plan JSON or anything terraform printed. The token comes once
// from a sensitive variable in the provider block and once from the
// environment.
func TestCLISecrecy(t *testing.T) {
	for _, variant := range []struct {
		name          string
		tokenArgument string // access_token line of the provider block
		env           func(userToken string) []string
	}{
		{"sensitive variable", "access_token = var.token", func(tok string) []string {
			return []string{"TF_VAR_token=" + tok, "TF_VAR_app_secret=" + secrecyAppSecret}
		}},
		{"environment", "", func(tok string) []string {
			return []string{envAccessToken + "=" + tok, envAppSecret + "=" + secrecyAppSecret}
		}},
	} {
		t.Run(variant.name, func(t *testing.T) {
			emu := graphtest.Start(t, graphtest.Options{AppSecret: secrecyAppSecret, MaxLimit: 1})
			tokenA := emu.AddPage(secrecyPageA, "Secret Page A")
			tokenB := emu.AddPage(secrecyPageB, "Secret Page B")
			emu.AddUser(secrecyUserToken, secrecyPageA, secrecyPageB)
			emu.AddBusiness(secrecyBusiness, "Secret Agency")
			emu.AddBusiness(secrecyBusiness2, "Other Agency")
			// Agencies already on the pages make every listing span pages,
			// so Meta's next links (which embed the token) are followed.
			emu.SetAgency(secrecyPageA, secrecyBusiness2, []string{"ANALYZE"})
			emu.SetAgency(secrecyPageB, secrecyBusiness2, []string{"ANALYZE"})

			secrets := map[string]string{
				"user token":            secrecyUserToken,
				"page A token":          tokenA,
				"page B token":          tokenB,
				"app secret":            secrecyAppSecret,
				"proof of user token":   graphtest.AppSecretProof(secrecyAppSecret, secrecyUserToken),
				"proof of page A token": graphtest.AppSecretProof(secrecyAppSecret, tokenA),
				"proof of page B token": graphtest.AppSecretProof(secrecyAppSecret, tokenB),
			}

			config := func(withB bool) string {
				c := fmt.Sprintf(`
variable "token" {
  type      = string
  sensitive = true
  default   = null
}
variable "app_secret" {
  type      = string
  sensitive = true
  default   = null
}
variable "page_tokens" {
  type      = map(string)
  sensitive = true
}

provider "facebook" {
  base_url           = %q
  %s
  app_secret         = var.app_secret
  page_access_tokens = var.page_tokens
}

resource "facebook_page_agency" "a" {
  page_id         = %q
  business_id     = %q
  permitted_tasks = ["ANALYZE"]
}
`, emu.URL(), variant.tokenArgument, secrecyPageA, secrecyBusiness)
				if withB {
					c += fmt.Sprintf(`
resource "facebook_page_agency" "b" {
  page_id         = %q
  business_id     = %q
  permitted_tasks = ["MANAGE"]
}
`, secrecyPageB, secrecyBusiness)
				}
				return c
			}

			tf := newBinaryDir(t, config(false))
			logPath := tf.path("trace.log")
			tf.env = append(tf.env, variant.env(secrecyUserToken)...)
			tf.env = append(tf.env, fmt.Sprintf(`TF_VAR_page_tokens={%q = %q}`, secrecyPageA, tokenA),
				"TF_LOG=TRACE", "TF_LOG_PATH="+logPath)

			var printed []string
			record := func(r tfResult) tfResult {
				printed = append(printed, fmt.Sprintf("$ terraform %v\n%s", r.args, r.output()))
				return r
			}
			must := func(args ...string) {
				t.Helper()
				r := record(tf.run(args...))
				if r.code != 0 {
					t.Fatalf("terraform %v exited %d:\n%s", r.args, r.code, r.output())
				}
			}

			must("apply", "-auto-approve")
			must("refresh")
			// Page B joins through a saved plan: its token is exchanged.
			tf.write(config(true))
			must("plan", "-out=tfplan")
			shown := tf.run("show", "-json", "tfplan") // checked below as the plan JSON
			if shown.code != 0 {
				t.Fatalf("terraform show: %s", shown.output())
			}
			planJSON := shown.stdout
			must("apply", "tfplan")

			// Meta echoes a token and a next link carrying access_token
			// in an error, for both pages.
			for _, page := range []struct{ id, token string }{{secrecyPageA, tokenA}, {secrecyPageB, tokenB}} {
				emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointAgencies, PageID: page.id, Error: &graphtest.GraphError{
					Code: 190, Type: "OAuthException",
					Message: fmt.Sprintf("Malformed access token %s, retry %s/v26.0/%s/agencies?access_token=%s&limit=1&after=QVFI",
						page.token, emu.URL(), page.id, page.token),
					UserMsg: fmt.Sprintf("Session of %s with proof %s expired", secrecyUserToken, graphtest.AppSecretProof(secrecyAppSecret, page.token)),
				}})
			}
			failed := record(tf.run("plan"))
			if failed.code == 0 {
				t.Fatal("plan succeeded although Meta refused every listing")
			}
			for _, want := range []string{"Unable to read the Page's agencies", "code 190", "Malformed access token [REDACTED]", "access_token=[REDACTED]"} {
				if !strings.Contains(failed.output(), want) {
					t.Errorf("the error diagnostic lacks %q:\n%s", want, failed.output())
				}
			}
			emu.ClearFaults()
			must("destroy", "-auto-approve")

			logText := readFile(t, logPath)
			// The log must hold the provider's own lines, or checking it
			// proves nothing.
			for _, want := range []string{"graph api request", "graph api response", "/v26.0/" + secrecyPageB + "/agencies"} {
				if !strings.Contains(logText, want) {
					t.Fatalf("the TRACE log lacks %q: is provider logging captured?", want)
				}
			}
			sources := map[string]string{
				"TF_LOG=TRACE log":         logText,
				"plan JSON":                withoutPlanVariables(t, planJSON),
				"terraform output":         strings.Join(printed, "\n"),
				"terraform.tfstate":        readFile(t, tf.path("terraform.tfstate")),
				"terraform.tfstate.backup": readFile(t, tf.path("terraform.tfstate.backup")),
			}
			for where, text := range sources {
				for name, secret := range secrets {
					if strings.Contains(text, secret) {
						t.Errorf("the %s leaks the %s", where, name)
					}
				}
			}

			// The credentials were really in use: proofs on every call,
			// one exchange for page B, page A's configured token used as is.
			for _, r := range emu.Requests() {
				if !r.HasProof || r.TokenSource != "header" {
					t.Fatalf("%s %s: proof %v, token from %q", r.Method, r.Path, r.HasProof, r.TokenSource)
				}
				if r.Endpoint == graphtest.EndpointPage && r.PageID == secrecyPageA {
					t.Fatalf("page A's token was exchanged although it is configured")
				}
			}
			if emu.Calls("GET", graphtest.EndpointPage) == 0 {
				t.Fatal("page B's token was never exchanged")
			}
		})
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Clean(name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// withoutPlanVariables returns the plan JSON without its "variables"
// section: Terraform records every root module variable's value in a saved
// plan, sensitive ones included, since applying the plan needs them. That
// is Terraform's storage of the user's input, not something the provider
// writes; everything else in the plan must be free of credentials.
func withoutPlanVariables(t *testing.T, planJSON string) string {
	t.Helper()
	var plan map[string]any
	if err := json.Unmarshal([]byte(planJSON), &plan); err != nil {
		t.Fatalf("plan JSON: %v", err)
	}
	if _, ok := plan["variables"]; !ok {
		t.Fatal("the plan JSON has no variables section: has its format changed?")
	}
	delete(plan, "variables")
	out, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestCLISecrecy_cutTokensAndQuotedHeaders runs the released binary with
// TF_LOG=TRACE against answers that hide a token where an adversarial
// review found one shown: in the facebook-api-version header (quoted by
// the version warning), cut by a line break in an HTML error page, and
// cut between the message and error_user_msg of an error envelope. No
// part of a token longer than a few characters may show in the log,
// anything terraform printed, or the state.
func TestCLISecrecy_cutTokensAndQuotedHeaders(t *testing.T) {
	emu := graphtest.Start(t, graphtest.Options{})
	pageToken := emu.AddPage(secrecyPageA, "Secret Page A")
	emu.AddUser(secrecyUserToken, secrecyPageA)
	emu.AddBusiness(secrecyBusiness, "Secret Agency")
	tf := newBinaryDir(t, fmt.Sprintf(`
provider "facebook" {
  base_url = %q
}

resource "facebook_page_agency" "a" {
  page_id         = %q
  business_id     = %q
  permitted_tasks = ["ANALYZE"]
}
`, emu.URL(), secrecyPageA, secrecyBusiness))
	logPath := tf.path("trace.log")
	tf.env = append(tf.env, envAccessToken+"="+secrecyUserToken, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)

	tok := secrecyUserToken
	var printed []string
	run := func(wantFail bool, want string, args ...string) {
		t.Helper()
		r := tf.run(args...)
		printed = append(printed, r.output())
		if (r.code != 0) != wantFail {
			t.Fatalf("terraform %v exited %d:\n%s", args, r.code, r.output())
		}
		if !strings.Contains(strings.Join(strings.Fields(r.output()), " "), want) {
			t.Errorf("terraform %v does not say %q:\n%s", args, want, r.output())
		}
	}
	// Every answer names a version with the token beside it, cut by a space.
	emu.InjectFault(graphtest.Fault{Headers: map[string]string{"facebook-api-version": "v19.0 " + tok[:12] + " " + tok[12:]}})
	run(false, "but Meta answered with v19.0 [REDACTED]", "apply", "-auto-approve")
	emu.ClearFaults()

	emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointAgencies, Status: 502,
		Body: "<html>\n<body>\n<p>Upstream refused " + tok[:11] + "\n" + tok[11:] + "</p>\n</body>\n</html>"})
	run(true, "HTTP 502", "plan")
	emu.ClearFaults()

	emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointAgencies, Error: &graphtest.GraphError{
		Code: 190, Type: "OAuthException", Message: "Malformed access token " + tok[:14], UserMsg: tok[14:] + " has expired",
	}})
	run(true, "code 190", "plan")
	emu.ClearFaults()

	sources := map[string]string{
		"TF_LOG=TRACE log":  readFile(t, logPath),
		"terraform output":  strings.Join(printed, "\n"),
		"terraform.tfstate": readFile(t, tf.path("terraform.tfstate")),
	}
	if !strings.Contains(sources["TF_LOG=TRACE log"], "graph api response") {
		t.Fatal("the TRACE log lacks the provider's lines: is provider logging captured?")
	}
	for where, text := range sources {
		assertNoSecretFragment(t, where, text, tok, pageToken)
	}
}
