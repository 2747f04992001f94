package graph

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// profileServer answers /1/messenger_profile with the given bodies, in
// turn, and records each request's method, query and form.
type profileServer struct {
	mu       sync.Mutex
	answers  []string
	requests []string
	forms    []url.Values
}

func (s *profileServer) handler(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/1/messenger_profile") {
			t.Errorf("unexpected path %s", r.URL.Path)
		}
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		s.mu.Lock()
		defer s.mu.Unlock()
		s.requests = append(s.requests, r.Method+" "+r.URL.Query().Get("fields")+" "+r.URL.Query().Get("platform"))
		s.forms = append(s.forms, form)
		answer := `{"result":"success"}`
		if len(s.answers) > 0 {
			answer, s.answers = s.answers[0], s.answers[1:]
		}
		if strings.Contains(answer, `"error"`) {
			w.WriteHeader(http.StatusBadRequest)
		}
		_, _ = io.WriteString(w, answer)
	}
}

func TestReadMessengerProfileShapes(t *testing.T) {
	all := []string{ProfileGetStarted, ProfilePersistentMenu, ProfileIceBreakers, ProfileWhitelistedDomains}
	cases := []struct {
		name, body string
		check      func(t *testing.T, p MessengerProfile)
	}{
		{"one object", `{"data":[{"get_started":{"payload":"GO"},"whitelisted_domains":["https://a.example/"],
			"persistent_menu":[{"locale":"default","composer_input_disabled":false,"call_to_actions":[{"type":"web_url","title":"Shop","url":"https://a.example/s"}]}],
			"ice_breakers":[{"locale":"default","call_to_actions":[{"question":"Q","payload":"P"}]}]}]}`,
			func(t *testing.T, p MessengerProfile) {
				if p.GetStarted.Payload != "GO" || p.WhitelistedDomains[0] != "https://a.example/" || p.PersistentMenu[0].CallToActions[0].URL != "https://a.example/s" ||
					p.IceBreakers[0].CallToActions[0].Question != "Q" {
					t.Fatalf("profile = %+v", p)
				}
			}},
		{"nothing set", `{"data":[]}`, func(t *testing.T, p MessengerProfile) {
			for _, f := range all {
				if p.Has(f) {
					t.Fatalf("%s set in %+v", f, p)
				}
			}
		}},
		{"ice breakers' locale objects as data", `{"data":[{"locale":"default","call_to_actions":[{"question":"Q","payload":"P"}]},{"locale":"en_GB","call_to_actions":[{"question":"R","payload":"S"}]}]}`,
			func(t *testing.T, p MessengerProfile) {
				if len(p.IceBreakers) != 2 || p.IceBreakers[1].Locale != "en_GB" || p.Has(ProfileGetStarted) {
					t.Fatalf("profile = %+v", p)
				}
			}},
		{"ice breakers' older flat format", `{"data":[{"ice_breakers":[{"question":"Q","payload":"P"}]}]}`,
			func(t *testing.T, p MessengerProfile) {
				if len(p.IceBreakers) != 1 || p.IceBreakers[0].Locale != "default" || p.IceBreakers[0].CallToActions[0].Payload != "P" {
					t.Fatalf("profile = %+v", p)
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := &profileServer{answers: []string{tc.body}}
			c, _ := newTestClient(t, s.handler(t))
			p, err := c.ReadMessengerProfile(t.Context(), "1", "INSTAGRAM", all)
			if err != nil {
				t.Fatal(err)
			}
			if s.requests[0] != "GET get_started,persistent_menu,ice_breakers,whitelisted_domains INSTAGRAM" {
				t.Fatalf("request = %q", s.requests[0])
			}
			tc.check(t, p)
		})
	}
}

func TestReadMessengerProfileRefusesMalformedData(t *testing.T) {
	for _, body := range []string{`{"data":{"get_started":{"payload":"GO"}}}`, `{"data":"none"}`, `{}`, `{"data":[{"whitelisted_domains":"https://a.example"}]}`} {
		s := &profileServer{answers: []string{body}}
		c, _ := newTestClient(t, s.handler(t), func(cfg *Config) { cfg.MaxRetries = -1 })
		if p, err := c.ReadMessengerProfile(t.Context(), "1", "MESSENGER", []string{ProfileWhitelistedDomains}); err == nil {
			t.Fatalf("%s: read as %+v, want an error", body, p)
		}
	}
}

func TestSetMessengerProfileOnePost(t *testing.T) {
	s := &profileServer{}
	c, _ := newTestClient(t, s.handler(t))
	err := c.SetMessengerProfile(t.Context(), "1", "MESSENGER", MessengerProfile{
		GetStarted:         &GetStarted{Payload: "GO"},
		WhitelistedDomains: []string{"https://a.example"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.forms) != 1 {
		t.Fatalf("%d calls, want one POST", len(s.forms))
	}
	f := s.forms[0]
	if f.Get("get_started") != `{"payload":"GO"}` || f.Get("whitelisted_domains") != `["https://a.example"]` || f.Get("platform") != "MESSENGER" || f.Has("persistent_menu") {
		t.Fatalf("form = %v", f)
	}
	// Nothing to send: no call.
	if err := c.SetMessengerProfile(t.Context(), "1", "MESSENGER", MessengerProfile{}); err != nil || len(s.forms) != 1 {
		t.Fatalf("empty profile: err %v, %d calls", err, len(s.forms))
	}
	s.answers = []string{`{"result":"maybe"}`}
	if err := c.SetMessengerProfile(t.Context(), "1", "MESSENGER", MessengerProfile{GetStarted: &GetStarted{Payload: "GO"}}); err == nil {
		t.Fatal("an answer without success was taken as done")
	}
}

func TestDeleteMessengerProfileMenuBeforeGetStarted(t *testing.T) {
	s := &profileServer{}
	c, _ := newTestClient(t, s.handler(t))
	if err := c.DeleteMessengerProfile(t.Context(), "1", "MESSENGER", []string{ProfileGetStarted, ProfileWhitelistedDomains, ProfilePersistentMenu}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range s.forms {
		var names []string
		if err := json.Unmarshal([]byte(f.Get("fields")), &names); err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Join(names, ","))
	}
	if strings.Join(got, " then ") != "persistent_menu,whitelisted_domains then get_started" {
		t.Fatalf("DELETEs: %v", got)
	}
	// Without the menu, one DELETE.
	s.forms = nil
	if err := c.DeleteMessengerProfile(t.Context(), "1", "MESSENGER", []string{ProfileGetStarted, ProfileIceBreakers}); err != nil || len(s.forms) != 1 {
		t.Fatalf("err %v, %d calls", err, len(s.forms))
	}
}

func TestDeleteMessengerProfileRefusedButGone(t *testing.T) {
	refusal := `{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100,"fbtrace_id":"T"}}`
	s := &profileServer{answers: []string{refusal, `{"data":[]}`}}
	c, _ := newTestClient(t, s.handler(t))
	if err := c.DeleteMessengerProfile(t.Context(), "1", "MESSENGER", []string{ProfileIceBreakers}); err != nil {
		t.Fatalf("a refused DELETE of a property already gone: %v", err)
	}
	s.answers = []string{refusal, `{"data":[{"ice_breakers":[{"locale":"default","call_to_actions":[{"question":"Q","payload":"P"}]}]}]}`}
	if err := c.DeleteMessengerProfile(t.Context(), "1", "MESSENGER", []string{ProfileIceBreakers}); err == nil || !strings.Contains(err.Error(), "code 100") {
		t.Fatalf("a refused DELETE of a property still set: %v", err)
	}
}
