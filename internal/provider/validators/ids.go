package validators

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// numericIDPattern matches Graph object ids (pages, businesses, apps, PSIDs):
// 64-bit numbers, so 20 digits at most; 32 leaves room without letting an
// absurd value through to Meta.
var numericIDPattern = regexp.MustCompile(`^[0-9]{1,32}$`)

// opaqueIDPattern matches ids Meta hands out that are not always numeric
// (PSID, IGSID, live_chat_id, user_ref, comment and post ids): never empty,
// never with spaces, and short (256 is far above any of them).
var opaqueIDPattern = regexp.MustCompile(`^\S{1,256}$`)

// IsNumericID reports whether s is a numeric Graph object id, as NumericID
// accepts it. Import ids use it for each of their segments.
func IsNumericID(s string) bool { return numericIDPattern.MatchString(s) }

// NumericID accepts a numeric Graph object id such as a Page or business id.
func NumericID() validator.String {
	return stringvalidator.RegexMatches(numericIDPattern, "must be a numeric Graph object id of at most 32 digits, such as 100000000000001")
}

// PSID accepts the id of a person in a conversation: a page-scoped id, an
// IGSID or a live_chat_id.
func PSID() validator.String {
	return stringvalidator.RegexMatches(opaqueIDPattern, "must be a non-empty PSID without spaces, at most 256 characters")
}

// OpaqueID accepts ids Meta hands out that are not plain numbers (user_ref,
// comment and post ids, message ids).
func OpaqueID() validator.String {
	return stringvalidator.RegexMatches(opaqueIDPattern, "must be a non-empty id without spaces, at most 256 characters")
}
