package validators

import (
	"context"
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The size limits Meta documents for the Messenger profile
// (facebook_page_messenger_profile), checked at plan time.
const (
	// MenuItemsMax: a persistent menu's call_to_actions, "Maximum of 20
	// items" (Graph API v8.0 and later)
	// (https://developers.facebook.com/docs/messenger-platform/send-messages/persistent-menu).
	MenuItemsMax = 20
	// MenuTitleMax: a menu item's title, "30 character limit" (same page).
	MenuTitleMax = 30
	// ProfilePayloadMax: a menu item's payload, "1000 character limit"
	// (same page); the Get Started payload has the same limit
	// (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/get-started-button).
	ProfilePayloadMax = 1000
	// IceBreakersMax: "A maximum of 4 questions can be set"
	// (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/ice-breakers).
	IceBreakersMax = 4
	// WhitelistedDomainsMax: "Up to 50 domains allowed"
	// (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/domain-whitelisting).
	WhitelistedDomainsMax = 50
)

// HTTPSURL accepts absolute https URLs: whitelisted domains "must be https"
// (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/domain-whitelisting).
func HTTPSURL() validator.String {
	return StringFunc("must be an absolute https URL, such as https://shop.example", func(s string) error {
		u, err := url.Parse(s)
		switch {
		case err != nil || u.Host == "":
			return fmt.Errorf("%q is not an absolute URL such as https://shop.example", s)
		case u.Scheme != "https":
			return fmt.Errorf("%q uses %s: Meta only whitelists https domains; use https://%s", s, u.Scheme, u.Host)
		}
		return nil
	})
}

// DefaultLocale requires one element of a list of objects to have the
// locale "default": the persistent menu and the ice breakers both need one
// as the fallback for every other locale (their reference pages above).
func DefaultLocale() validator.List { return defaultLocale{} }

type defaultLocale struct{}

func (defaultLocale) Description(context.Context) string {
	return `must have an entry with locale = "default"`
}
func (v defaultLocale) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (defaultLocale) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, el := range req.ConfigValue.Elements() {
		obj, ok := el.(types.Object)
		if !ok || obj.IsUnknown() {
			return
		}
		locale, ok := obj.Attributes()["locale"].(types.String)
		if !ok || locale.IsUnknown() {
			return // decided once the locale is known
		}
		if locale.ValueString() == "default" {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Missing default locale",
		fmt.Sprintf(`%s needs an entry with locale = "default": Meta shows it to everyone whose locale has no entry of its own, and refuses the list without it.`, req.Path))
}
