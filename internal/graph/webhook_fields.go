package graph

import "slices"

// UnknownWebhookFields returns the values of fields that are not in
// PageWebhookFields, in their order.
func UnknownWebhookFields(fields []string) []string {
	var out []string
	for _, f := range fields {
		if !slices.Contains(PageWebhookFields, f) {
			out = append(out, f)
		}
	}
	return out
}
