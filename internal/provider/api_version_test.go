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
		"Set api_version to v25.0, the newest version this provider knows",
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

func TestCLICurrentAPIVersionDoesNotWarn(t *testing.T) {
	emu := newEmulator(t)
	config := providerBlock(emu) + fmt.Sprintf(`
data "facebook_page_agencies" "all" {
  page_id = %q
}
`, testPageID)
	tf := newInProcessDir(t, config)
	r := tf.run("plan", "-no-color")
	if r.code != 0 {
		t.Fatalf("plan failed:\n%s", r.output())
	}
	if strings.Contains(r.output(), "Warning") {
		t.Errorf("plan on the default version warns:\n%s", r.output())
	}
}
