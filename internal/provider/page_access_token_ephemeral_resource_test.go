package provider

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

const tokenEphemeral = "facebook_page_access_token"

// withEcho adds terraform-plugin-testing's echo provider, which copies its
// configuration into the state of an echo resource: the only way to assert
// an ephemeral value through the CLI.
func withEcho(factories map[string]func() (tfprotov6.ProviderServer, error)) map[string]func() (tfprotov6.ProviderServer, error) {
	factories["echo"] = echoprovider.NewProviderServer()
	return factories
}

func echoedTokenConfig(providerBlock, pageID string) string {
	return providerBlock + fmt.Sprintf(`
ephemeral "facebook_page_access_token" "page" {
  page_id = %q
}

provider "echo" {
  data = ephemeral.facebook_page_access_token.page
}

resource "echo" "token" {}
`, pageID)
}

func TestCLIPageAccessToken_echoesTheExchangedToken(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   featureEphemeral.versionChecks(),
		ProtoV6ProviderFactories: withEcho(providerFactories()),
		Steps: []resource.TestStep{{
			Config: echoedTokenConfig(providerBlock(emu), testPageID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("access_token"), knownvalue.StringExact(emu.PageToken(testPageID))),
				statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("page_id"), knownvalue.StringExact(testPageID)),
			},
			Check: func(*terraform.State) error {
				// Only exchanges, each with the user's token in the header.
				reqs := emu.Requests()
				if len(reqs) == 0 {
					return fmt.Errorf("no exchange was made")
				}
				for _, r := range reqs {
					if r.Method != "GET" || r.Endpoint != graphtest.EndpointPage || r.Params.Get("fields") != "access_token" ||
						r.Token != testUserToken || r.TokenSource != "header" {
						return fmt.Errorf("unexpected request %s %s fields=%q from %s", r.Method, r.Path, r.Params.Get("fields"), r.TokenSource)
					}
				}
				return nil
			},
		}},
	})
}

func TestCLIPageAccessToken_configuredTokenSkipsTheExchange(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	const configured = "EAAGconfiguredPAGEtoken0123456789"
	block := fmt.Sprintf(`
provider "facebook" {
  base_url           = %q
  access_token       = %q
  page_access_tokens = { %q = %q }
}
`, emu.URL(), testUserToken, testPageID, configured)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   featureEphemeral.versionChecks(),
		ProtoV6ProviderFactories: withEcho(providerFactories()),
		Steps: []resource.TestStep{{
			Config: echoedTokenConfig(block, testPageID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("access_token"), knownvalue.StringExact(configured)),
			},
		}},
	})
	if n := emu.TotalCalls(); n != 0 {
		t.Fatalf("%d API calls, want none: the configured token needs no exchange", n)
	}
}

// TestCLIPageAccessToken_neverInStateOrPlan hands the Page token to a second
// provider configuration that manages an agency with it, then looks for the
// token in the plan, the state and every file of the working directory.
func TestCLIPageAccessToken_neverInStateOrPlan(t *testing.T) {
	// Not parallel: it points TF_ACC_TEMP_DIR at a directory of its own to
	// inspect every file Terraform writes.
	emu := newEmulator(t)
	pageToken := emu.PageToken(testPageID)
	workDir := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", workDir)
	config := providerBlock(emu) + fmt.Sprintf(`
ephemeral "facebook_page_access_token" "page" {
  page_id = %q
}

provider "facebook" {
  alias        = "page"
  base_url     = %q
  access_token = ephemeral.facebook_page_access_token.page.access_token
}

resource "facebook_page_agency" "test" {
  provider        = facebook.page
  page_id         = %q
  business_id     = %q
  permitted_tasks = ["ANALYZE"]
}
`, testPageID, emu.URL(), testPageID, testBusinessID)
	noToken := tokenAbsent{token: pageToken}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   featureEphemeral.versionChecks(),
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("facebook_page_agency.test", plancheck.ResourceActionCreate), noToken},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), noToken},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				noToken,
				statecheck.ExpectKnownValue("facebook_page_agency.test", tfjsonpath.New("business_name"), knownvalue.StringExact(testBusiness)),
			},
			Check: func(*terraform.State) error {
				// The token did reach the second provider: it assigned the agency with it.
				var posts int
				for _, r := range emu.Requests() {
					if r.Method == "POST" && r.Endpoint == graphtest.EndpointAgencies {
						posts++
						if r.Token != pageToken {
							return fmt.Errorf("the agency was assigned with another token than the ephemeral Page token")
						}
					}
				}
				if posts != 1 {
					return fmt.Errorf("%d agency assignments, want 1", posts)
				}
				return filesLackToken(workDir, pageToken)
			},
		}},
	})
}

