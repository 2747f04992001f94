package graph

// PageTasks are the task values a Page grants to an agency business
// (POST /{page-id}/agencies, permitted_tasks) and to a person
// (POST /{page-id}/assigned_users, tasks): the same 27 values in both places,
// as Meta's SDK specification lists them in `pageagencies_permitted_tasks_enum_param`
// and `pageassigned_users_tasks_enum_param`
// (github.com/facebook/facebook-business-sdk-codegen, api_specs/specs/enum_types.json).
// GLOBAL_STRUCTURE_MANAGEMENT and PROFILE_PLUS_GLOBAL_STRUCTURE_MANAGEMENT
// were added in 2025. Meta may report values that are not listed here; a
// reader keeps them (see UnknownTasks).
var PageTasks = []string{
	"MANAGE", "CREATE_CONTENT", "MODERATE", "MESSAGING", "ADVERTISE", "ANALYZE",
	"MODERATE_COMMUNITY", "MANAGE_JOBS", "PAGES_MESSAGING", "PAGES_MESSAGING_SUBSCRIPTIONS",
	"READ_PAGE_MAILBOXES", "VIEW_MONETIZATION_INSIGHTS", "MANAGE_LEADS",
	"PROFILE_PLUS_FULL_CONTROL", "PROFILE_PLUS_MANAGE", "PROFILE_PLUS_FACEBOOK_ACCESS",
	"PROFILE_PLUS_CREATE_CONTENT", "PROFILE_PLUS_MODERATE", "PROFILE_PLUS_MODERATE_DELEGATE_COMMUNITY",
	"PROFILE_PLUS_MESSAGING", "PROFILE_PLUS_ADVERTISE", "PROFILE_PLUS_ANALYZE", "PROFILE_PLUS_REVENUE",
	"PROFILE_PLUS_MANAGE_LEADS", "CASHIER_ROLE",
	"GLOBAL_STRUCTURE_MANAGEMENT", "PROFILE_PLUS_GLOBAL_STRUCTURE_MANAGEMENT",
}

// UnknownTasks returns the values of tasks that are not in PageTasks, in
// their order, compared as Meta spells them (upper case).
func UnknownTasks(tasks []string) []string {
	var out []string
	for _, t := range tasks {
		if !isPageTask(t) {
			out = append(out, t)
		}
	}
	return out
}

func isPageTask(t string) bool {
	for _, known := range PageTasks {
		if known == t {
			return true
		}
	}
	return false
}
