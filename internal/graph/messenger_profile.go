package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// The Page's Messenger profile (/{page-id}/messenger_profile): the Get
// Started button, persistent menu, ice breakers and whitelisted domains,
// one profile per platform. Meta's reference:
// https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/
// and, for the parameters and enums, /{page-id}/messenger_profile in the
// SDK spec (facebook/facebook-business-sdk-codegen, api_specs/specs/Page.json).
//
// Meta limits the edge to "10 API calls per 10 minute interval", per Page
// (the reference's "Rate Limit"): callers send one POST for every changed
// property and none when nothing changed.

const edgeMessengerProfile = "messenger_profile"

// The profile properties this client reads and writes, as Meta names them
// in fields, in POST bodies and in DELETE's fields list.
const (
	ProfileGetStarted         = "get_started"
	ProfilePersistentMenu     = "persistent_menu"
	ProfileIceBreakers        = "ice_breakers"
	ProfileWhitelistedDomains = "whitelisted_domains"
)

// ProfileProperties are the properties above, in the order in which they
// are deleted: a persistent menu before the Get Started button it needs.
var ProfileProperties = []string{ProfilePersistentMenu, ProfileIceBreakers, ProfileWhitelistedDomains, ProfileGetStarted}

// ProfilePlatforms is the spec's `platform` enum of the edge, in its case.
var ProfilePlatforms = []string{"MESSENGER", "INSTAGRAM"}

// DefaultProfilePlatform is the platform Meta assumes when none is sent.
const DefaultProfilePlatform = "MESSENGER"

// SubcodeMenuNeedsGetStarted is Meta's refusal of a persistent menu on a
// Page without a Get Started button, which the menu requires
// (https://developers.facebook.com/docs/messenger-platform/send-messages/persistent-menu).
const SubcodeMenuNeedsGetStarted = 2018145

// GetStarted is the get_started property: the postback payload sent when
// someone taps Get Started.
type GetStarted struct {
	Payload string `json:"payload"`
}

// MenuItem is one button of a persistent menu: a postback (payload) or a
// web_url (url) button.
type MenuItem struct {
	Type               string `json:"type"`
	Title              string `json:"title"`
	URL                string `json:"url,omitempty"`
	Payload            string `json:"payload,omitempty"`
	WebviewHeightRatio string `json:"webview_height_ratio,omitempty"`
}

// PersistentMenu is the persistent menu of one locale.
type PersistentMenu struct {
	Locale                string     `json:"locale"`
	ComposerInputDisabled bool       `json:"composer_input_disabled"`
	CallToActions         []MenuItem `json:"call_to_actions,omitempty"`
}

// IceBreaker is one question of the ice breakers.
type IceBreaker struct {
	Question string `json:"question"`
	Payload  string `json:"payload"`
}

// IceBreakers are the ice breakers of one locale, Meta's current
// (locale-based) format
// (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/ice-breakers).
type IceBreakers struct {
	Locale        string       `json:"locale"`
	CallToActions []IceBreaker `json:"call_to_actions"`
}

// MessengerProfile holds the properties of a Page's profile. A nil field
// is a property that is not set (reading) or not sent (writing).
type MessengerProfile struct {
	GetStarted         *GetStarted
	PersistentMenu     []PersistentMenu
	IceBreakers        []IceBreakers
	WhitelistedDomains []string
}

// Has reports whether the property is set.
func (p MessengerProfile) Has(property string) bool {
	switch property {
	case ProfileGetStarted:
		return p.GetStarted != nil
	case ProfilePersistentMenu:
		return p.PersistentMenu != nil
	case ProfileIceBreakers:
		return p.IceBreakers != nil
	case ProfileWhitelistedDomains:
		return p.WhitelistedDomains != nil
	}
	return false
}

