package graph

import "regexp"

// paramRE finds the request parameter Meta names in an invalid-parameter
// message: "(#100) Param business must be a valid ID string", "(#100) The
// parameter user is required", "param recipient must be non-empty". Meta's
// error-handling guide documents code 100 as "Invalid parameter" without a
// structured field for which one
// (https://developers.facebook.com/docs/graph-api/guides/error-handling/),
// so the message is the only place that says.
var paramRE = regexp.MustCompile(`(?i)\b(?:param|parameter)\s+\(?([a-z][a-z0-9_]*)\)?`)

// Param returns the request parameter an invalid-parameter error (code 100)
// names, or "" when the error is of another kind or names none.
func (e *Error) Param() string {
	if e.Code != CodeInvalidParameter {
		return ""
	}
	for _, text := range []string{e.Message, e.UserMsg} {
		if m := paramRE.FindStringSubmatch(text); m != nil {
			return m[1]
		}
	}
	return ""
}
