package graph

//go:generate go run ../metaspec/cmd/gen-enums -o enums_gen.go

// Page tasks, webhook fields and conversation platforms are generated from
// the excerpt of Meta's SDK specification (internal/metaspec/page_spec.json):
// see enums_gen.go. Meta adds values over time: the provider sends a
// well-formed value it does not know as written and lets Meta decide, and a
// reader keeps a value Meta reports that is not listed (see UnknownTasks).

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
