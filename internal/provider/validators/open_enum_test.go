package validators

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

func TestOpenEnumAcceptsWellFormedUnknownValuesWithAWarning(t *testing.T) {
	tasks := OpenEnum("Page tasks", []string{"MANAGE", "ANALYZE", "MODERATE", "PROFILE_PLUS_MANAGE"}, UpperSnake)
	fields := OpenEnum("webhook fields", []string{"messages", "message_reads", "feed"}, LowerSnake)
	for _, tc := range []struct {
		v       validator.String
		in      string
		refused string // "" when accepted
		warned  bool
	}{
		{tasks, "MANAGE", "", false},
		{tasks, "PROFILE_PLUS_CREATIVE_MANAGEMENT", "", true},
		{tasks, "ANALYSE", `did you mean "ANALYZE"?`, false},
		{tasks, "analyze", `did you mean "ANALYZE"? Values are case-sensitive`, false},
		{tasks, "MANAGEXX", `did you mean "MANAGE"?`, false},
		{tasks, "MANAGEXXX", "", true}, // three edits: a value of its own
		{tasks, "profile_plus_brand_new", "spelled UPPER_SNAKE", false},
		{tasks, "Brand New", "spelled UPPER_SNAKE", false},
		{fields, "agent_messages", "", true},
		{fields, "message_read", `did you mean "message_reads"?`, false},
		{fields, "Messages", `did you mean "messages"?`, false},
		{fields, "Agent-Messages", "spelled lower_snake", false},
	} {
		got := validate(t, tc.v, tc.in)
		switch {
		case tc.refused == "" && got != "":
			t.Errorf("%q refused: %s", tc.in, got)
		case !strings.Contains(got, tc.refused):
			t.Errorf("%q: %q, want it to contain %q", tc.in, got, tc.refused)
		}
		w := warnings(tc.v, tc.in)
		if tc.warned != (w != "") {
			t.Errorf("%q: warning %q, want one: %v", tc.in, w, tc.warned)
		}
		if tc.warned && (!strings.Contains(w, `"`+tc.in+`"`) || !strings.Contains(w, "Meta will decide")) {
			t.Errorf("%q: warning %q does not name the value and say Meta will decide", tc.in, w)
		}
	}
}
