package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

const usersExclusiveAddr = "facebook_page_assigned_users_exclusive.test"

// People of the exclusive tests: three of the test business, one of
// another business.
const (
	declaredUser   = "400000000000011"
	undeclaredUsr1 = "400000000000012"
	undeclaredUsr2 = "400000000000013"
	otherBizUser   = "400000000000019"
)

// usersExclusiveConfig declares declaredUser with facebook_page_assigned_user
// and the exclusive set referring to it, as the guide does.
func usersExclusiveConfig(emu *graphtest.Emulator, importBlock bool) string {
	config := providerBlock(emu) + fmt.Sprintf(`
resource "facebook_page_assigned_user" "declared" {
  page_id     = %[1]q
  business_id = %[2]q
  user_id     = %[3]q
  tasks       = ["ANALYZE"]
}

resource "facebook_page_assigned_users_exclusive" "test" {
  page_id     = %[1]q
  business_id = %[2]q
  user_ids    = [facebook_page_assigned_user.declared.user_id]
}
`, testPageID, testBusinessID, declaredUser)
	if importBlock {
		config += fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", usersExclusiveAddr, testPageID+"/"+testBusinessID)
	}
	return config
}

// assignedUsersAre checks that exactly these people have tasks on the test
// Page, on the emulator's side, whatever their business.
func assignedUsersAre(emu *graphtest.Emulator, want ...string) resource.TestCheckFunc {
	return idsAre("the Page's assigned users", func() []string { return assignedUserIDsOn(emu, testPageID) }, want...)
}

// The same as for agencies, for the people of one business: the plan names
// both undeclared people, apply leaves the declared one (and the person of
// another business, whom the set does not cover), the next plan is empty,
// a person given tasks out of band is removed by the next apply, and
// removing the resource from the configuration removes no access.
func TestCLIPageAssignedUsersExclusive_removesUndeclaredPeople(t *testing.T) {
	emu := newEmulator(t)
	const otherBiz = "200000000000009"
	emu.AddBusiness(otherBiz, "Other Business")
	for _, u := range []string{declaredUser, undeclaredUsr1, undeclaredUsr2} {
		emu.AddBusinessUser(testBusinessID, u, "Person "+u, graphtest.UserTypeBusiness)
	}
	emu.AddBusinessUser(otherBiz, otherBizUser, "Elsewhere", graphtest.UserTypeSystem)
	emu.SetPageOwner(testPageID, testBusinessID) // so its people may be given tasks
	for _, u := range []string{undeclaredUsr1, undeclaredUsr2, otherBizUser} {
		emu.SetAssignedUser(testPageID, u, []string{"ANALYZE"})
	}
	config := usersExclusiveConfig(emu, false)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				Config: usersExclusiveConfig(emu, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(usersExclusiveAddr, plancheck.ResourceActionUpdate),
					removesFromSet{usersExclusiveAddr, "user_ids", []string{undeclaredUsr1, undeclaredUsr2}},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(usersExclusiveAddr, tfjsonpath.New("user_ids"), stringSet(declaredUser)),
					statecheck.ExpectKnownValue(usersExclusiveAddr, tfjsonpath.New("id"), knownvalue.StringExact(testPageID+"/"+testBusinessID)),
				},
				Check: assignedUsersAre(emu, declaredUser, otherBizUser),
			},
			emptyPlanStep(config),
			{
				PreConfig: func() { emu.SetAssignedUser(testPageID, undeclaredUsr2, []string{"MANAGE"}) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					removesFromSet{usersExclusiveAddr, "user_ids", []string{undeclaredUsr2}},
				}},
				Check: assignedUsersAre(emu, declaredUser, otherBizUser),
			},
			emptyPlanStep(config),
			{
				PreConfig: func() {
					emu.SetAssignedUser(testPageID, undeclaredUsr1, []string{"ANALYZE"})
					emu.ResetLog()
				},
				// The per-item resource goes too, and takes its own grant
				// away; the exclusive one takes nothing.
				Config: providerBlock(emu),
				Check: func(*terraform.State) error {
					if n := emu.Calls("DELETE", graphtest.EndpointAssignedUsers); n != 1 {
						return fmt.Errorf("%d removals, want 1 (the per-item resource's own)", n)
					}
					return assignedUsersAre(emu, undeclaredUsr1, otherBizUser)(nil)
				},
			},
		},
	})
}
