package validators

import "github.com/hashicorp/terraform-plugin-framework/path"

// Siblings returns path expressions to the named attributes of the object
// at parent, leaving out self: the argument ConflictsWith and friends take.
// Root-based expressions keep the framework's messages readable
// ("recipient.user_ref" rather than "recipient.id.<.user_ref").
func Siblings(parent path.Expression, self string, names ...string) []path.Expression {
	var out []path.Expression
	for _, n := range names {
		if n != self {
			out = append(out, parent.AtName(n))
		}
	}
	return out
}