// tokenAbsent fails when the plan or state, rendered as Terraform's JSON
// (sensitive values included, unredacted), contains token.
type tokenAbsent struct{ token string }

func (c tokenAbsent) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.check("plan", req.Plan)
}

func (c tokenAbsent) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.check("state", req.State)
}

func (c tokenAbsent) check(what string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if len(raw) < 100 {
		return fmt.Errorf("the %s is nearly empty (%s): nothing was checked", what, raw)
	}
	if bytes.Contains(raw, []byte(c.token)) {
		return fmt.Errorf("the Page token is in the %s", what)
	}
	return nil
}

// filesLackToken reads every file under dir, opening zip archives (saved
// plans are zips), and fails if one holds token. It also fails when it
// found no state file, so it cannot pass by looking in the wrong place.
func filesLackToken(dir, token string) error {
	var states int
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Type()&fs.ModeSymlink != 0 {
			return err // symlinks lead to the test's own source files
		}
		raw, err := os.ReadFile(p) //nolint:gosec // a file of the test's own working directory
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".tfstate") {
			states++
		}
		if bytes.Contains(raw, []byte(token)) {
			return fmt.Errorf("the Page token is in %s", p)
		}
		if zr, zipErr := zip.NewReader(bytes.NewReader(raw), int64(len(raw))); zipErr == nil {
			return archiveLacksToken(zr, p, token)
		}
		return nil // not an archive
	})
	if err == nil && states == 0 {
		err = fmt.Errorf("no state file under %s: the check looked in the wrong place", dir)
	}
	return err
}

// archiveLacksToken reads every file of a zip archive (at path) for token.
func archiveLacksToken(zr *zip.Reader, path, token string) error {
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		content, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			return err
		}
		if bytes.Contains(content, []byte(token)) {
			return fmt.Errorf("the Page token is in %s inside %s", f.Name, path)
		}
	}
	return nil
}

func TestCLIPageAccessToken_apiErrorIsExplained(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	const unknownPage = "100000000000999"
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   featureEphemeral.versionChecks(),
		ProtoV6ProviderFactories: withEcho(providerFactories()),
		Steps: []resource.TestStep{{
			Config: echoedTokenConfig(providerBlock(emu), unknownPage),
			// The exchange is this resource's only call, refused on page_id.
			ExpectError: regexp.MustCompile(`(?s)` + wrappedText("Cannot act on Page "+unknownPage).String() +
				`.*` + wrappedText(`page_id = "`+unknownPage+`"`).String() + `.*` + wrappedText("Either no Page has this id").String() +
				`.*` + wrappedText("GET /v26.0/"+unknownPage).String() + `.*` + wrappedText("(code 100, subcode 33").String() + `.*fbtrace_id`),
		}},
	})
}

// TestPageAccessToken_oneExchangePerProvider opens the ephemeral resource
// three times on one configured provider, as one terraform run can.
func TestPageAccessToken_oneExchangePerProvider(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	p := newRPCProvider(t, emu)
	for range 3 {
		got, diags := p.openEphemeral(tokenEphemeral, map[string]any{"page_id": testPageID})
		if len(diags) != 0 || got["access_token"] != emu.PageToken(testPageID) || got["page_id"] != testPageID {
			t.Fatalf("%v\n%s", got, diagsText(diags))
		}
	}
	if n := emu.Calls("GET", graphtest.EndpointPage); n != 1 || emu.TotalCalls() != 1 {
		t.Fatalf("%d exchanges (%d calls), want 1", n, emu.TotalCalls())
	}
	schema := p.schemas.EphemeralResourceSchemas[tokenEphemeral]
	for _, a := range schema.Block.Attributes {
		if a.Name == "access_token" && !a.Sensitive {
			t.Fatal("access_token is not marked sensitive")
		}
	}
}

func TestPageAccessToken_fallbackToConfiguredTokenWarns(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	const otherPage = "100000000000002"
	emu.AddPage(otherPage, "A Page the user has no task on")
	p := newRPCProvider(t, emu)
	got, diags := p.openEphemeral(tokenEphemeral, map[string]any{"page_id": otherPage})
	if got["access_token"] != testUserToken {
		t.Fatalf("access_token %v, want the provider's own token", got["access_token"])
	}
	if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityWarning || attrPath(diags[0].Attribute) != "access_token" ||
		!strings.Contains(diags[0].Detail, "carried no Page access token, so access_token is the provider's own access_token") {
		t.Fatalf("want one warning on access_token, got:\n%s", diagsText(diags))
	}
	if strings.Contains(diags[0].Detail, testUserToken) {
		t.Fatal("the warning leaks the token")
	}
}
