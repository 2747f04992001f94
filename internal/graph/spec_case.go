package graph

import "strings"

// SpecCase returns value spelled as in enum, Meta's SDK specification,
// when it matches one of its values but for case; else value unchanged.
// The provider accepts some enums in either case because Meta's guides and
// its reference spell them differently (platform: `instagram` in the
// Messenger guides, INSTAGRAM in the spec); what is sent is the spec's.
func SpecCase(value string, enum []string) string {
	for _, v := range enum {
		if strings.EqualFold(v, value) {
			return v
		}
	}
	return value
}
