package validators

import (
	"strings"
	"testing"
)

func TestEnumSuggestsTheClosestValue(t *testing.T) {
	tasks := []string{"MANAGE", "CREATE_CONTENT", "MODERATE", "ANALYZE", "PROFILE_PLUS_ANALYZE"}
	cases := map[string]string{
		"analyze":  `did you mean "ANALYZE"? Values are case-sensitive`,
		"ANALYSE":  `did you mean "ANALYZE"?`,
		"MODERATR": `did you mean "MODERATE"?`,
		"Manage":   `did you mean "MANAGE"?`,
		"DANCE":    `value must be one of "MANAGE", "CREATE_CONTENT"`,
	}
	for in, want := range cases {
		got := validate(t, Enum(tasks), in)
		if !strings.Contains(got, want) {
			t.Errorf("Enum(%q): %q, want it to contain %q", in, got, want)
		}
		if strings.Contains(want, "did you mean") && strings.Contains(got, "CREATE_CONTENT") {
			t.Errorf("Enum(%q) lists every value beside its suggestion: %q", in, got)
		}
	}
	for _, ok := range tasks {
		if got := validate(t, Enum(tasks), ok); got != "" {
			t.Errorf("Enum refused %q: %s", ok, got)
		}
	}
}

func TestEnumSuggestsLowerCaseValuesToo(t *testing.T) {
	folders := []string{"inbox", "other", "page_done", "spam"}
	if got := validate(t, Enum(folders), "INBOX"); !strings.Contains(got, `did you mean "inbox"?`) {
		t.Fatalf("got %q", got)
	}
}
