package provider

import (
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
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
	// The create waits on the answer itself (slow) or, once the throttle
	// answer is back, on the backoff: the client is in the wait from the
	// moment the POST leaves (slow) or its answer returns (throttled).
	cases := map[string]struct {
		fault       graphtest.Fault
		afterAnswer bool
	}{"slow answer": {slow, false}, "throttle backoff": {throttled, true}}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			emu := newEmulator(t)
			fault := c.fault
			fault.Method, fault.Endpoint = "POST", graphtest.EndpointAgencies
			emu.InjectFault(fault)
			waiting := make(chan struct{})
			var once sync.Once
			tf := newInProcessDir(t, agencyConfig(emu, "ANALYZE"), func(cfg *graph.Config) {
				cfg.RegainUnit = time.Minute
				cfg.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
					create := r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/agencies")
					if create && !c.afterAnswer {
						once.Do(func() { close(waiting) })
					}
					resp, err := http.DefaultTransport.RoundTrip(r)
					if create && c.afterAnswer {
						once.Do(func() { close(waiting) })
					}
					return resp, err
				})
			})

			var interrupted time.Time
			res := tf.runWith(func(cmd *exec.Cmd) {
				select {
				case <-waiting:
				case <-time.After(30 * time.Second):
					t.Error("the create never reached the emulator")
				}
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
