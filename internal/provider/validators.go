package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// requiredWhen is a string validator for an attribute whose presence depends
// on another attribute's value: required when other equals value and, with
// onlyThen, refused otherwise. The framework's AlsoRequires/ConflictsWith
// only look at whether the other attribute is set, not at its value.
type requiredWhen struct {
	other    path.Expression // root or relative to this attribute
	value    string
	onlyThen bool
}

func (v requiredWhen) Description(ctx context.Context) string { return v.MarkdownDescription(ctx) }

func (v requiredWhen) MarkdownDescription(context.Context) string {
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
	switch {
	case equals && req.ConfigValue.IsNull():
		resp.Diagnostics.AddAttributeError(req.Path, "Missing required argument",
			fmt.Sprintf("%s is required when %s is %q.", req.Path, matched[0], v.value))
	case v.onlyThen && !equals && !req.ConfigValue.IsNull():
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute combination",
			fmt.Sprintf("%s can only be set when %s is %q.", req.Path, matched[0], v.value))
	}
}

// jsonObjectValidator accepts a JSON object, such as jsonencode({...}).
func jsonObjectValidator() validator.String {
	const want = "must be a JSON object, for example jsonencode({ url = \"https://...\" })"
	return stringValidatorFunc{
		description: want,
		check: func(s string) error {
			var obj map[string]any
			if err := json.Unmarshal([]byte(s), &obj); err != nil || obj == nil {
				return errors.New(want)
			}
			return nil
		},
	}
}

// opaqueIDValidator accepts ids Meta hands out that are not plain numbers
// (user_ref, comment and post ids, message ids): never empty, never with
// spaces, and short (the same bound as a thread owner's recipient).
func opaqueIDValidator() validator.String {
	return stringvalidator.RegexMatches(recipientID, "must be a non-empty id without spaces, at most 256 characters")
}

// httpURLValidator accepts absolute http(s) URLs.
func httpURLValidator() validator.String {
	return stringValidatorFunc{
		description: "must be an absolute http(s) URL",
		check: func(s string) error {
			u, err := url.Parse(s)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				return fmt.Errorf("%q is not an absolute http(s) URL", s)
			}
			return nil
		},
	}
}

// siblings returns path expressions to the named attributes of the object
// at parent, leaving out self: the argument ConflictsWith and friends take.
// Root-based expressions keep the framework's messages readable
// ("recipient.user_ref" rather than "recipient.id.<.user_ref").
func siblings(parent path.Expression, self string, names ...string) []path.Expression {
	var out []path.Expression
	for _, n := range names {
		if n != self {
			out = append(out, parent.AtName(n))
		}
	}
	return out
}
