package provider

import (
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// messengerProfileModel is facebook_page_messenger_profile's state. A nil
// property is one the resource does not manage; leaves are framework
// values so that a plan with values known only at apply still decodes.
type messengerProfileModel struct {
	ID                 types.String          `tfsdk:"id"`
	PageID             types.String          `tfsdk:"page_id"`
	Platform           types.String          `tfsdk:"platform"`
	GetStarted         *getStartedModel      `tfsdk:"get_started"`
	PersistentMenu     []persistentMenuModel `tfsdk:"persistent_menu"`
	IceBreakers        []iceBreakersModel    `tfsdk:"ice_breakers"`
	WhitelistedDomains []types.String        `tfsdk:"whitelisted_domains"`
	Timeouts           timeouts.Value        `tfsdk:"timeouts"`
}

type getStartedModel struct {
	Payload types.String `tfsdk:"payload"`
}

type persistentMenuModel struct {
	Locale                types.String    `tfsdk:"locale"`
	ComposerInputDisabled types.Bool      `tfsdk:"composer_input_disabled"`
	CallToActions         []menuItemModel `tfsdk:"call_to_actions"`
}

type menuItemModel struct {
	Type               types.String `tfsdk:"type"`
	Title              types.String `tfsdk:"title"`
	Payload            types.String `tfsdk:"payload"`
	URL                types.String `tfsdk:"url"`
	WebviewHeightRatio types.String `tfsdk:"webview_height_ratio"`
}

type iceBreakersModel struct {
	Locale        types.String      `tfsdk:"locale"`
	CallToActions []iceBreakerModel `tfsdk:"call_to_actions"`
}

type iceBreakerModel struct {
	Question types.String `tfsdk:"question"`
	Payload  types.String `tfsdk:"payload"`
}

func (m *messengerProfileModel) accessTimeouts() timeouts.Value { return m.Timeouts }

// managed names the properties the state holds, in graph.ProfileProperties
// order.
func (m messengerProfileModel) managed() []string {
	p := m.profile()
	var out []string
	for _, name := range graph.ProfileProperties {
		if p.Has(name) {
			out = append(out, name)
		}
	}
	return out
}

// profile is the model in Meta's terms: what a POST sends.
func (m messengerProfileModel) profile() graph.MessengerProfile {
	var p graph.MessengerProfile
	if m.GetStarted != nil {
		p.GetStarted = &graph.GetStarted{Payload: m.GetStarted.Payload.ValueString()}
	}
	if m.PersistentMenu != nil {
		p.PersistentMenu = []graph.PersistentMenu{}
		for _, menu := range m.PersistentMenu {
			out := graph.PersistentMenu{Locale: menu.Locale.ValueString(), ComposerInputDisabled: menu.ComposerInputDisabled.ValueBool()}
			for _, item := range menu.CallToActions {
				out.CallToActions = append(out.CallToActions, graph.MenuItem{
					Type: item.Type.ValueString(), Title: item.Title.ValueString(), URL: item.URL.ValueString(),
					Payload: item.Payload.ValueString(), WebviewHeightRatio: item.WebviewHeightRatio.ValueString(),
				})
			}
			p.PersistentMenu = append(p.PersistentMenu, out)
		}
	}
	if m.IceBreakers != nil {
		p.IceBreakers = []graph.IceBreakers{}
		for _, ib := range m.IceBreakers {
			out := graph.IceBreakers{Locale: ib.Locale.ValueString(), CallToActions: []graph.IceBreaker{}}
			for _, q := range ib.CallToActions {
				out.CallToActions = append(out.CallToActions, graph.IceBreaker{Question: q.Question.ValueString(), Payload: q.Payload.ValueString()})
			}
			p.IceBreakers = append(p.IceBreakers, out)
		}
	}
	if m.WhitelistedDomains != nil {
		p.WhitelistedDomains = []string{}
		for _, d := range m.WhitelistedDomains {
			p.WhitelistedDomains = append(p.WhitelistedDomains, d.ValueString())
		}
		slices.Sort(p.WhitelistedDomains) // a set: what is sent does not depend on its order
	}
	return p
}

// fill sets the properties read (the ones named in read) from Meta's
// answer; one Meta no longer has becomes null, so the plan puts it back.
func (m *messengerProfileModel) fill(p graph.MessengerProfile, read []string) {
	for _, name := range read {
		switch name {
		case graph.ProfileGetStarted:
			m.GetStarted = nil
			if p.GetStarted != nil {
				m.GetStarted = &getStartedModel{Payload: types.StringValue(p.GetStarted.Payload)}
			}
		case graph.ProfilePersistentMenu:
			m.PersistentMenu = nil
			for _, menu := range p.PersistentMenu {
				out := persistentMenuModel{Locale: types.StringValue(menu.Locale), ComposerInputDisabled: types.BoolValue(menu.ComposerInputDisabled)}
				for _, item := range menu.CallToActions {
					out.CallToActions = append(out.CallToActions, menuItemModel{
						Type: types.StringValue(item.Type), Title: types.StringValue(item.Title), URL: optionalString(item.URL),
						Payload: optionalString(item.Payload), WebviewHeightRatio: optionalString(item.WebviewHeightRatio),
					})
				}
				m.PersistentMenu = append(m.PersistentMenu, out)
			}
		case graph.ProfileIceBreakers:
			m.IceBreakers = nil
			for _, ib := range p.IceBreakers {
				out := iceBreakersModel{Locale: types.StringValue(ib.Locale)}
				for _, q := range ib.CallToActions {
					out.CallToActions = append(out.CallToActions, iceBreakerModel{Question: types.StringValue(q.Question), Payload: types.StringValue(q.Payload)})
				}
				m.IceBreakers = append(m.IceBreakers, out)
			}
		case graph.ProfileWhitelistedDomains:
			m.WhitelistedDomains = sameDomains(m.WhitelistedDomains, p.WhitelistedDomains)
		}
	}
}

// sameDomains is Meta's list of domains, each spelled as the state spells
// it when the two differ only by a trailing slash: Meta's reference shows
// "https://facebook.com/" read back, and a slash it adds is no change.
func sameDomains(had []types.String, got []string) []types.String {
	if got == nil {
		return nil
	}
	out := make([]types.String, 0, len(got))
	for _, d := range got {
		spelled := d
		for _, h := range had {
			if strings.TrimSuffix(h.ValueString(), "/") == strings.TrimSuffix(d, "/") {
				spelled = h.ValueString()
				break
			}
		}
		out = append(out, types.StringValue(spelled))
	}
	return out
}
