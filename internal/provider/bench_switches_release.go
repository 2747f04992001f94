//go:build !bench

package provider

import "github.com/pageops/terraform-provider-facebook/internal/graph"

// applyBenchSwitches does nothing in a release build: the benchmark's
// switches (bench_switches.go) need the bench build tag.
func applyBenchSwitches(*graph.Config) {}
