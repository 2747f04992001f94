package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestNoNullElements(t *testing.T) {
	s := func(v string) attr.Value { return types.StringValue(v) }
	null, unknown := types.StringNull(), types.StringUnknown()
	for _, tc := range []struct {
		name     string
		elements []attr.Value
		want     string // "" for no error
	}{
		{"no null", []attr.Value{s("ANALYZE"), s("MANAGE")}, ""},
		{"unknown element", []attr.Value{s("ANALYZE"), unknown}, ""},
		{"one null", []attr.Value{s("ANALYZE"), null}, "tasks holds a null element"},
		{"only null", []attr.Value{null}, "tasks holds a null element"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := path.Root("tasks")
			set := types.SetValueMust(types.StringType, tc.elements)
			var setResp validator.SetResponse
			NoNullElements().ValidateSet(context.Background(), validator.SetRequest{Path: p, ConfigValue: set}, &setResp)
			list := types.ListValueMust(types.StringType, tc.elements)
			var listResp validator.ListResponse
			NoNullElements().ValidateList(context.Background(), validator.ListRequest{Path: p, ConfigValue: list}, &listResp)
			for kind, diags := range map[string]diag.Diagnostics{"set": setResp.Diagnostics, "list": listResp.Diagnostics} {
				if tc.want == "" {
					if diags.HasError() {
						t.Fatalf("%s: %v", kind, diags)
					}
					continue
				}
				if diags.ErrorsCount() != 1 || !strings.Contains(diags.Errors()[0].Detail(), tc.want) {
					t.Fatalf("%s: want one error saying %q, got %v", kind, tc.want, diags)
				}
				if withPath, ok := diags.Errors()[0].(diag.DiagnosticWithPath); !ok || !withPath.Path().Equal(p) {
					t.Fatalf("%s: the error is not on the attribute: %v", kind, diags)
				}
			}
		})
	}
	// A null or unknown collection is not this validator's to judge.
	var resp validator.ListResponse
	NoNullElements().ValidateList(context.Background(), validator.ListRequest{Path: path.Root("x"), ConfigValue: types.ListNull(types.StringType)}, &resp)
	NoNullElements().ValidateList(context.Background(), validator.ListRequest{Path: path.Root("x"), ConfigValue: types.ListUnknown(types.StringType)}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
}
