// Command meta-drift prints what Meta changed, for the edges this provider
// calls, between two copies of Meta's definitions: added or removed enum
// values and parameters. Run it as `make meta-drift META=<path>`.
//
//	meta-drift NEW        compare the checked-in excerpt with NEW
//	meta-drift OLD NEW    compare two copies
//
// A copy is either the api_specs/specs directory of
// github.com/facebook/facebook-business-sdk-codegen, or the file
// src/objects/page.js of github.com/facebook/facebook-nodejs-business-sdk,
// which Meta updates first. Nothing is downloaded. It exits 0 when nothing
// changed, 3 when something did.
package main

import (
	"fmt"
	"os"

	"github.com/pageops/terraform-provider-facebook/internal/metaspec"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	excerpt, err := metaspec.Excerpt()
	if err != nil {
		fmt.Fprintln(os.Stderr, "meta-drift:", err)
		return 1
	}
	var old, newer *metaspec.Spec
	switch len(args) {
	case 1:
		old = excerpt
		newer, err = metaspec.Read(args[0], excerpt)
	case 2:
		if old, err = metaspec.Read(args[0], excerpt); err == nil {
			newer, err = metaspec.Read(args[1], excerpt)
		}
	default:
		fmt.Fprintln(os.Stderr, "usage: meta-drift [OLD] NEW  (api_specs/specs directory or src/objects/page.js)")
		return 2
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "meta-drift:", err)
		return 1
	}
	lines := metaspec.Drift(old, newer, excerpt)
	if len(lines) == 0 {
		fmt.Println("no change for the edges this provider calls")
		return 0
	}
	for _, l := range lines {
		fmt.Println(l)
	}
	return 3
}
