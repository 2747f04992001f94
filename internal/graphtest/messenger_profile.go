package graphtest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The emulator's reading of the Messenger Profile API
// (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/)
// and of the SDK spec's /{page-id}/messenger_profile (facebook/facebook-business-sdk-codegen,
// api_specs/specs/Page.json): GET with fields and platform, POST with the
// properties and platform, DELETE with fields (required) and platform.

// EndpointMessengerProfile names the edge in the request log and in
// Fault.Endpoint.
const EndpointMessengerProfile = "/{page-id}/messenger_profile"

// profilePlatforms is the spec's platform enum, in its case.
var profilePlatforms = []string{"MESSENGER", "INSTAGRAM"}

// profileProperties are the properties the emulator stores. The reference
// lists more (greeting, account_linking_url, commands, ...): the emulator
// keeps any of these as posted, and checks the shape of the four the
// provider manages.
var profileProperties = []string{
	"get_started", "persistent_menu", "ice_breakers", "whitelisted_domains",
	"greeting", "account_linking_url", "commands", "description", "title",
}

// Limits from Meta's reference pages, each read independently of the client.
const (
	// "Calls to the Messenger Profile API are limited to 10 API calls per
	// 10 minute interval. This rate limit is enforced per Page."
	// (messenger-profile-api reference, "Rate Limit").
	profileCallLimit  = 10
	profileCallWindow = 10 * time.Minute
	// persistent_menu: "Maximum of 20 items" in call_to_actions; "title ...
	// 30 character limit"; "payload ... 1000 character limit"
	// (https://developers.facebook.com/docs/messenger-platform/send-messages/persistent-menu).
	menuItemsMax      = 20
	menuTitleMax      = 30
	profilePayloadMax = 1000
	// ice_breakers: "A maximum of 4 questions can be set"
	// (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/ice-breakers).
	iceBreakersMax = 4
	// whitelisted_domains: "Up to 50 domains allowed"
	// (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/domain-whitelisting).
	whitelistedDomainsMax = 50
	// subcodeMenuNeedsGetStarted: Meta refuses a persistent menu on a Page
	// without a Get Started button with this subcode.
	subcodeMenuNeedsGetStarted = 2018145
)

// profileState is one Page's Messenger profile on one platform: each
// property as it was posted (decoded JSON).
type profileState map[string]any

// profileLimit is the per-Page call limit in force (SetMessengerProfileLimit).
type profileLimit struct {
	calls  int // 0: Meta's 10; negative: none
	window time.Duration
}

func (e *Emulator) profileLocked(pageID, platform string, create bool) profileState {
	key := pageID + "|" + platform
	p := e.profiles[key]
	if p == nil && create {
		if e.profiles == nil {
			e.profiles = map[string]profileState{}
		}
		p = profileState{}
		e.profiles[key] = p
	}
	return p
}

// handleMessengerProfile serves GET, POST and DELETE
// /{page-id}/messenger_profile. Caller holds e.mu.
func (e *Emulator) handleMessengerProfile(in *incoming, pg *pageState) *response {
	if g := e.countProfileCall(pg.id); g != nil {
		return errResponse(g)
	}
	platform := in.params.Get("platform")
	if platform == "" {
		platform = "MESSENGER"
	}
	if !slices.Contains(profilePlatforms, platform) {
		// assumption: the enum is case-sensitive, as the spec spells it.
		return errResponse(errEnum("platform", profilePlatforms))
	}
	switch in.method {
	case http.MethodGet:
		return e.readProfile(in, pg, platform)
	case http.MethodPost:
		return e.setProfile(in, pg, platform)
	default:
		return e.deleteProfile(in, pg, platform)
	}
}

// countProfileCall applies the per-Page call limit to every call on the
// edge, reads included (the reference does not set reads apart).
// assumption: a call over the limit is answered with code 613, the
// generic "Calls to this api have exceeded the rate limit", and counts.
func (e *Emulator) countProfileCall(pageID string) *GraphError {
	limit := e.profileLimit
	if limit.calls < 0 {
		return nil
	}
	if limit.calls == 0 {
		limit = profileLimit{calls: profileCallLimit, window: profileCallWindow}
	}
	now := e.now()
	if e.profileCalls == nil {
		e.profileCalls = map[string][]time.Time{}
	}
	recent := e.profileCalls[pageID][:0:0]
	for _, t := range e.profileCalls[pageID] {
		if now.Sub(t) < limit.window {
			recent = append(recent, t)
		}
	}
	e.profileCalls[pageID] = append(recent, now)
	if len(recent) >= limit.calls {
		return MetaError(613)
	}
	return nil
}

