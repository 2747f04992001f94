package provider

// What the list resources' configurations share: lists of ids to list or
// keep, and the task filter.

import (
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

// optionalIDList checks a list of numeric Graph ids, each named once.
func optionalIDList() []validator.List {
	return []validator.List{validators.NoNullElements(), listvalidator.UniqueValues(), listvalidator.ValueStringsAre(validators.NumericID())}
}

// requiredIDList checks a list of numeric Graph ids that says what to
// list: at least one, each named once.
func requiredIDList() []validator.List {
	return append([]validator.List{listvalidator.SizeAtLeast(1)}, optionalIDList()...)
}

// taskFilter checks a filter of Page tasks: each a task Meta documents,
// named once.
func taskFilter() []validator.List {
	return []validator.List{validators.NoNullElements(), listvalidator.UniqueValues(), listvalidator.ValueStringsAre(validators.PageTask())}
}

// hasEveryTask reports whether reported holds every task of wanted (and
// possibly more): a task filter keeps an item only then.
func hasEveryTask(reported, wanted []string) bool {
	for _, task := range wanted {
		if !slices.Contains(reported, task) {
			return false
		}
	}
	return true
}