// form is the POST body: each property set, as JSON.
func (p MessengerProfile) form() (url.Values, error) {
	form := url.Values{}
	add := func(name string, v any) error {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return err
		}
		form.Set(name, strings.TrimSpace(b.String()))
		return nil
	}
	var err error
	if p.GetStarted != nil {
		err = errors.Join(err, add(ProfileGetStarted, p.GetStarted))
	}
	if p.PersistentMenu != nil {
		err = errors.Join(err, add(ProfilePersistentMenu, p.PersistentMenu))
	}
	if p.IceBreakers != nil {
		err = errors.Join(err, add(ProfileIceBreakers, p.IceBreakers))
	}
	if p.WhitelistedDomains != nil {
		err = errors.Join(err, add(ProfileWhitelistedDomains, p.WhitelistedDomains))
	}
	return form, err
}

// ReadMessengerProfile reads the properties named (a subset of
// ProfileProperties) of the Page's profile on platform, with one GET. A
// property missing from the answer is not set. An answer whose data is
// not a list is an error, never an empty profile.
//
// Meta API docs: https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/
func (c *Client) ReadMessengerProfile(ctx context.Context, pageID, platform string, properties []string) (MessengerProfile, error) {
	var p MessengerProfile
	if len(properties) == 0 {
		return p, nil
	}
	cl, err := c.pageEdgeCall(ctx, "GET", pageID, edgeMessengerProfile, mayResend)
	if err != nil {
		return p, err
	}
	cl.query = url.Values{"fields": {strings.Join(properties, ",")}, "platform": {platform}}
	var answer struct {
		Data *[]map[string]json.RawMessage `json:"data"`
	}
	if err := c.do(ctx, cl, &answer); err != nil {
		return p, err
	}
	if answer.Data == nil {
		return p, errors.New("GET " + c.endpoint(cl.path) + ": Meta's answer has no data list; the profile was not read")
	}
	for _, node := range *answer.Data {
		if err := p.merge(node, properties); err != nil {
			return MessengerProfile{}, fmt.Errorf("GET %s: %w", c.endpoint(cl.path), err)
		}
	}
	return p, nil
}

// merge adds one element of the answer's data. Meta's reference shows
// the properties in one object; its ice breakers page also shows the
// locale objects themselves as the elements of data, and the older format
// (a flat list of questions), so those are read too.
func (p *MessengerProfile) merge(node map[string]json.RawMessage, asked []string) error {
	known := false
	for name, raw := range node {
		if !slices.Contains(asked, name) || string(raw) == "null" {
			continue
		}
		known = true
		var err error
		switch name {
		case ProfileGetStarted:
			p.GetStarted = &GetStarted{}
			err = json.Unmarshal(raw, p.GetStarted)
		case ProfilePersistentMenu:
			err = json.Unmarshal(raw, &p.PersistentMenu)
			if err == nil && p.PersistentMenu == nil {
				p.PersistentMenu = []PersistentMenu{}
			}
		case ProfileIceBreakers:
			var ib []IceBreakers
			ib, err = decodeIceBreakers(raw)
			p.IceBreakers = append(p.IceBreakers, ib...)
		case ProfileWhitelistedDomains:
			err = json.Unmarshal(raw, &p.WhitelistedDomains)
			if err == nil && p.WhitelistedDomains == nil {
				p.WhitelistedDomains = []string{}
			}
		}
		if err != nil {
			return fmt.Errorf("the %s Meta answered is not in the form the reference documents: %w", name, err)
		}
	}
	_, hasLocale := node["locale"]
	_, hasActions := node["call_to_actions"]
	if !known && hasLocale && hasActions && slices.Contains(asked, ProfileIceBreakers) {
		var one IceBreakers
		raw, _ := json.Marshal(node)
		if err := json.Unmarshal(raw, &one); err != nil {
			return fmt.Errorf("the ice_breakers Meta answered are not in the form the reference documents: %w", err)
		}
		p.IceBreakers = append(p.IceBreakers, one)
	}
	return nil
}