// readProfile: GET with fields (required: assumption, the reference always
// names them). The answer is {"data": [ {property: value, ...} ]} with
// the properties that are set, and an empty data list when none is.
func (e *Emulator) readProfile(in *incoming, pg *pageState, platform string) *response {
	raw := in.params.Get("fields")
	if raw == "" {
		return errResponse(errRequired("fields"))
	}
	node := map[string]any{}
	p := e.profileLocked(pg.id, platform, false)
	for _, f := range strings.Split(raw, ",") {
		f = strings.TrimSpace(f)
		if !slices.Contains(profileProperties, f) {
			return errResponse(errUnknownField(f, "MessengerProfile"))
		}
		if v, ok := p[f]; ok {
			node[f] = v
		}
	}
	data := []map[string]any{}
	if len(node) > 0 {
		data = append(data, node)
	}
	return okResponse(map[string]any{"data": data})
}

// setProfile: POST. "Only properties set in the request body will be
// overwritten" (reference, Set/Update Properties). The request is checked
// whole before anything is stored.
func (e *Emulator) setProfile(in *incoming, pg *pageState, platform string) *response {
	posted := map[string]any{}
	for name, vals := range in.params {
		if name == "platform" {
			continue
		}
		if !slices.Contains(profileProperties, name) {
			// assumption: an unknown property is refused as Meta refuses
			// unknown parameters elsewhere.
			return errResponse(errParam("Param %s is not a Messenger profile property", name))
		}
		v, err := decodeJSONParam(vals[0])
		if err != nil {
			if name == "account_linking_url" || name == "description" || name == "title" {
				v = vals[0] // plain strings
			} else {
				return errResponse(errParam("Param %s must be valid JSON", name))
			}
		}
		posted[name] = v
	}
	if len(posted) == 0 {
		// assumption: a POST without any property is refused.
		return errResponse(errParam("The parameter fields is required: set at least one Messenger profile property"))
	}
	for _, name := range []string{"get_started", "persistent_menu", "ice_breakers", "whitelisted_domains"} {
		v, ok := posted[name]
		if !ok {
			continue
		}
		if g := checkProfileProperty(name, v); g != nil {
			return errResponse(g)
		}
	}
	p := e.profileLocked(pg.id, platform, true)
	_, hasStart := p["get_started"]
	_, postsStart := posted["get_started"]
	if _, menu := posted["persistent_menu"]; menu && !hasStart && !postsStart {
		return errResponse(errMenuNeedsGetStarted())
	}
	for k, v := range posted {
		p[k] = v
	}
	return okResponse(map[string]any{"result": "success"})
}

// errMenuNeedsGetStarted: the persistent menu "requires" a Get Started
// button (https://developers.facebook.com/docs/messenger-platform/send-messages/persistent-menu,
// Requirements). assumption: the wording; the subcode is the one Meta
// sends for it.
func errMenuNeedsGetStarted() *GraphError {
	g := errParam("Param persistent_menu requires a Get Started button: set get_started first")
	g.Subcode = subcodeMenuNeedsGetStarted
	return g
}

// deleteProfile: DELETE with fields, a JSON array (the reference) or a
// comma-separated list, names in the reference's lower case or the spec's
// upper-case enum. Fields are removed in the order given, and removing
// get_started while a persistent menu remains is refused (the menu needs
// it), leaving everything as it was.
func (e *Emulator) deleteProfile(in *incoming, pg *pageState, platform string) *response {
	raw := in.params.Get("fields")
	if raw == "" {
		return errResponse(errRequired("fields"))
	}
	var names []string
	if v, err := decodeJSONParam(raw); err == nil {
		list, ok := v.([]any)
		if !ok {
			return errResponse(errParam("Param fields must be an array"))
		}
		for _, x := range list {
			s, ok := x.(string)
			if !ok {
				return errResponse(errParam("Param fields must be an array of strings"))
			}
			names = append(names, s)
		}
	} else {
		names = strings.Split(raw, ",")
	}
	p := e.profileLocked(pg.id, platform, true)
	left := profileState{}
	for k, v := range p {
		left[k] = v
	}
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if !slices.Contains(profileProperties, n) {
			return errResponse(errEnum("fields", profileProperties))
		}
		if _, menu := left["persistent_menu"]; n == "get_started" && menu {
			return errResponse(errMenuNeedsGetStarted())
		}
		delete(left, n)
	}
	for k := range p {
		if _, ok := left[k]; !ok {
			delete(p, k)
		}
	}
	return okResponse(map[string]any{"result": "success"})
}

// checkProfileProperty checks one posted property against the rules of its
// reference page, naming the parameter as Meta's code-100 messages do.
func checkProfileProperty(name string, v any) *GraphError {
	switch name {
	case "get_started":
		obj, ok := v.(map[string]any)
		if !ok {
			return errParam("Param get_started must be an object")
		}
		return checkPayload("get_started[payload]", obj["payload"], true)
	case "whitelisted_domains":
		list, ok := v.([]any)
		if !ok {
			return errParam("Param whitelisted_domains must be an array")
		}
		if len(list) > whitelistedDomainsMax {
			return errParam("Param whitelisted_domains must have at most %d domains", whitelistedDomainsMax)
		}
		for i, d := range list {
			s, _ := d.(string)
			u, err := url.Parse(s)
			if err != nil || u.Scheme != "https" || u.Host == "" {
				return errParam("Param whitelisted_domains[%d] must be a valid https URL", i)
			}
		}
	case "persistent_menu":
		return checkLocales(name, v, checkMenu)
	case "ice_breakers":
		return checkLocales(name, v, checkIceBreakers)
	}
	return nil
}

