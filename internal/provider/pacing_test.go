package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// TestCLIPageAgency_highUsageSlowsCalls: once Meta reports the app at 95 %
// of its rate limit, every following call waits before it is sent; below
// the mark nothing waits. Read from the arrival times in the emulator's log.
// The wait is long (5s) so that neither bound depends on how loaded the
// machine is: a real wait makes a gap at least that long, and no load makes
// an unpaced gap that long.
func TestCLIPageAgency_highUsageSlowsCalls(t *testing.T) {
	const wait = 5 * time.Second
	for _, tc := range []struct {
		appUsage int
		paced    bool
	}{{95, true}, {50, false}} {
		t.Run(fmt.Sprintf("app at %d%%", tc.appUsage), func(t *testing.T) {
			emu := newEmulator(t)
			seedOtherAgencies(emu, 1) // each listing a page of its own
			emu.SetUsage(tc.appUsage, 0)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(func(cfg *graph.Config) {
					cfg.RetryWaitMin, cfg.RetryWaitMax = wait, wait
				}),
				Steps: []resource.TestStep{{
					Config: agencyConfig(emu, "ANALYZE"),
					Check: func(*terraform.State) error {
						log := emu.Requests()
						if len(log) != 5 { // token exchange, the look's two listings that prove absence, POST, read-back
							return fmt.Errorf("%d calls, want 5", len(log))
						}
						for i := 1; i < len(log); i++ {
							gap := log[i].Time.Sub(log[i-1].Time)
							if tc.paced && gap < wait {
								return fmt.Errorf("call %d (%s %s) came %s after the previous one, want at least %s", i+1, log[i].Method, log[i].Endpoint, gap, wait)
							}
							if !tc.paced && gap >= wait {
								return fmt.Errorf("call %d (%s %s) waited %s below the high-water mark", i+1, log[i].Method, log[i].Endpoint, gap)
							}
						}
						return nil
					},
				}},
			})
		})
	}
}
