package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// An expired api_version is warned about at plan time, and the version Meta
// really answered with is reported once per run, however many calls the

// Every kind that calls Meta passes the served version on, not only the
// agency ones: people and webhook subscriptions, read and written.
func TestCLIServedVersionWarnsForPeopleAndApps(t *testing.T) {
	const userID = "500000000000001"
	for name, block := range map[string]string{
		"assigned users data source":  fmt.Sprintf("data \"facebook_page_assigned_users\" \"x\" {\n  page_id     = %q\n  business_id = %q\n}\n", testPageID, testBusinessID),
		"subscribed apps data source": fmt.Sprintf("data \"facebook_page_subscribed_apps\" \"x\" {\n  page_id = %q\n}\n", testPageID),
		"assigned user resource": fmt.Sprintf("resource \"facebook_page_assigned_user\" \"x\" {\n  page_id     = %q\n  business_id = %q\n  user_id     = %q\n  tasks       = [\"ANALYZE\"]\n}\n",
			testPageID, testBusinessID, userID),
	} {
		t.Run(name, func(t *testing.T) {
			emu := graphtest.Start(t, graphtest.Options{
				Now: func() time.Time { return time.Date(2026, time.December, 1, 12, 0, 0, 0, time.UTC) },
			})
			emu.AddPage(testPageID, "Test Page")
			emu.AddUser(testUserToken, testPageID)
			emu.AddBusiness(testBusinessID, testBusiness)
			emu.AddBusinessUser(testBusinessID, userID, "Sam", "SYSTEM_USER")
			emu.SetPageOwner(testPageID, testBusinessID)
			tf := newInProcessDir(t, fmt.Sprintf("provider \"facebook\" {\n  base_url     = %q\n  access_token = %q\n  api_version  = \"v19.0\"\n}\n", emu.URL(), testUserToken)+block)
			r := tf.run("apply", "-auto-approve")
			if r.code != 0 {
				t.Fatalf("apply failed:\n%s", r.output())
			}
			out := strings.Join(strings.Fields(r.output()), " ")
			if n := strings.Count(out, "asked for Graph API v19.0, but Meta answered with v21.0"); n != 1 {
				t.Errorf("the served version is reported %d times, want once:\n%s", n, r.output())
			}
		})
	}
}

// run makes.
func TestCLIExpiredAPIVersionWarnsOnceWithBothVersions(t *testing.T) {
	emu := graphtest.Start(t, graphtest.Options{
		MaxLimit: 1, // one agency per page of the listing: several calls
		Now:      func() time.Time { return time.Date(2026, time.December, 1, 12, 0, 0, 0, time.UTC) },
	})
	emu.AddPage(testPageID, "Test Page")
	emu.AddUser(testUserToken, testPageID)
	for i := range 3 {
		id := fmt.Sprintf("30000000000000%d", i)
		emu.AddBusiness(id, "Agency "+id)
		emu.SetAgency(testPageID, id, []string{"ANALYZE"})
	}
	config := fmt.Sprintf(`
provider "facebook" {
  base_url     = %q
  access_token = %q
  api_version  = "v19.0"
}

data "facebook_page_agencies" "all" {
  page_id = %q
}
`, emu.URL(), testUserToken, testPageID)
	tf := newInProcessDir(t, config)
	r := tf.run("plan", "-no-color")
	if r.code != 0 {
		t.Fatalf("plan failed:\n%s", r.output())
	}
	out := strings.Join(strings.Fields(r.output()), " ")
	for _, want := range []string{
		"Warning: Graph API version expired or expiring",
		"Graph API v19.0 expired on 21 May 2026",
		"Set api_version to v26.0, the version this provider is tested against",
		"Warning: Meta answered with another Graph API version",
		"asked for Graph API v19.0, but Meta answered with v21.0",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, r.output())
		}
	}
	if n := strings.Count(out, "Meta answered with v21.0"); n != 1 {
		t.Errorf("the served version is reported %d times in one run, want once", n)
	}
	if calls := len(emu.Requests()); calls < 3 {
		t.Errorf("only %d calls: the once-per-run rule was not exercised", calls)
	}
}

// The default, v27.0 (no expiry announced) and a version newer than the
// provider knows (used as given, with a note in the log) plan without a
// warning.
func TestCLICurrentAPIVersionDoesNotWarn(t *testing.T) {
	for _, version := range []string{"", "v27.0", "v28.0"} {
		t.Run("version "+version, func(t *testing.T) {
			emu := newEmulator(t)
			provider := providerBlock(emu)
			if version != "" {
				provider = strings.Replace(provider, "access_token", fmt.Sprintf("api_version  = %q\n  access_token", version), 1)
			}
			tf := newInProcessDir(t, provider+fmt.Sprintf(`
data "facebook_page_agencies" "all" {
  page_id = %q
}
`, testPageID))
			r := tf.run("plan", "-no-color")
			if r.code != 0 {
				t.Fatalf("plan failed:\n%s", r.output())
			}
			if strings.Contains(r.output(), "Warning") {
				t.Errorf("plan on %q warns:\n%s", version, r.output())
			}
			want := version
			if want == "" {
				want = "v26.0"
			}
			if reqs := emu.Requests(); len(reqs) == 0 || reqs[len(reqs)-1].Version != want {
				t.Errorf("the plan did not call Graph API %s", want)
			}
		})
	}
}