// checkLocales checks a list of per-locale objects, one of which must be
// "default" (persistent menu and ice breakers references both say so).
func checkLocales(name string, v any, each func(at string, obj map[string]any) *GraphError) *GraphError {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return errParam("Param %s must be a non-empty array", name)
	}
	hasDefault := false
	for i, x := range list {
		obj, ok := x.(map[string]any)
		if !ok {
			return errParam("Param %s[%d] must be an object", name, i)
		}
		if _, old := obj["question"]; old && name == "ice_breakers" {
			// The ice breakers' older format: a flat list of questions.
			if g := checkIceBreakers(name, map[string]any{"call_to_actions": list}); g != nil {
				return g
			}
			return nil
		}
		if obj["locale"] == "default" {
			hasDefault = true
		}
		if g := each(fmt.Sprintf("%s[%d]", name, i), obj); g != nil {
			return g
		}
	}
	if !hasDefault {
		return errParam("Param %s must have an entry with locale default", name)
	}
	return nil
}

func checkMenu(at string, obj map[string]any) *GraphError {
	actions, _ := obj["call_to_actions"].([]any)
	if len(actions) > menuItemsMax {
		return errParam("Param %s[call_to_actions] must have at most %d items", at, menuItemsMax)
	}
	for i, a := range actions {
		item, ok := a.(map[string]any)
		here := fmt.Sprintf("%s[call_to_actions][%d]", at, i)
		if !ok {
			return errParam("Param %s must be an object", here)
		}
		title, _ := item["title"].(string)
		if title == "" || utf8.RuneCountInString(title) > menuTitleMax {
			return errParam("Param %s[title] must be 1 to %d characters", here, menuTitleMax)
		}
		switch item["type"] {
		case "postback":
			if g := checkPayload(here+"[payload]", item["payload"], true); g != nil {
				return g
			}
		case "web_url":
			s, _ := item["url"].(string)
			if u, err := url.Parse(s); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
				return errParam("Param %s[url] must be a valid URL", here)
			}
		default:
			return errParam("Param %s[type] must be one of {postback, web_url}", here)
		}
	}
	return nil
}

func checkIceBreakers(at string, obj map[string]any) *GraphError {
	actions, _ := obj["call_to_actions"].([]any)
	if len(actions) == 0 || len(actions) > iceBreakersMax {
		return errParam("Param %s[call_to_actions] must have 1 to %d questions", at, iceBreakersMax)
	}
	for i, a := range actions {
		item, _ := a.(map[string]any)
		if q, _ := item["question"].(string); q == "" {
			return errParam("Param %s[call_to_actions][%d][question] must be non-empty", at, i)
		}
		if g := checkPayload(fmt.Sprintf("%s[call_to_actions][%d][payload]", at, i), item["payload"], true); g != nil {
			return g
		}
	}
	return nil
}

func checkPayload(at string, v any, required bool) *GraphError {
	s, _ := v.(string)
	switch {
	case s == "" && required:
		return errParam("Param %s must be non-empty", at)
	case utf8.RuneCountInString(s) > profilePayloadMax:
		return errParam("Param %s must be at most %d characters", at, profilePayloadMax)
	}
	return nil
}

// SetMessengerProfileLimit sets the per-Page call limit of
// /{page-id}/messenger_profile: calls per window. 0 restores Meta's 10
// calls per 10 minutes; a negative number lifts it, for tests that make
// more calls than that and test something else.
func (e *Emulator) SetMessengerProfileLimit(calls int, window time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.profileLimit = profileLimit{calls: calls, window: window}
}

// SetMessengerProfileProperty sets one property of the Page's profile on
// platform out of band, as someone in Meta Business Suite would; value is
// JSON. Not validated, so tests can plant what the API would refuse.
func (e *Emulator) SetMessengerProfileProperty(pageID, platform, name, valueJSON string) {
	v, err := decodeJSONParam(valueJSON)
	if err != nil {
		panic(fmt.Sprintf("graphtest: SetMessengerProfileProperty: %s is not JSON: %v", name, err))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.mustPageLocked("SetMessengerProfileProperty", pageID)
	e.profileLocked(pageID, platform, true)[name] = v
}

// MessengerProfile returns the Page's profile on platform: each property
// set, as compact JSON.
func (e *Emulator) MessengerProfile(pageID, platform string) map[string]string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[string]string{}
	for k, v := range e.profileLocked(pageID, platform, false) {
		out[k] = compactJSON(v)
	}
	return out
}

// ClearMessengerProfileProperty deletes one property of the Page's profile
// on platform out of band.
func (e *Emulator) ClearMessengerProfileProperty(pageID, platform, name string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.mustPageLocked("ClearMessengerProfileProperty", pageID)
	delete(e.profileLocked(pageID, platform, true), name)
}

// ProfilePlatforms returns the platform values the emulator accepts.
func ProfilePlatforms() []string { return slices.Clone(profilePlatforms) }
