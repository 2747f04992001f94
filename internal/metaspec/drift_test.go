package metaspec

import (
	"slices"
	"testing"
)

func read(t *testing.T, path string) *Spec {
	t.Helper()
	excerpt, err := Excerpt()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Read(path, excerpt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Between the March 2026 codegen spec and the June 2026 nodejs page.js,
// Meta added two Page tasks (to both task enums) and two webhook fields:
// exactly those, and nothing else, is drift.
func TestDriftNamesTheJune2026Additions(t *testing.T) {
	excerpt, _ := Excerpt()
	got := Drift(read(t, "testdata/codegen-c487af0"), read(t, "testdata/nodejs-5028ac2/page.js"), excerpt)
	want := []string{
		"pageagencies_permitted_tasks_enum_param (PermittedTasks): value added: PROFILE_PLUS_CREATIVE_MANAGEMENT",
		"pageagencies_permitted_tasks_enum_param (PermittedTasks): value added: PROFILE_PLUS_CREATOR_MANAGEMENT",
		"pageassigned_users_tasks_enum_param (Tasks): value added: PROFILE_PLUS_CREATIVE_MANAGEMENT",
		"pageassigned_users_tasks_enum_param (Tasks): value added: PROFILE_PLUS_CREATOR_MANAGEMENT",
		"pagesubscribed_apps_subscribed_fields_enum_param (SubscribedFields): value added: agent_messages",
		"pagesubscribed_apps_subscribed_fields_enum_param (SubscribedFields): value added: agent_questions",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("drift:\n%q\nwant:\n%q", got, want)
	}
}

func TestExcerptIsUpToDateWithTheJune2026PageJS(t *testing.T) {
	excerpt, _ := Excerpt()
	if got := Drift(excerpt, read(t, "testdata/nodejs-5028ac2/page.js"), excerpt); len(got) != 0 {
		t.Fatalf("drift between the excerpt and page.js 5028ac2: %q", got)
	}
	// The codegen copy carries parameters: the excerpt's are March 2026's.
	codegen := read(t, "testdata/codegen-c487af0")
	for _, line := range Drift(excerpt, codegen, excerpt) {
		if !slices.Contains([]string{"PROFILE_PLUS_CREATIVE_MANAGEMENT", "PROFILE_PLUS_CREATOR_MANAGEMENT", "agent_messages", "agent_questions"}, lastWord(line)) {
			t.Errorf("drift between the excerpt and the March 2026 codegen spec beyond the June additions: %s", line)
		}
	}
}

func lastWord(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == ' ' {
			return s[i+1:]
		}
	}
	return s
}

// Every kind of change is reported: a copy with one value, one parameter
// and one edge less than the excerpt.
func TestDriftReportsRemovalsAndParameterChanges(t *testing.T) {
	excerpt, _ := Excerpt()
	changed := &Spec{}
	for _, e := range excerpt.Edges {
		switch e.Key() {
		case "POST /{page-id}/release_thread_control":
			continue // edge gone
		case "POST /{page-id}/agencies":
			e.Params = []Param{{Name: "business", Type: "string", Required: true}, {Name: "new_param", Type: "bool"}}
		}
		changed.Edges = append(changed.Edges, e)
	}
	for _, e := range excerpt.Enums {
		if e.Name == "pageconversations_platform_enum_param" {
			e.Values = []string{"MESSENGER"}
		}
		changed.Enums = append(changed.Enums, e)
	}
	got := Drift(excerpt, changed, excerpt)
	want := []string{
		"POST /{page-id}/agencies: parameter removed: permitted_tasks",
		"POST /{page-id}/agencies: parameter added: new_param bool",
		"edge removed: POST /{page-id}/release_thread_control",
		"pageconversations_platform_enum_param (Platform): value removed: INSTAGRAM",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("drift:\n%q\nwant:\n%q", got, want)
	}
}

func TestExcerptRecordsItsSources(t *testing.T) {
	excerpt, err := Excerpt()
	if err != nil {
		t.Fatal(err)
	}
	if len(excerpt.Sources) != 2 {
		t.Fatalf("sources: %+v", excerpt.Sources)
	}
	for _, s := range excerpt.Sources {
		if s.Repository == "" || len(s.Commit) != 40 || s.Date == "" {
			t.Errorf("source without repository, commit or date: %+v", s)
		}
	}
	tasks, _ := excerpt.EnumValues("pageagencies_permitted_tasks_enum_param")
	fields, _ := excerpt.EnumValues("pagesubscribed_apps_subscribed_fields_enum_param")
	if len(tasks) != 29 || len(fields) != 106 {
		t.Fatalf("%d tasks and %d webhook fields, want 29 and 106", len(tasks), len(fields))
	}
}
