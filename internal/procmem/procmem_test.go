package procmem

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"
)

// When run as the child of TestPeakSampler, touch 64 MiB, say so on
// stdout, and hold it until stdin closes.
func TestMain(m *testing.M) {
	if os.Getenv("PROCMEM_TEST_CHILD") == "1" {
		b := make([]byte, 64<<20)
		for i := range b {
			b[i] = 1
		}
		if _, err := os.Stdout.WriteString("touched\n"); err != nil {
			os.Exit(2)
		}
		_, _ = io.Copy(io.Discard, os.Stdin)
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
	hold, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	said, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(said).ReadString('\n')
	if err != nil || line != "touched\n" {
		t.Fatalf("the child said %q (%v), want it touched its memory", line, err)
	}
	peak, processes := s.Stop() // Stop samples once more, while the child holds its memory
	_ = hold.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if peak < 64<<20 {
		t.Errorf("peak %d MiB, want at least the 64 MiB the child touched", peak>>20)
	}
	if processes < 2 {
		t.Errorf("%d processes seen, want the test and its child", processes)
	}
}
