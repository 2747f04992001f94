package provider

import (
	"fmt"
	"strings"

	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

// parseImportID splits a composite import id "<a>/<b>/..." into the named
// segments, each a numeric Graph id. Every import goes through here so users
// get the same precise message whichever segment is wrong.
func parseImportID(id string, names ...string) ([]string, error) {
	want := "<" + strings.Join(names, ">/<") + ">"
	parts := strings.Split(id, "/")
	if len(parts) != len(names) {
		return nil, fmt.Errorf("the import id %q must have the form %s (%d segments separated by \"/\"), got %d segment(s)", id, want, len(names), len(parts))
	}
	for i, p := range parts {
		switch {
		case p == "":
			return nil, fmt.Errorf("the import id %q has an empty %s; expected %s", id, names[i], want)
		case !validators.IsNumericID(p):
			return nil, fmt.Errorf("the import id %q has %s %q, which is not a numeric Graph id; expected %s", id, names[i], p, want)
		}
	}
	return parts, nil
}
