package provider

// Small helpers shared by the provider's types: their models, schemas and
// diagnostics.

import (
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// optionalString maps a field Meta left out to null rather than "".
func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// sameTasks reports whether a and b hold the same tasks, whatever their
// order and repeats.
func sameTasks(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

// backtickList renders allowed values for a MarkdownDescription.
func backtickList(values []string) string {
	return "`" + strings.Join(values, "`, `") + "`"
}
