package provider

import (
	"os"
	"strings"
	"testing"
)

// TestCLIReleaseBinaryHasNoBenchSwitch: the benchmark's switches exist only
// in binaries built with the bench tag.
func TestCLIReleaseBinaryHasNoBenchSwitch(t *testing.T) {
	raw, err := os.ReadFile(providerBinary(t))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "FACEBOOK_BENCH_") {
		t.Fatal("the release binary carries a FACEBOOK_BENCH_ switch")
	}
	if !strings.Contains(string(raw), "FACEBOOK_ACCESS_TOKEN") {
		t.Fatal("the binary lacks FACEBOOK_ACCESS_TOKEN: the search proves nothing")
	}
}
