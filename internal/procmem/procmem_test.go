package procmem

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

// When run as the child of TestPeakSampler, touch 64 MiB and hold it.
func TestMain(m *testing.M) {
	if os.Getenv("PROCMEM_TEST_CHILD") == "1" {
		b := make([]byte, 64<<20)
		for i := range b {
			b[i] = 1
		}
		time.Sleep(500 * time.Millisecond)
		os.Exit(int(b[len(b)-1]) - 1)
	}
	os.Exit(m.Run())
}

// The sampler sees the child that runs the test binary, and its peak
// includes the 64 MiB the child touched; the test process itself, running
// the same executable, counts too, so the process count is at least 2.
func TestPeakSampler(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	s := StartPeakSampler(exe, 10*time.Millisecond)
	cmd := exec.CommandContext(t.Context(), exe, "-test.run=^$") //nolint:gosec // G204: this test's own binary
	cmd.Env = append(os.Environ(), "PROCMEM_TEST_CHILD=1")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	peak, processes := s.Stop()
	if peak < 64<<20 {
		t.Errorf("peak %d MiB, want at least the 64 MiB the child touched", peak>>20)
	}
	if processes < 2 {
		t.Errorf("%d processes seen, want the test and its child", processes)
	}
}
