package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// diagAdder is the part of diag.Diagnostics helpers need to report through.
type diagAdder interface {
	AddError(summary, detail string)
	AddWarning(summary, detail string)
}

// fill copies what Meta reports about the agency into the model.
func (m *pageAgencyModel) fill(ctx context.Context, a *graph.Agency) diag.Diagnostics {
	m.ID = types.StringValue(m.PageID.ValueString() + "/" + m.BusinessID.ValueString())
	m.BusinessName = types.StringValue(a.Name)
	m.AccessStatus = optionalString(a.AccessStatus)
	m.AccessRequestedTime = optionalString(a.AccessRequestedTime.RFC3339())
	m.AccessUpdatedTime = optionalString(a.AccessUpdatedTime.RFC3339())
	tasks, diags := types.SetValueFrom(ctx, types.StringType, a.PermittedTasks)
	m.PermittedTasks = tasks
	return diags
}

// optionalString maps a field Meta left out to null rather than "".
func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func sameTasks(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

func backtickList(values []string) string {
	return "`" + strings.Join(values, "`, `") + "`"
}
