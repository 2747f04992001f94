package validators

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// MinTimeout is the shortest operation time limit accepted in a timeouts
// block: below it (0s, negative values, 1ns) an operation could only ever
// end in "context deadline exceeded", so the value is refused at plan time.
const MinTimeout = time.Second

// Timeout refuses a timeouts value shorter than MinTimeout, naming the
// attribute (Terraform points at the whole timeouts block). Values that are
// not durations at all are left to the timeouts module's own check.
func Timeout() validator.String { return timeout{} }

type timeout struct{}

func (timeout) Description(context.Context) string {
	return fmt.Sprintf("must be a duration of at least %s", MinTimeout)
}
func (v timeout) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (timeout) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if d, err := time.ParseDuration(s); err != nil || d >= MinTimeout {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
		fmt.Sprintf("%s = %q is shorter than %s: an operation given so little time can only fail with \"context deadline exceeded\". Leave it out for the default, or give a longer duration such as \"30s\" or \"10m\".", req.Path, s, MinTimeout))
}
