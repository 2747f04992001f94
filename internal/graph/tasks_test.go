package graph

import (
	"slices"
	"testing"
)

func TestPageTasksAreMetasTwentyNineValues(t *testing.T) {
	if len(PageTasks) != 29 {
		t.Fatalf("PageTasks has %d values, Meta's pageagencies_permitted_tasks_enum_param has 29", len(PageTasks))
	}
	seen := map[string]bool{}
	for _, task := range PageTasks {
		if seen[task] {
			t.Errorf("%s is listed twice", task)
		}
		seen[task] = true
	}
	for _, added := range []string{"GLOBAL_STRUCTURE_MANAGEMENT", "PROFILE_PLUS_GLOBAL_STRUCTURE_MANAGEMENT", "PROFILE_PLUS_CREATIVE_MANAGEMENT", "PROFILE_PLUS_CREATOR_MANAGEMENT"} {
		if !seen[added] {
			t.Errorf("%s is missing", added)
		}
	}
}

func TestUnknownTasksKeepsOrderAndLeavesKnownOut(t *testing.T) {
	got := UnknownTasks([]string{"MANAGE", "FUTURE_TASK", "ADVERTISE", "manage"})
	if want := []string{"FUTURE_TASK", "manage"}; !slices.Equal(got, want) {
		t.Errorf("UnknownTasks = %q, want %q", got, want)
	}
}
