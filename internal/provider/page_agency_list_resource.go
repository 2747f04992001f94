package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

var (
	_ list.ListResource              = (*pageAgencyListResource)(nil)
	_ list.ListResourceWithConfigure = (*pageAgencyListResource)(nil)
)

// NewPageAgencyListResource is the facebook_page_agency list resource, for
// `terraform query` (Terraform >= 1.14): every agency of the given Pages,
// as resources to import.
func NewPageAgencyListResource() list.ListResource { return &pageAgencyListResource{} }

type pageAgencyListResource struct{ client *graph.Client }

type pageAgencyListModel struct {
	PageIDs        []string `tfsdk:"page_ids"`
	BusinessIDs    []string `tfsdk:"business_ids"`
	Tasks          []string `tfsdk:"permitted_tasks"`
	AccessStatuses []string `tfsdk:"access_statuses"`
}

func (l *pageAgencyListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_agency"
}

func (l *pageAgencyListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the agency businesses with access to one or several Pages, as `facebook_page_agency` resources to import " +
			"(`terraform query`, Terraform 1.14 and later). One complete listing of `GET /{page-id}/agencies` per Page, shared with " +
			"the `facebook_page_agency` resources and `facebook_page_agencies` data sources of the same run. " +
			"Every listing is taken before any result is sent: when one fails, the query fails whole rather than answering in part. The filters are applied by the " +
			"provider, after the listing; an agency must pass every filter set. Needs the same Page access as `facebook_page_agencies`.",
		Attributes: map[string]schema.Attribute{
			"page_ids": schema.ListAttribute{
				MarkdownDescription: "Numeric ids of the Pages whose agencies to list. Results come Page by Page, in this order, and in the order Meta lists each Page's agencies.",
				ElementType:         types.StringType,
				Required:            true,
				Validators:          requiredIDList(),
			},
			"business_ids": schema.ListAttribute{
				MarkdownDescription: "Only these agency businesses.",
				ElementType:         types.StringType,
				Optional:            true,
				Validators:          optionalIDList(),
			},
			"permitted_tasks": schema.ListAttribute{
				MarkdownDescription: "Only agencies that may perform every one of these tasks (and possibly more): " + backtickList(graph.PageTasks) + ".",
				ElementType:         types.StringType,
				Optional:            true,
				Validators:          taskFilter(),
			},
			"access_statuses": schema.ListAttribute{
				MarkdownDescription: "Only agencies whose access request has one of these statuses, such as `CONFIRMED` or `PENDING`.",
				ElementType:         types.StringType,
				Optional:            true,
				Validators:          []validator.List{validators.NoNullElements(), listvalidator.UniqueValues(), listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
		},
	}
}

func (l *pageAgencyListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.client = toClient(req.ProviderData, &resp.Diagnostics)
}

// List lists every Page before sending any result, as the other list
// resources do. Each Page costs one complete listing, the one the
// resource's Read and the data source use. A Page whose listing fails
// fails the query whole: a partial answer would let -generate-config-out
// write configuration that misses agencies.
func (l *pageAgencyListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listAllOrNothing(ctx, l.client, req, stream, func(ctx context.Context, cfg *pageAgencyListModel) []list.ListResult {
		var results []list.ListResult
		for _, pageID := range cfg.PageIDs {
			agencies, err := l.client.ListAgencies(ctx, pageID)
			if err != nil {
				return []list.ListResult{listFailed("Unable to list the agencies of Page "+pageID, err)}
			}
			for i := range agencies {
				if cfg.matches(&agencies[i]) {
					results = append(results, agencyListResult(ctx, req, pageID, &agencies[i]))
				}
			}
		}
		return results
	})
}

// matches reports whether the agency passes every filter set.
func (m *pageAgencyListModel) matches(a *graph.Agency) bool {
	if len(m.BusinessIDs) > 0 && !slices.Contains(m.BusinessIDs, a.BusinessID) {
		return false
	}
	if len(m.AccessStatuses) > 0 && !slices.Contains(m.AccessStatuses, a.AccessStatus) {
		return false
	}
	// Meta may spell tasks in lower case; the filter's are upper case.
	return hasEveryTask(upperTasks(a.PermittedTasks), m.Tasks)
}

// agencyListResult is one listed agency: its identity and, when Terraform
// asks (include_resource, or -generate-config-out), the resource as a
// refresh of facebook_page_agency would store it.
func agencyListResult(ctx context.Context, req list.ListRequest, pageID string, a *graph.Agency) list.ListResult {
	return pageListResult(ctx, req, pageID, "business "+a.BusinessID, a.Name, pageAgencyIDs, []string{pageID, a.BusinessID},
		func(t timeouts.Value) (any, diag.Diagnostics) {
			m := pageAgencyModel{PageID: types.StringValue(pageID), BusinessID: types.StringValue(a.BusinessID), Timeouts: t}
			_, diags := m.fill(ctx, a)
			return &m, diags
		})
}
