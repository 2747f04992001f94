package provider

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

// FuzzParseImportID: any string given to terraform import is either
// refused with a message naming the expected form, or split into numeric
// ids that join back to exactly the string given.
func FuzzParseImportID(f *testing.F) {
	f.Fuzz(func(t *testing.T, id string) {
		for _, names := range [][]string{{"page_id", "business_id"}, {"page_id", "user_id", "app_id"}} {
			parts, err := parseImportID(id, names...)
			if err != nil {
				want := "<" + strings.Join(names, ">/<") + ">"
				if parts != nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("parseImportID(%q): %v, %q", id, err, parts)
				}
				if utf8.ValidString(id) && !utf8.ValidString(err.Error()) {
					t.Fatalf("error text is not valid UTF-8: %q", err.Error())
				}
				continue
			}
			if len(parts) != len(names) || strings.Join(parts, "/") != id {
				t.Fatalf("parseImportID(%q) = %q: does not join back", id, parts)
			}
			for _, p := range parts {
				if !validators.IsNumericID(p) {
					t.Fatalf("parseImportID(%q) accepted segment %q", id, p)
				}
			}
			again, err := parseImportID(strings.Join(parts, "/"), names...)
			if err != nil || !slices.Equal(again, parts) {
				t.Fatalf("round trip of %q: %q, %v", id, again, err)
			}
		}
	})
}
