// Package procmem measures the peak resident memory of the processes that
// run one executable, as the kernel reports it in /proc (Linux). The
// benchmark and the tests use it to hold the provider binary, not the
// process that drives Terraform, to its memory targets.
package procmem

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// PeakSampler follows the resident memory of every running process whose
// executable is exe (the provider binary under test; Terraform starts it
// more than once per command) and keeps the largest VmHWM seen. VmHWM is
// the process's own high-water mark, so sampling every interval misses at
// most the growth of a process's last interval before it exits.
type PeakSampler struct {
	exe      string
	interval time.Duration

	stop chan struct{}
	done chan struct{}
	mu   sync.Mutex
	peak int64        // bytes
	seen map[int]bool // provider pids seen
}

// StartPeakSampler samples every interval until Stop.
func StartPeakSampler(exe string, interval time.Duration) *PeakSampler {
	s := &PeakSampler{exe: exe, interval: interval, stop: make(chan struct{}), done: make(chan struct{}), seen: map[int]bool{}}
	go s.run()
	return s
}

func (s *PeakSampler) run() {
	defer close(s.done)
	t := time.NewTicker(s.interval)
	defer t.Stop()
	for {
		s.sample()
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
	}
}

// Stop ends sampling and returns the peak in bytes and how many provider
// processes were seen.
func (s *PeakSampler) Stop() (peak int64, processes int) {
	close(s.stop)
	<-s.done
	s.sample()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak, len(s.seen)
}

// sample looks at every process's executable each time: a process seen
// between Terraform's fork and exec still shows Terraform's, so a
// classification cannot be remembered.
func (s *PeakSampler) sample() {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err != nil || exe != s.exe {
			continue
		}
		hwm := vmHWM(pid)
		s.mu.Lock()
		s.seen[pid] = true
		s.peak = max(s.peak, hwm)
		s.mu.Unlock()
	}
}

// vmHWM reads the peak resident set size of pid, in bytes, 0 if unknown.
func vmHWM(pid int) int64 {
	raw, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status")) //nolint:gosec // G304: a /proc path built from a pid
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(raw)) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
