package graph

import "testing"

func TestErrorParam(t *testing.T) {
	cases := []struct {
		code int
		msg  string
		want string
	}{
		{100, "(#100) Param business must be a valid ID string (e.g., \"123\")", "business"},
		{100, "(#100) The parameter user is required", "user"},
		{100, "(#100) param recipient must be non-empty.", "recipient"},
		{100, "Param business refers to business '1', which does not exist", "business"},
		{100, "(#100) Parameter (subscribed_fields) is not valid", "subscribed_fields"},
		{100, "Unsupported get request. Object with ID '1' does not exist", ""},
		{100, "(#100) No matching user found", ""},
		// Only invalid-parameter errors name the argument to fix.
		{200, "(#200) Param business is not allowed for this token", ""},
	}
	for _, c := range cases {
		got := (&Error{Code: c.code, Message: c.msg}).Param()
		if got != c.want {
			t.Errorf("Param() of %d %q = %q, want %q", c.code, c.msg, got, c.want)
		}
	}
	if got := (&Error{Code: 100, Message: "(#100) Invalid parameter", UserMsg: "The param tasks is not valid."}).Param(); got != "tasks" {
		t.Errorf("Param() from the user message = %q, want tasks", got)
	}
}
