package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// TestCLIPageAccessExample applies examples/page-access, the combined
// example of a Page's agencies, people and webhook subscription, as a user
// would, against the emulator (an override file points the provider at
// it), then checks Meta's side and that a second plan is empty.
func TestCLIPageAccessExample(t *testing.T) {
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "page-access", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	const page, owner, agency = "100000000000001", "200000000000001", "200000000000002"
	emu := graphtest.Start(t, graphtest.Options{MaxLimit: 2})
	emu.AddPage(page, "Example Page")
	emu.AddUser(testUserToken, page)
	emu.AddBusiness(owner, "Page Owner Inc")
	emu.AddBusiness(agency, "Agency Ltd")
	emu.SetPageOwner(page, owner)
	emu.AddBusinessUser(owner, "400000000000001", "Ann", graphtest.UserTypeBusiness)
	emu.AddBusinessUser(owner, "400000000000002", "Support bot", graphtest.UserTypeSystem)
	emu.AddBusinessUser(owner, "400000000000003", "Someone else", graphtest.UserTypeBusiness)
	emu.SetAssignedUser(page, "400000000000003", []string{"ANALYZE"}) // not in the example: reported as unmanaged

	d := newInProcessDir(t, "")
	writeFile(t, d.path("main.tf"), string(example))
	writeFile(t, d.path("emulator_override.tf"), providerBlock(emu))
	d.must("apply", "-auto-approve")

	if a, ok := emu.Agency(page, agency); !ok || !slices.Equal(slices.Sorted(slices.Values(a.PermittedTasks)), []string{"ADVERTISE", "ANALYZE"}) {
		t.Errorf("agency on Meta's side: %+v %v", a, ok)
	}
	for user, want := range map[string][]string{"400000000000001": {"MANAGE"}, "400000000000002": {"MESSAGING", "MODERATE"}} {
		if u, ok := emu.AssignedUser(page, user); !ok || !slices.Equal(slices.Sorted(slices.Values(u.Tasks)), want) {
			t.Errorf("user %s on Meta's side: %+v %v, want tasks %v", user, u, ok, want)
		}
	}
	if f, ok := emu.Subscription(page, graphtest.DefaultAppID); !ok || len(f) != 3 {
		t.Errorf("subscription on Meta's side: %v %v", f, ok)
	}
	outputs := d.outputs()
	for name, want := range map[string]string{
		"unmanaged_people":   `["400000000000003"]`,
		"unmanaged_agencies": `[]`,
		"webhook_app":        fmt.Sprintf("%q", graphtest.DefaultAppID),
	} {
		got, _ := json.Marshal(outputs[name])
		if string(got) != want {
			t.Errorf("output %s = %s, want %s", name, got, want)
		}
	}
	if r := d.run("plan", "-detailed-exitcode"); r.code != 0 {
		t.Fatalf("the plan after apply is not empty (exit %d):\n%s", r.code, r.output())
	}
}
