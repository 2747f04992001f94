package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// An exclusive set declared empty ("may be empty, which removes every
// agency") on a Page where no one holds that access: the refresh after the
// apply reads an empty set back, not a null one, so the next plan is empty
// and an import of the same Page matches the applied state.
func TestCLIPageAgenciesExclusive_emptySetIsStable(t *testing.T) {
	emu := newEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: append([]resource.TestStep{{
			Config:            agenciesExclusiveConfig(emu, false),
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(agenciesExclusiveAddr, tfjsonpath.New("business_ids"), stringSet())},
			Check:             agenciesAre(emu),
		}}, importSteps(agenciesExclusiveAddr, testPageID)...),
	})
}
