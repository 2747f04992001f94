package provider

import (
	"os"
	"runtime/debug"
	"testing"
)

func TestTuneGCLeavesTheUsersSettings(t *testing.T) {
	previous := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(previous) })
	// t.Setenv restores both variables after the test, also once unset.
	t.Setenv("GOGC", "150")
	t.Setenv("GOMEMLIMIT", "1GiB")

	TuneGC()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("with GOGC and GOMEMLIMIT set, TuneGC changed the GC percent to %d", got)
	}

	if err := os.Unsetenv("GOGC"); err != nil {
		t.Fatal(err)
	}
	TuneGC()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("with GOMEMLIMIT set, TuneGC changed the GC percent to %d", got)
	}

	if err := os.Unsetenv("GOMEMLIMIT"); err != nil {
		t.Fatal(err)
	}
	TuneGC()
	if got := debug.SetGCPercent(100); got != providerGCPercent {
		t.Fatalf("TuneGC set the GC percent to %d, want %d", got, providerGCPercent)
	}
}
