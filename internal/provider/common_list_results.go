package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/list"
)

// listAllOrNothing streams the results of a list resource that gathers
// every listing first: gather returns the results, or the one result that
// carries the error. A list that fails part-way sends nothing but the error,
// so `terraform query -generate-config-out` never writes configuration that
// silently misses what the failed listing held. limit is the request's
// Limit (0: none).
func listAllOrNothing(limit int64, gather func() []list.ListResult) func(push func(list.ListResult) bool) {
	return func(push func(list.ListResult) bool) {
		for i, result := range gather() {
			if limit > 0 && int64(i) == limit {
				return
			}
			if !push(result) {
				return
			}
		}
	}
}
