package validators

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// PageTask checks one Page task of an agency (permitted_tasks), a person
// (tasks) or a task filter.
func PageTask() validator.String { return OpenEnum("Page tasks", graph.PageTasks, UpperSnake) }

// WebhookField checks one Page webhook field (subscribed_fields).
func WebhookField() validator.String {
	return OpenEnum("webhook fields", graph.PageWebhookFields, LowerSnake)
}

// Forms of the values of Meta's open enums: what a value Meta may add
// looks like, as every value Meta's SDK specification lists does.
var (
	// UpperSnake is the form of Page tasks, such as PROFILE_PLUS_MANAGE.
	UpperSnake = EnumForm{Name: "UPPER_SNAKE", pattern: regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`)}
	// LowerSnake is the form of webhook fields, such as message_reads.
	LowerSnake = EnumForm{Name: "lower_snake", pattern: regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)}
)

// EnumForm is the spelling every value of an open enum shares.
type EnumForm struct {
	Name    string
	pattern *regexp.Regexp
}

// nearMissEdits is how many edits away from a known value a value is taken
// for a typo of it rather than for a value Meta added.
const nearMissEdits = 2

// OpenEnum checks a value of an enum Meta extends over time (Page tasks,
// webhook fields): Meta adds values every few months, and a provider
// release cannot follow at once. So:
//   - a known value passes;
//   - a near miss of a known value (another case, or one or two edits
//     away) is refused with "did you mean", as a typo;
//   - any other value of the enum's form passes with a warning that names
//     it: it is sent to Meta as written, and Meta decides;
//   - a value not of the form is refused.
//
// It needs nothing from Meta, so `terraform validate` runs it too.
func OpenEnum(what string, values []string, form EnumForm) validator.String {
	return openEnum{what: what, values: values, form: form}
}

type openEnum struct {
	what   string
	values []string
	form   EnumForm
}

func (v openEnum) Description(context.Context) string {
	return fmt.Sprintf("one of the %s this provider knows, or another %s value Meta accepts", v.what, v.form.Name)
}

func (v openEnum) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v openEnum) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	if slices.Contains(v.values, got) {
		return
	}
	attr := req.Path.String()
	if best, ok := NearMiss(got, v.values); ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid value", refusal(attr, got, []string{best}))
		return
	}
	if !v.form.pattern.MatchString(got) {
		msg := fmt.Sprintf("%s %q is not a valid value:", attr, got)
		if best, ok := Closest(got, v.values); ok {
			msg = strings.TrimSuffix(refusal(attr, got, []string{best}), " Values are case-sensitive and spelled as Meta spells them.")
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid value", fmt.Sprintf("%s %s are spelled %s, as Meta spells them.", msg, v.what, v.form.Name))
		return
	}
	resp.Diagnostics.AddAttributeWarning(req.Path, "Value this provider does not know",
		fmt.Sprintf("%s %q is not one of the %s this provider knows. Meta adds %s over time, so it is sent to Meta exactly as written "+
			"and Meta will decide: if Meta accepts it, it is kept; if Meta refuses it, the apply fails on this attribute with Meta's message.",
			attr, got, v.what, v.what))
}

// NearMiss returns the known value got is a likely typo of: one equal but
// for case, or one at most nearMissEdits edits away.
func NearMiss(got string, values []string) (string, bool) {
	for _, v := range values {
		if strings.EqualFold(v, got) {
			return v, true
		}
	}
	upper := strings.ToUpper(got)
	best, bestDist := "", nearMissEdits+1
	for _, v := range values {
		if d := editDistance(upper, strings.ToUpper(v)); d < bestDist {
			best, bestDist = v, d
		}
	}
	return best, best != ""
}
