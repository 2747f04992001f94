package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// validate runs v on s and returns the error details, "" when accepted.
func validate(t *testing.T, v validator.String, s string) string {
	t.Helper()
	return details(v, s, diag.SeverityError)
}

// warnings runs v on s and returns the warning details.
func warnings(v validator.String, s string) string { return details(v, s, diag.SeverityWarning) }

// details runs v on s and returns the details of its diagnostics of one
// severity, joined.
func details(v validator.String, s string, severity diag.Severity) string {
	req := validator.StringRequest{Path: path.Root("arg"), PathExpression: path.MatchRoot("arg"), ConfigValue: types.StringValue(s)}
	var resp validator.StringResponse
	v.ValidateString(context.Background(), req, &resp)
	var out []string
	for _, d := range resp.Diagnostics {
		if d.Severity() == severity {
			out = append(out, d.Detail())
		}
	}
	return strings.Join(out, "; ")
}

func TestStringValidators(t *testing.T) {
	cases := []struct {
		name     string
		v        validator.String
		accepted []string
		refused  []string
	}{
		{"NumericID", NumericID(), []string{"1", "100000000000001", strings.Repeat("9", 32)}, []string{"", "12a", " 1", strings.Repeat("9", 33), "-1"}},
		{"PSID", PSID(), []string{"123", "abc_DEF-1", strings.Repeat("x", 256)}, []string{"", "a b", strings.Repeat("x", 257)}},
		{"OpaqueID", OpaqueID(), []string{"1_2", "aXk9"}, []string{"", "a\tb"}},
		{"SecretLength", SecretLength(), []string{"t", strings.Repeat("t", MaxSecretLength)}, []string{"", strings.Repeat("t", MaxSecretLength+1)}},
		{"APIVersion", APIVersion(), []string{"v19.0", "v24.0"}, []string{"19.0", "v19", "latest"}},
		{"BaseURL", BaseURL(), []string{"https://graph.facebook.com", "http://127.0.0.1:8080"}, []string{"http://graph.facebook.com", "graph.facebook.com"}},
		{"JSONObject", JSONObject(), []string{`{}`, `{"url":"https://x"}`}, []string{`[]`, `null`, `"s"`, `{`}},
		{"HTTPURL", HTTPURL(), []string{"https://example.com/a.png", "http://example.com"}, []string{"example.com", "ftp://example.com", "https://"}},
	}
	for _, c := range cases {
		for _, s := range c.accepted {
			if got := validate(t, c.v, s); got != "" {
				t.Errorf("%s refused %q: %s", c.name, s, got)
			}
		}
		for _, s := range c.refused {
			if got := validate(t, c.v, s); got == "" {
				t.Errorf("%s accepted %q", c.name, s)
			}
		}
	}
}

func TestIsNumericIDAgreesWithNumericID(t *testing.T) {
	for _, s := range []string{"", "0", "12", "1 2", "x", strings.Repeat("1", 32), strings.Repeat("1", 33)} {
		if IsNumericID(s) != (validate(t, NumericID(), s) == "") {
			t.Errorf("IsNumericID(%q) = %v disagrees with NumericID()", s, IsNumericID(s))
		}
	}
}

func TestSiblingsLeavesOutSelf(t *testing.T) {
	got := Siblings(path.MatchRoot("recipient"), "id", "id", "user_ref", "post_id")
	if len(got) != 2 || got[0].String() != "recipient.user_ref" || got[1].String() != "recipient.post_id" {
		t.Fatalf("Siblings = %v", got)
	}
}
