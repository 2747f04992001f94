package graphtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func profileURL(f *fx, pairs ...string) string {
	return f.base + "/" + pageA + "/messenger_profile" + q(pairs...)
}

func delForm(t *testing.T, rawURL string, form url.Values, opts ...reqOpt) result {
	t.Helper()
	return do(t, http.MethodDelete, rawURL, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", opts...)
}

const menuJSON = `[{"locale":"default","composer_input_disabled":false,"call_to_actions":[{"type":"postback","title":"Agent","payload":"AGENT"}]}]`

func TestMessengerProfileSetReadDelete(t *testing.T) {
	f := newFx(t, Options{})
	r := postForm(t, profileURL(f), url.Values{
		"get_started":         {`{"payload":"GO"}`},
		"persistent_menu":     {menuJSON},
		"whitelisted_domains": {`["https://shop.example"]`},
		"ice_breakers":        {`[{"locale":"default","call_to_actions":[{"question":"Where?","payload":"WHERE"}]}]`},
	}, withBearer(f.tokA))
	if got := wantOK(t, r)["result"]; got != "success" {
		t.Fatalf("result = %v", got)
	}
	r = get(t, profileURL(f, "fields", "get_started,whitelisted_domains,greeting"), withBearer(f.tokA))
	var answer struct {
		Data []map[string]json.RawMessage `json:"data"`
	}
	wantOK(t, r)
	if err := json.Unmarshal(r.Body, &answer); err != nil || len(answer.Data) != 1 {
		t.Fatalf("answer %s: %v", r.Body, err)
	}
	node := answer.Data[0]
	if _, ok := node["greeting"]; ok || string(node["get_started"]) != `{"payload":"GO"}` || string(node["whitelisted_domains"]) != `["https://shop.example"]` {
		t.Fatalf("answer %s", r.Body)
	}
	// Another platform is another profile.
	r = get(t, profileURL(f, "fields", "get_started", "platform", "INSTAGRAM"), withBearer(f.tokA))
	wantOK(t, r)
	if string(r.Body) != `{"data":[]}` {
		t.Fatalf("instagram answer = %s", r.Body)
	}
	// Removing Get Started while the menu stays is refused, whole.
	r = delForm(t, profileURL(f), url.Values{"fields": {`["ice_breakers","get_started"]`}}, withBearer(f.tokA))
	wantErr(t, r, 400, 100, subcodeMenuNeedsGetStarted)
	if p := f.e.MessengerProfile(pageA, "MESSENGER"); p["ice_breakers"] == "" || p["get_started"] == "" {
		t.Fatalf("a refused DELETE changed the profile: %v", p)
	}
	// In the order Meta accepts, and in the spec's upper case.
	r = delForm(t, profileURL(f), url.Values{"fields": {`["PERSISTENT_MENU","get_started"]`}}, withBearer(f.tokA))
	wantOK(t, r)
	p := f.e.MessengerProfile(pageA, "MESSENGER")
	if _, ok := p["get_started"]; ok || p["whitelisted_domains"] != `["https://shop.example"]` {
		t.Fatalf("profile after delete = %v", p)
	}
}

func TestMessengerProfileRefusals(t *testing.T) {
	f := newFx(t, Options{})
	long := strings.Repeat("x", 31)
	cases := []struct {
		name    string
		form    url.Values
		subcode int
		msg     string
	}{
		{"menu without get started", url.Values{"persistent_menu": {menuJSON}}, subcodeMenuNeedsGetStarted, "persistent_menu"},
		{"plain http domain", url.Values{"whitelisted_domains": {`["http://shop.example"]`}}, 0, "whitelisted_domains[0]"},
		{"title too long", url.Values{"get_started": {`{"payload":"GO"}`}, "persistent_menu": {`[{"locale":"default","call_to_actions":[{"type":"postback","title":"` + long + `","payload":"P"}]}]`}}, 0, "[title]"},
		{"web_url without url", url.Values{"get_started": {`{"payload":"GO"}`}, "persistent_menu": {`[{"locale":"default","call_to_actions":[{"type":"web_url","title":"Shop"}]}]`}}, 0, "[url]"},
		{"no default locale", url.Values{"ice_breakers": {`[{"locale":"en_GB","call_to_actions":[{"question":"Q","payload":"P"}]}]`}}, 0, "locale default"},
		{"five ice breakers", url.Values{"ice_breakers": {`[{"locale":"default","call_to_actions":[` + strings.Repeat(`{"question":"Q","payload":"P"},`, 4) + `{"question":"Q","payload":"P"}]}]`}}, 0, "1 to 4"},
		{"unknown property", url.Values{"colour": {`"red"`}}, 0, "colour"},
		{"bad platform", url.Values{"get_started": {`{"payload":"GO"}`}, "platform": {"messenger"}}, 0, "platform"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := postForm(t, profileURL(f), c.form, withBearer(f.tokA))
			e := wantErr(t, r, 400, 100, c.subcode)
			if !strings.Contains(e.Message, c.msg) {
				t.Fatalf("message %q lacks %q", e.Message, c.msg)
			}
			if p := f.e.MessengerProfile(pageA, "MESSENGER"); len(p) != 0 {
				t.Fatalf("a refused POST stored %v", p)
			}
		})
	}
}

func TestMessengerProfileCallLimit(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := newFx(t, Options{Now: func() time.Time { return now }})
	for i := range profileCallLimit {
		r := get(t, profileURL(f, "fields", "get_started"), withBearer(f.tokA))
		if r.Status != 200 {
			t.Fatalf("call %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	wantErr(t, get(t, profileURL(f, "fields", "get_started"), withBearer(f.tokA)), 400, 613, 0)
	// Per Page: another Page is not limited.
	r := get(t, f.base+"/"+pageB+"/messenger_profile"+q("fields", "get_started"), withBearer(f.tokB))
	wantOK(t, r)
	now = now.Add(profileCallWindow)
	wantOK(t, get(t, profileURL(f, "fields", "get_started"), withBearer(f.tokA)))
}
