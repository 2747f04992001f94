package provider

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// Ctrl-C during an apply whose create is waiting, on a slow answer or on
// the backoff Meta asked for: Terraform asks the provider to stop, the
// provider stops waiting at once, and nothing was assigned behind the
// user's back.
func TestCLICtrlCStopsWaitingAtOnce(t *testing.T) {
	slow := graphtest.Fault{Delay: 10 * time.Minute}
	throttled := graphtest.Throttle(graph.CodePagesBUCThrottled, 5) // 5 minutes, within the 10-minute create timeout
	for name, fault := range map[string]graphtest.Fault{"slow answer": slow, "throttle backoff": throttled} {
		t.Run(name, func(t *testing.T) {
			emu := newEmulator(t)
			fault.Method, fault.Endpoint = "POST", graphtest.EndpointAgencies
			emu.InjectFault(fault)
			tf := newInProcessDir(t, agencyConfig(emu, "ANALYZE"), func(cfg *graph.Config) { cfg.RegainUnit = time.Minute })

			var interrupted time.Time
			res := tf.runWith(func(cmd *exec.Cmd) {
				deadline := time.Now().Add(30 * time.Second)
				for emu.Calls("POST", graphtest.EndpointAgencies) == 0 {
					if time.Now().After(deadline) {
						t.Error("the create never reached the emulator")
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
				time.Sleep(100 * time.Millisecond) // into the wait
				interrupted = time.Now()
				if err := cmd.Process.Signal(os.Interrupt); err != nil {
					t.Error(err)
				}
			}, "apply", "-auto-approve")
			took := time.Since(interrupted)

			if res.code == 0 {
				t.Fatalf("apply succeeded although it was interrupted:\n%s", res.output())
			}
			if took > 10*time.Second {
				t.Errorf("terraform took %s to stop after the interrupt", took)
			}
			output := strings.Join(strings.Fields(res.output()), " ")
			for _, want := range []string{"Interrupt received", "Unable to give the agency access to the Page", "POST /v26.0/" + testPageID + "/agencies: context canceled", "The operation was cancelled"} {
				if !strings.Contains(output, want) {
					t.Errorf("output lacks %q:\n%s", want, res.output())
				}
			}
			if n := emu.Calls("POST", graphtest.EndpointAgencies); n != 1 {
				t.Errorf("%d POSTs, want 1", n)
			}
			if _, ok := emu.Agency(testPageID, testBusinessID); ok {
				t.Error("the interrupted create assigned the agency")
			}
			t.Logf("stopped %s after the interrupt", took.Round(time.Millisecond))
		})
	}
}
