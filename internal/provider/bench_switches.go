//go:build bench

package provider

import (
	"os"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// envBenchNaiveListing=1 turns the per-run agencies listing off, so that
// every read lists the Page again: make bench measures the naive behaviour
// with it. It exists only in binaries built with the bench tag, never in a
// release.
const envBenchNaiveListing = "FACEBOOK_BENCH_NAIVE_LISTING"

func applyBenchSwitches(cfg *graph.Config) {
	if os.Getenv(envBenchNaiveListing) == "1" {
		cfg.DisableListingCache()
	}
}
