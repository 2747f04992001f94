package provider

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// TestCLIFleetExample applies examples/fleet, the example of the guide
// "Govern every Page of a business", against the emulator: on each owned
// Page exactly the declared agency and CI user remain, a client Page and
// another business's person are untouched, and the next plan is empty.
func TestCLIFleetExample(t *testing.T) {
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "fleet", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	const owner, agency, oldAgency, ci, leaver, outsider = "200000000000001", "200000000000002", "200000000000003", "400000000000001", "400000000000002", "400000000000009"
	const clientPage = "100000000000099"
	emu := graphtest.Start(t, graphtest.Options{MaxLimit: 2})
	emu.AddBusiness(owner, "Owner Inc")
	emu.AddBusiness(agency, "Ads Agency")
	emu.AddBusiness(oldAgency, "Old Agency")
	emu.AddBusiness("200000000000004", "Elsewhere Inc")
	emu.AddBusinessUser(owner, ci, "CI", graphtest.UserTypeSystem)
	emu.AddBusinessUser(owner, leaver, "Departed", graphtest.UserTypeBusiness)
	emu.AddBusinessUser("200000000000004", outsider, "Outsider", graphtest.UserTypeBusiness)
	emu.AddSystemUser(testUserToken, ci, "CI")
	emu.AddBusinessMember(owner, ci)
	pages := []string{"100000000000001", "100000000000002", "100000000000003"}
	for _, p := range append(slices.Clone(pages), clientPage) {
		emu.AddPage(p, "Page "+p)
		emu.AddUser(testUserToken, p)
		emu.SetAgency(p, oldAgency, []string{"ANALYZE"})
		emu.SetAssignedUser(p, leaver, []string{"MANAGE"})
		emu.SetAssignedUser(p, outsider, []string{"ANALYZE"})
	}
	for _, p := range pages {
		emu.AddBusinessPage(owner, p, graphtest.PageOwned)
	}
	emu.AddBusinessPage(owner, clientPage, graphtest.PageClient)

	d := newInProcessDir(t, "")
	writeFile(t, d.path("main.tf"), string(example))
	writeFile(t, d.path("emulator_override.tf"), providerBlock(emu))
	d.must("apply", "-auto-approve")

	for _, p := range pages {
		if got := agencyIDsOn(emu, p); !slices.Equal(got, []string{agency}) {
			t.Errorf("Page %s: agencies %v, want only %s", p, got, agency)
		}
		if got := assignedUserIDsOn(emu, p); !slices.Equal(got, []string{ci, outsider}) {
			t.Errorf("Page %s: people %v, want the CI user and the other business's person", p, got)
		}
	}
	if got := agencyIDsOn(emu, clientPage); !slices.Equal(got, []string{oldAgency}) {
		t.Errorf("the client Page was touched: agencies %v", got)
	}
	if r := d.run("plan", "-detailed-exitcode"); r.code != 0 {
		t.Fatalf("the plan after apply is not empty (exit %d):\n%s", r.code, r.output())
	}
}
