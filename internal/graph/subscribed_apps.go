package graph

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// SubscribedAppFields are the fields the provider reads from
// /{page-id}/subscribed_apps: the Application's id and name and the
// subscribed_fields the edge adds to each node
// (https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/).
var SubscribedAppFields = []string{"id", "name", "subscribed_fields"}

// SubscribedApp is an app that receives a Page's webhooks, with the Page
// webhook fields it is subscribed to.
type SubscribedApp struct {
	AppID            string   `json:"id"`
	Name             string   `json:"name"`
	SubscribedFields []string `json:"subscribed_fields"`
}

func (a SubscribedApp) clone() SubscribedApp {
	a.SubscribedFields = slices.Clone(a.SubscribedFields)
	return a
}

// App is the app an access token belongs to.
type App struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (c *Client) newSubscribedAppListings() *listings[SubscribedApp] {
	return newGrantListings[SubscribedApp](c, edgeSubscribedApps, SubscribedAppFields, "")
}

// newTokenApps remembers, per Page, the app the Page's token belongs to: a
// one-item listing that no write ever invalidates, shared like the others
// so that N readers of one Page ask Meta once per run.
func (c *Client) newTokenApps() *listings[App] {
	return newListings(func(ctx context.Context, key listingKey, _ *pageClock) ([]App, error) {
		app, err := c.fetchTokenApp(ctx, key.page)
		if err != nil {
			return nil, err
		}
		return []App{app}, nil
	}, func(key listingKey) string {
		return "GET " + c.endpoint("/app")
	}, false)
}

// fetchTokenApp asks which app the Page's token belongs to: GET /app with
// that token answers the token's own app
// (https://developers.facebook.com/docs/graph-api/reference/application/).
func (c *Client) fetchTokenApp(ctx context.Context, pageID string) (App, error) {
	token, err := c.PageToken(ctx, pageID)
	if err != nil {
		return App{}, err
	}
	var app App
	err = c.do(ctx, call{method: "GET", path: "/app", query: url.Values{"fields": {"id,name"}}, token: token, safeToRepeat: true}, &app)
	if err != nil {
		return App{}, err
	}
	if app.ID == "" {
		return App{}, errors.New("GET " + c.endpoint("/app") + ": Meta's answer names no app id")
	}
	return app, nil
}

// TokenApp returns the app the Page's access token belongs to: the app a
// POST to /{page-id}/subscribed_apps subscribes.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/application/
func (c *Client) TokenApp(ctx context.Context, pageID string) (App, error) {
	list, err := c.tokenApps.get(ctx, listingKey{page: pageID})
	if err != nil {
		return App{}, err
	}
	if len(list) != 1 {
		return App{}, fmt.Errorf("the app of Page %s's token was listed %d times", pageID, len(list))
	}
	return list[0], nil
}

// ListSubscribedApps returns every app subscribed to the page's webhooks,
// all pages followed, shared for the run like the other listings.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/
func (c *Client) ListSubscribedApps(ctx context.Context, pageID string) ([]SubscribedApp, error) {
	return grantCopies(ctx, c.subscribedApps, listingKey{page: pageID})
}

// FindSubscribedApp looks the app up in the page's complete listing. It
// returns (nil, nil) only when a complete listing lacks the app.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/
func (c *Client) FindSubscribedApp(ctx context.Context, pageID, appID string) (*SubscribedApp, error) {
	return findGrant(ctx, c.subscribedApps, listingKey{page: pageID}, appID)
}

// ReadBackSubscribedApp is FindSubscribedApp for a caller that has just
// written the app's subscription: its answer comes from a page of the
// listing requested after the write returned, shared with the read-backs
// of the writes made alongside (readBack).
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/
func (c *Client) ReadBackSubscribedApp(ctx context.Context, pageID, appID string) (*SubscribedApp, error) {
	return readBack(ctx, c.subscribedApps, listingKey{page: pageID}, appID)
}

// AwaitSubscribedApp reads fresh listings of the Page's subscribed apps
// until the app is listed and accept takes the entry, within a bounded wait
// (awaitGrant): for a read-back that did not see its write.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/
func (c *Client) AwaitSubscribedApp(ctx context.Context, pageID, appID string, accept func(SubscribedApp) bool) (*SubscribedApp, error) {
	return awaitGrant(ctx, c.subscribedApps, listingKey{page: pageID}, appID, accept)
}

// SubscribeApp subscribes the app of the Page's token to exactly these
// webhook fields (POST /{page-id}/subscribed_apps with subscribed_fields).
// subscribed_fields is required on every POST and the POST sets the app's
// subscription on the Page to that list: a field left out of a later POST
// is no longer subscribed. Meta's reference lists the POST as the way both
// to subscribe and to change the fields
// (https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/,
// https://developers.facebook.com/docs/messenger-platform/webhooks/).
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/
func (c *Client) SubscribeApp(ctx context.Context, pageID, appID string, fields []string) error {
	return c.subscribeApp(ctx, pageID, appID, fields, nil)
}

// CreateSubscribedApp is SubscribeApp for a resource being created: appID,
// the app of the Page's token, must not be subscribed to the Page yet, and
// a POST whose answer was lost is settled by the listing (createGrant). An
// app that is already subscribed is an *ExistingGrantError, since the POST
// would silently replace its fields and a later destroy would unsubscribe
// what Terraform never subscribed.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/
func (c *Client) CreateSubscribedApp(ctx context.Context, pageID, appID string, fields []string) error {
	return createGrant(ctx, c, grantCreate[SubscribedApp]{
		key:     "subscribed_apps/" + pageID + "/" + appID,
		pageID:  pageID,
		who:     "app " + appID,
		what:    "subscribed apps",
		listing: c.edgeListing(pageID, edgeSubscribedApps),
		find:    func() (*SubscribedApp, error) { return c.FindSubscribedApp(ctx, pageID, appID) },
		holds:   func(a *SubscribedApp) []string { return a.SubscribedFields },
		matches: func(a *SubscribedApp) bool { return sameSet(a.SubscribedFields, fields) },
		write:   func(seen *outcome) error { return c.subscribeApp(ctx, pageID, appID, fields, seen) },
	})
}

func (c *Client) subscribeApp(ctx context.Context, pageID, appID string, fields []string, seen *outcome) error {
	form := url.Values{"subscribed_fields": {strings.Join(fields, ",")}}
	return postGrant(ctx, c, c.subscribedApps, pageID, edgeSubscribedApps, appID, form, seen)
}

// UnsubscribeApp removes the subscription of the Page token's app
// (DELETE /{page-id}/subscribed_apps). An app that is already unsubscribed
// counts as removed: when Meta refuses the delete, a complete listing that
// lacks the app settles it.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/
func (c *Client) UnsubscribeApp(ctx context.Context, pageID, appID string) error {
	return removeGrant(ctx, c, c.subscribedApps, listingKey{page: pageID}, edgeSubscribedApps, appID, nil,
		"subscribed app", "the app is still subscribed", map[string]any{"page_id": pageID, "app_id": appID})
}
