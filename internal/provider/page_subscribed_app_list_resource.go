package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

var (
	_ list.ListResource              = (*pageSubscribedAppListResource)(nil)
	_ list.ListResourceWithConfigure = (*pageSubscribedAppListResource)(nil)
)

// NewPageSubscribedAppListResource is the facebook_page_subscribed_app list
// resource, for `terraform query` (Terraform >= 1.14): the subscriptions of
// the Page tokens' app to the given Pages, as resources to import.
func NewPageSubscribedAppListResource() list.ListResource { return &pageSubscribedAppListResource{} }

type pageSubscribedAppListResource struct{ client *graph.Client }

type pageSubscribedAppListModel struct {
	PageIDs []string `tfsdk:"page_ids"`
}

func (l *pageSubscribedAppListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_subscribed_app"
}

func (l *pageSubscribedAppListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the webhook subscriptions of one or several Pages, as `facebook_page_subscribed_app` resources to import " +
			"(`terraform query`, Terraform 1.14 and later). Only the subscription of the app each Page's access token belongs to is listed: " +
			"that is the only one a `facebook_page_subscribed_app` can manage (Meta subscribes and unsubscribes the token's app), so a Page gives " +
			"at most one result. One complete listing of `GET /{page-id}/subscribed_apps` per Page, shared with the resources and data sources " +
			"of the same run. Every listing is taken before any result is sent: when one fails, the query fails whole rather than answering in part.",
		Attributes: map[string]schema.Attribute{
			"page_ids": schema.ListAttribute{
				MarkdownDescription: "Numeric ids of the Pages whose subscription to list. Results come in this order.",
				ElementType:         types.StringType,
				Required:            true,
				Validators:          requiredIDList(),
			},
		},
	}
}

func (l *pageSubscribedAppListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.client = toClient(req.ProviderData, &resp.Diagnostics)
}

// List lists every Page first, then streams the subscriptions found: all
// of them, or only the error of the first listing that failed.
func (l *pageSubscribedAppListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listAllOrNothing(ctx, l.client, req, stream, func(ctx context.Context, cfg *pageSubscribedAppListModel) []list.ListResult {
		var results []list.ListResult
		for _, pageID := range cfg.PageIDs {
			sub, err := l.tokenAppSubscription(ctx, pageID)
			if err != nil {
				return []list.ListResult{listFailed("Unable to list the subscribed apps of Page "+pageID, err)}
			}
			if sub != nil {
				results = append(results, subscribedAppListResult(ctx, req, pageID, sub))
			}
		}
		return results
	})
}

// tokenAppSubscription is the subscription of the app of the Page's token,
// nil when that app is not subscribed.
func (l *pageSubscribedAppListResource) tokenAppSubscription(ctx context.Context, pageID string) (*graph.SubscribedApp, error) {
	app, err := l.client.TokenApp(ctx, pageID)
	if err != nil {
		return nil, err
	}
	return l.client.FindSubscribedApp(ctx, pageID, app.ID)
}

// subscribedAppListResult is one listed subscription: its identity and,
// when Terraform asks, the resource as a refresh would store it.
func subscribedAppListResult(ctx context.Context, req list.ListRequest, pageID string, a *graph.SubscribedApp) list.ListResult {
	result := pageListResult(ctx, req, pageID, "app "+a.AppID, a.Name, pageSubscribedAppIDs, []string{pageID, a.AppID},
		func(t timeouts.Value) (any, diag.Diagnostics) {
			m := pageSubscribedAppModel{PageID: types.StringValue(pageID), Timeouts: t}
			return &m, m.fill(ctx, a)
		})
	warnUnknownWebhookFields(&result.Diagnostics, pageID, a)
	return result
}