// decodeIceBreakers reads ice_breakers in the locale format, or in the
// older flat format as the questions of the default locale.
func decodeIceBreakers(raw json.RawMessage) ([]IceBreakers, error) {
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	out := []IceBreakers{}
	var flat []IceBreaker
	for _, item := range items {
		b, _ := json.Marshal(item)
		if _, ok := item["question"]; ok {
			var q IceBreaker
			if err := json.Unmarshal(b, &q); err != nil {
				return nil, err
			}
			flat = append(flat, q)
			continue
		}
		var one IceBreakers
		if err := json.Unmarshal(b, &one); err != nil {
			return nil, err
		}
		out = append(out, one)
	}
	if flat != nil {
		out = append(out, IceBreakers{Locale: "default", CallToActions: flat})
	}
	return out, nil
}

// SetMessengerProfile sets the properties p holds on the Page's profile on
// platform, in one POST; Meta overwrites only the properties sent. Sending
// the same properties again leaves the same profile, so the call is safe
// to repeat.
//
// Meta API docs: https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/
func (c *Client) SetMessengerProfile(ctx context.Context, pageID, platform string, p MessengerProfile) error {
	form, err := p.form()
	if err != nil {
		return err
	}
	if len(form) == 0 {
		return nil
	}
	cl, err := c.pageEdgeCall(ctx, "POST", pageID, edgeMessengerProfile, mayResend)
	if err != nil {
		return err
	}
	form.Set("platform", platform)
	cl.form = form
	var answer profileAnswer
	if err := c.do(ctx, cl, &answer); err != nil {
		return err
	}
	if !answer.succeeded() {
		return errors.New("POST " + c.endpoint(cl.path) + ": Meta answered without result=success; the profile may not have changed")
	}
	return nil
}

// DeleteMessengerProfile deletes the properties named from the Page's
// profile on platform. When the persistent menu and the Get Started button
// both go, the menu goes first, in a DELETE of its own, since Meta refuses
// to leave a menu without the button. A DELETE that Meta refuses or
// answers without success succeeds only when a read taken after it shows
// every property gone.
//
// Meta API docs: https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/
func (c *Client) DeleteMessengerProfile(ctx context.Context, pageID, platform string, properties []string) error {
	var first, last []string
	for _, name := range ProfileProperties {
		if !slices.Contains(properties, name) {
			continue
		}
		if name == ProfileGetStarted {
			last = append(last, name)
		} else {
			first = append(first, name)
		}
	}
	if !slices.Contains(first, ProfilePersistentMenu) {
		first, last = append(first, last...), nil
	}
	for _, batch := range [][]string{first, last} {
		if len(batch) == 0 {
			continue
		}
		if err := c.deleteProfile(ctx, pageID, platform, batch); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) deleteProfile(ctx context.Context, pageID, platform string, properties []string) error {
	cl, err := c.pageEdgeCall(ctx, "DELETE", pageID, edgeMessengerProfile, mayResend)
	if err != nil {
		return err
	}
	names, _ := json.Marshal(properties)
	cl.form = url.Values{"fields": {string(names)}, "platform": {platform}}
	var answer profileAnswer
	deleteErr := c.do(ctx, cl, &answer)
	if deleteErr == nil && answer.succeeded() {
		return nil
	}
	var ge *Error
	if deleteErr != nil && !errors.As(deleteErr, &ge) {
		return deleteErr
	}
	left, err := c.ReadMessengerProfile(ctx, pageID, platform, properties)
	if err != nil {
		return errors.Join(deleteErr, err)
	}
	var still []string
	for _, name := range properties {
		if left.Has(name) {
			still = append(still, name)
		}
	}
	if len(still) == 0 {
		return nil
	}
	if deleteErr != nil {
		return deleteErr
	}
	return errors.New("DELETE " + c.endpoint(cl.path) + ": Meta answered without result=success and the profile still has " + strings.Join(still, ", "))
}

// profileAnswer is the answer of a POST or DELETE: the reference shows
// {"result": "success"}, its ice breakers page {"success": "true"}.
type profileAnswer struct {
	Result  string          `json:"result"`
	Success json.RawMessage `json:"success"`
}

func (a profileAnswer) succeeded() bool {
	s := strings.Trim(string(a.Success), `"`)
	return a.Result == "success" || s == "true"
}
