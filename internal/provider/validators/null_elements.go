package validators

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// NoNullElements refuses a list or set that holds a null element
// (`permitted_tasks = [null]`, often a variable that was never set), at
// plan time and on the attribute. Without it the null passes plan and the
// apply fails with the framework's "Value Conversion Error", a message
// that blames the provider. One validator serves lists and sets, so every
// collection attribute attaches the same check with the same words.
// (setvalidator.NoNullValues and listvalidator.NoNullValues say only
// "This attribute contains a null value.", once per null.)
func NoNullElements() NullElements { return NullElements{} }

// NullElements is the validator NoNullElements returns.
type NullElements struct{}

var (
	_ validator.List = NullElements{}
	_ validator.Set  = NullElements{}
)

func (NullElements) Description(ctx context.Context) string { return "must not hold a null element" }

func (v NullElements) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (NullElements) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if !req.ConfigValue.IsNull() && !req.ConfigValue.IsUnknown() {
		refuseNulls(req.Path, "list", req.ConfigValue.Elements(), &resp.Diagnostics)
	}
}

func (NullElements) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if !req.ConfigValue.IsNull() && !req.ConfigValue.IsUnknown() {
		refuseNulls(req.Path, "set", req.ConfigValue.Elements(), &resp.Diagnostics)
	}
}

// refuseNulls adds one error saying how many elements are null and, for a
// list, where.
func refuseNulls(p path.Path, kind string, elements []attr.Value, diags *diag.Diagnostics) {
	var at []string
	for i, e := range elements {
		if e.IsNull() {
			at = append(at, strconv.Itoa(i))
		}
	}
	what := "a null element"
	if len(at) > 1 {
		what = strconv.Itoa(len(at)) + " null elements"
	}
	switch {
	case len(at) == 0:
		return
	case kind == "list" && len(at) == 1:
		what += " at index " + at[0]
	case kind == "list":
		what += " at indexes " + strings.Join(at, ", ")
	}
	diags.AddAttributeError(p, "Null element in "+p.String(),
		fmt.Sprintf("%s holds %s. Every element of the %s must have a value: remove the null, or, where a value may be null "+
			"(a variable that was not set), leave it out, for example with [for v in var.values : v if v != null].", p, what, kind))
}
