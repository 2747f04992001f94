package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// The task rule of facebook_page_agency. Meta documents a listed agency's
// permitted_tasks only as "the permissions of tasks associated with the
// access request" (https://developers.facebook.com/docs/graph-api/reference/page/agencies/),
// and the same grant comes back spelled in several ways: a role expanded
// into the tasks it implies (a superset), lower case, or no tasks at all
// while the access request is PENDING. The rule:
//   - effective_tasks is Meta's answer, upper-cased (the spelling of
//     pageagencies_permitted_tasks_enum_param in Meta's SDK specification,
//     github.com/facebook/facebook-business-sdk-codegen api_specs/specs/enum_types.json);
//   - a configured task missing from that answer is drift, and replaces the grant;
//   - tasks Meta lists on top of the configured ones are not drift;
//   - no tasks at all while access_status is not CONFIRMED is not drift;
//   - with nothing configured yet (an import), permitted_tasks is Meta's answer.

// agencyTasks is what the task rule makes of one answer from Meta.
type agencyTasks struct {
	effective []string // Meta's answer: upper case, sorted, no duplicates
	missing   []string // configured tasks the answer lacks: drift
	unknown   []string // values of effective this provider does not know
}

// readAgencyTasks applies the rule to the configured tasks (nil on import)
// and Meta's answer about the grant.
func readAgencyTasks(configured, reported []string, status string) agencyTasks {
	r := agencyTasks{effective: upperTasks(reported)}
	r.unknown = graph.UnknownTasks(r.effective)
	if len(r.effective) == 0 && status != graph.AccessConfirmed {
		return r // pending: Meta lists the tasks once a Page admin approves
	}
	for _, t := range configured {
		if !slices.Contains(r.effective, strings.ToUpper(t)) {
			r.missing = append(r.missing, t)
		}
	}
	return r
}

// applyTaskRule applies the rule to a grant's configured tasks attribute
// (permitted_tasks of an agency, tasks of a person) and Meta's answer:
// effective becomes the answer, and configured keeps its tasks unless the
// answer lacks one of them (drift) or none are known yet (an import).
func applyTaskRule(ctx context.Context, configured, effective *types.Set, reported []string, status string) (agencyTasks, diag.Diagnostics) {
	var tasks []string
	var diags diag.Diagnostics
	known := !configured.IsNull() && !configured.IsUnknown()
	if known {
		diags.Append(configured.ElementsAs(ctx, &tasks, false)...)
	}
	rule := readAgencyTasks(tasks, reported, status)
	answer, d := types.SetValueFrom(ctx, types.StringType, rule.effective)
	diags.Append(d...)
	*effective = answer
	if !known || len(rule.missing) > 0 {
		*configured = answer
	}
	return rule, diags
}

// upperTasks is tasks upper-cased, sorted and without duplicates.
func upperTasks(tasks []string) []string {
	out := make([]string, 0, len(tasks))
	for _, t := range tasks {
		out = append(out, strings.ToUpper(t))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// warnAgencyAnswer adds the warnings an answer about a grant calls for:
// tasks this provider does not know, and access that is not CONFIRMED.
func warnAgencyAnswer(diags *diag.Diagnostics, pageID, businessID, status string, tasks agencyTasks) {
	if len(tasks.unknown) > 0 {
		diags.AddWarning("Meta reports agency tasks this provider does not know",
			fmt.Sprintf("Meta lists business %s on Page %s with %s, which this provider version does not know. They are kept in effective_tasks "+
				"(and in permitted_tasks on import); a configuration may list them, and they are sent to Meta as written. "+
				"A newer provider version may know them.", businessID, pageID, backtickList(tasks.unknown)))
	}
	if status != "" && status != graph.AccessConfirmed {
		diags.AddWarning("Agency access is "+status+", not CONFIRMED",
			fmt.Sprintf("Meta reports the access of business %s to Page %s as %s: the agency cannot act on the Page yet. "+
				"Meta grants an agency's claim as PENDING when it was made without the right permission on the Page; "+
				"a Page admin must approve (or deny) the request, in the Page's settings in Meta Business Suite or in Business Manager "+
				"(https://developers.facebook.com/docs/marketing-api/business-manager/asset-management/pages). "+
				"Terraform keeps the grant; access_status shows the change on the next refresh, and no tasks listed while it is pending is not drift.",
				businessID, pageID, status))
	}
}
