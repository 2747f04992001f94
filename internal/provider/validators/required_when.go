package validators

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// RequiredWhen makes a string attribute required when the attribute at
// other (root or relative to this one) equals value. The framework's
// AlsoRequires/ConflictsWith only look at whether the other attribute is
// set, not at its value.
func RequiredWhen(other path.Expression, value string) validator.String {
	return requiredWhen{other: other, value: value}
}

// RequiredOnlyWhen is RequiredWhen that also refuses the attribute when
// other holds any other value.
func RequiredOnlyWhen(other path.Expression, value string) validator.String {
	return requiredWhen{other: other, value: value, onlyThen: true}
}

// AllowedOnlyWhen refuses the attribute unless other holds value; it is
// never required.
func AllowedOnlyWhen(other path.Expression, value string) validator.String {
	return requiredWhen{other: other, value: value, onlyThen: true, optional: true}
}

// NotAllowedWhen refuses the attribute when other holds value.
func NotAllowedWhen(other path.Expression, value string) validator.String {
	return requiredWhen{other: other, value: value, forbidden: true}
}

type requiredWhen struct {
	other     path.Expression
	value     string
	onlyThen  bool
	optional  bool // with onlyThen: "only allowed then", never "required"
	forbidden bool // "not allowed then", never "required"
}

func (v requiredWhen) Description(ctx context.Context) string { return v.MarkdownDescription(ctx) }

func (v requiredWhen) MarkdownDescription(context.Context) string {
	if v.forbidden {
		return fmt.Sprintf("not allowed when %s is %q", v.other, v.value)
	}
	if v.optional {
		return fmt.Sprintf("only allowed when %s is %q", v.other, v.value)
	}
	if v.onlyThen {
		return fmt.Sprintf("required when %s is %q, and only allowed then", v.other, v.value)
	}
	return fmt.Sprintf("required when %s is %q", v.other, v.value)
}

func (v requiredWhen) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsUnknown() {
		return
	}
	matched, diags := req.Config.PathMatches(ctx, req.PathExpression.Merge(v.other))
	resp.Diagnostics.Append(diags...)
	if diags.HasError() || len(matched) != 1 {
		return
	}
	var other types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, matched[0], &other)...)
	if resp.Diagnostics.HasError() || other.IsUnknown() {
		return
	}
	equals := other.ValueString() == v.value
	if !equals && strings.EqualFold(other.ValueString(), v.value) {
		// other misspells value ("PASS" for "pass"): its own check says so
		// with a "did you mean"; an error here too would blame this
		// attribute for the other's typo.
		return
	}
	switch {
	case v.forbidden:
		if equals && !req.ConfigValue.IsNull() {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute combination",
				fmt.Sprintf("%s cannot be set when %s is %q.", req.Path, matched[0], v.value))
		}
	case equals && req.ConfigValue.IsNull() && !v.optional:
		resp.Diagnostics.AddAttributeError(req.Path, "Missing required argument",
			fmt.Sprintf("%s is required when %s is %q.", req.Path, matched[0], v.value))
	case v.onlyThen && !equals && !req.ConfigValue.IsNull():
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute combination",
			fmt.Sprintf("%s can only be set when %s is %q.", req.Path, matched[0], v.value))
	}
}
