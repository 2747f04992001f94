package provider

import (
	"fmt"
	"strings"
	"testing"
)

// TestCLIUnchangedPlan drives the released binary, whose logs are off, so
// that unchangedPlans answers the plans of agencies the refresh left
// unchanged: a plan after apply has no changes, and a changed argument or a
// task Meta stopped reporting still plans the replacement.
func TestCLIUnchangedPlan(t *testing.T) {
	emu := newEmulator(t)
	const other = "900000000000002"
	emu.AddBusiness(other, "Other Agency")
	config := func(tasks string) string {
		return providerBlock(emu) + fmt.Sprintf(`
resource "facebook_page_agency" "analyze" {
  page_id         = %q
  business_id     = %q
  permitted_tasks = [%s]
}

# Meta reports more tasks than MANAGE itself.
resource "facebook_page_agency" "manage" {
  page_id         = %q
  business_id     = %q
  permitted_tasks = ["MANAGE"]
}
`, testPageID, testBusinessID, tasks, testPageID, other)
	}
	tf := newBinaryDir(t, config(`"ANALYZE"`))
	tf.must("apply", "-auto-approve")
	if r := tf.run("plan", "-detailed-exitcode"); r.code != 0 {
		t.Fatalf("plan after apply exited %d (2 = changes):\n%s", r.code, r.output())
	}

	tf.write(config(`"ANALYZE", "ADVERTISE"`))
	r := tf.run("plan", "-detailed-exitcode")
	if r.code != 2 || !strings.Contains(r.stdout, "facebook_page_agency.analyze must be replaced") || strings.Contains(r.stdout, "facebook_page_agency.manage must be") {
		t.Fatalf("a changed permitted_tasks: plan exited %d, want 2 and the analyze grant replaced, alone:\n%s", r.code, r.output())
	}

	tf.write(config(`"ANALYZE"`))
	emu.SetAgency(testPageID, testBusinessID, []string{"MESSAGING"}) // changed outside Terraform
	r = tf.run("plan", "-detailed-exitcode")
	if r.code != 2 || !strings.Contains(r.stdout, "facebook_page_agency.analyze must be replaced") {
		t.Fatalf("a task Meta no longer reports: plan exited %d, want 2 and the analyze grant replaced:\n%s", r.code, r.output())
	}
	if _, ok := emu.Agency(testPageID, other); !ok {
		t.Fatal("the manage grant is gone: the test proves nothing")
	}
}
