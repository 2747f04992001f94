package validators

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Enum accepts exactly one of values, as Meta spells them. A wrong value is
// refused with the closest valid one ("did you mean ..."), not a list of
// every value.
//
// Values are refused rather than normalised when only their case differs:
// Terraform requires an argument's planned value to equal its configured
// one, so accepting "analyze" would mean storing "analyze" and sending
// "ANALYZE", a difference every later plan would have to hide. A refusal
// that names the right spelling costs one edit and keeps config, plan,
// state and Meta in agreement.
func Enum(values []string) validator.String {
	return enum{values: values}
}

type enum struct{ values []string }

func (v enum) Description(context.Context) string {
	return "must be one of " + strings.Join(quoted(v.values), ", ")
}

func (v enum) MarkdownDescription(context.Context) string {
	return "must be one of `" + strings.Join(v.values, "`, `") + "`"
}

func (v enum) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	for _, want := range v.values {
		if got == want {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid value", refusal(req.Path.String(), got, v.values))
}

// refusal words the error for got: the closest value when one is close,
// otherwise every value.
func refusal(attr, got string, values []string) string {
	if best, ok := Closest(got, values); ok {
		if strings.EqualFold(best, got) {
			return fmt.Sprintf("%s %q is not a valid value: did you mean %q? Values are case-sensitive and spelled as Meta spells them.", attr, got, best)
		}
		return fmt.Sprintf("%s %q is not a valid value: did you mean %q?", attr, got, best)
	}
	return fmt.Sprintf("%s %q is not a valid value: value must be one of %s.", attr, got, strings.Join(quoted(values), ", "))
}

// Closest returns the value nearest to got: one equal but for case, or
// else the one fewest edits away, when it is close enough to be a likely
// typo (at most a third of its length, and at least 1, edits away).
func Closest(got string, values []string) (string, bool) {
	for _, v := range values {
		if strings.EqualFold(v, got) {
			return v, true
		}
	}
	upper := strings.ToUpper(got)
	best, bestDist := "", -1
	for _, v := range values {
		d := editDistance(upper, strings.ToUpper(v))
		if bestDist < 0 || d < bestDist {
			best, bestDist = v, d
		}
	}
	limit := max(1, len([]rune(best))/3)
	return best, bestDist >= 0 && bestDist <= limit
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func quoted(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}
