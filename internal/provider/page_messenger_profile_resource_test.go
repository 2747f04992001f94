package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

const profileAddr = "facebook_page_messenger_profile.test"

// The properties of the test profile, as the configuration writes them
// and as Meta's side stores them (compact JSON).
const (
	profileGetStarted = `get_started = { payload = "GET_STARTED" }`
	profileMenu       = `persistent_menu = [{
    locale                  = "default"
    composer_input_disabled = false
    call_to_actions = [
      { type = "postback", title = "Talk to an agent", payload = "AGENT" },
      { type = "web_url", title = "Shop", url = "https://shop.example/shop" },
    ]
  }]`
	profileIceBreakers = `ice_breakers = [{
    locale          = "default"
    call_to_actions = [{ question = "Where is my order?", payload = "ORDER" }]
  }]`
	profileDomains = `whitelisted_domains = ["https://shop.example"]`

	metaGetStarted  = `{"payload":"GET_STARTED"}`
	metaMenu        = `[{"call_to_actions":[{"payload":"AGENT","title":"Talk to an agent","type":"postback"},{"title":"Shop","type":"web_url","url":"https://shop.example/shop"}],"composer_input_disabled":false,"locale":"default"}]`
	metaIceBreakers = `[{"call_to_actions":[{"payload":"ORDER","question":"Where is my order?"}],"locale":"default"}]`
	metaDomains     = `["https://shop.example"]`
	// A greeting set in Meta Business Suite: never named by the
	// configuration, so never touched.
	metaGreeting = `[{"locale":"default","text":"Hello!"}]`
)

// profileBlock declares the test profile with the given properties.
func profileBlock(properties ...string) string {
	return fmt.Sprintf(`
resource "facebook_page_messenger_profile" "test" {
  page_id = %q
  %s
}
`, testPageID, strings.Join(properties, "\n  "))
}

// profileConfig is profileBlock against emu.
func profileConfig(emu *graphtest.Emulator, properties ...string) string {
	return providerBlock(emu) + profileBlock(properties...)
}

// profileEmulator is newEmulator with a greeting on the test Page's profile
// that no configuration names. The per-Page call limit is lifted: these
// tests make more than Meta's 10 calls in 10 minutes (the limit's own test
// is in graphtest), and count their calls instead.
func profileEmulator(t *testing.T) *graphtest.Emulator {
	emu := newEmulator(t)
	emu.SetMessengerProfileLimit(-1, 0)
	emu.SetMessengerProfileProperty(testPageID, graph.DefaultProfilePlatform, "greeting", metaGreeting)
	return emu
}

// profileHolds checks Meta's side: exactly these properties, as compact
// JSON, the greeting included.
func profileHolds(emu *graphtest.Emulator, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := emu.MessengerProfile(testPageID, graph.DefaultProfilePlatform)
		want["greeting"] = metaGreeting
		for k, v := range want {
			if got[k] != v {
				return fmt.Errorf("Meta's %s = %s, want %s", k, got[k], v)
			}
		}
		if len(got) != len(want) {
			return fmt.Errorf("Meta's profile = %v, want only %v", got, want)
		}
		return nil
	}
}

// profileWrites checks the writes the step sent (the log reset before it):
// posted lists, per POST, the properties it carried.
func profileWrites(emu *graphtest.Emulator, posted []string, deletes int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var got []string
		for _, r := range emu.Requests() {
			if r.Endpoint == graphtest.EndpointMessengerProfile && r.Method == "POST" {
				var names []string
				for k := range r.Params {
					if k != "platform" {
						names = append(names, k)
					}
				}
				slices.Sort(names)
				got = append(got, strings.Join(names, ","))
			}
		}
		if !slices.Equal(got, posted) {
			return fmt.Errorf("POSTs carried %q, want %q", got, posted)
		}
		if d := emu.Calls("DELETE", graphtest.EndpointMessengerProfile); d != deletes {
			return fmt.Errorf("%d DELETEs, want %d", d, deletes)
		}
		return nil
	}
}

func TestCLIPageMessengerProfile_lifecycle(t *testing.T) {
	emu := profileEmulator(t)
	all := profileConfig(emu, profileGetStarted, profileMenu, profileIceBreakers, profileDomains)
	noIceBreakers := profileConfig(emu, profileGetStarted, profileMenu, profileDomains)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	id := testPageID + "/MESSENGER"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		CheckDestroy:             profileHolds(emu, map[string]string{}),
		Steps: slices.Concat([]resource.TestStep{
			{
				// Apply sets all four properties in one POST.
				PreConfig: emu.ResetLog,
				Config:    all,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(profileAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("platform"), knownvalue.StringExact("MESSENGER")),
					statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("whitelisted_domains"), stringSet("https://shop.example")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					profileHolds(emu, map[string]string{"get_started": metaGetStarted, "persistent_menu": metaMenu, "ice_breakers": metaIceBreakers, "whitelisted_domains": metaDomains}),
					profileWrites(emu, []string{"get_started,ice_breakers,persistent_menu,whitelisted_domains"}, 0),
				),
			},
			// The next plan is empty, and a plan makes no write.
			{
				PreConfig:        emu.ResetLog,
				Config:           all,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            profileWrites(emu, nil, 0),
			},
			// A domain changed out of band is drift: updated in place, with
			// one POST of that property alone.
			{
				PreConfig: func() {
					emu.SetMessengerProfileProperty(testPageID, "MESSENGER", "whitelisted_domains", `["https://elsewhere.example"]`)
					emu.ResetLog()
				},
				Config: all,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(profileAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(profileAddr, tfjsonpath.New("id"))},
				Check: resource.ComposeAggregateTestCheckFunc(
					profileHolds(emu, map[string]string{"get_started": metaGetStarted, "persistent_menu": metaMenu, "ice_breakers": metaIceBreakers, "whitelisted_domains": metaDomains}),
					profileWrites(emu, []string{"whitelisted_domains"}, 0),
				),
			},
			// Dropping ice_breakers deletes them, in place, and posts nothing.
			{
				PreConfig: emu.ResetLog,
				Config:    noIceBreakers,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(profileAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(profileAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("ice_breakers"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					profileHolds(emu, map[string]string{"get_started": metaGetStarted, "persistent_menu": metaMenu, "whitelisted_domains": metaDomains}),
					profileWrites(emu, nil, 1),
				),
			},
			emptyPlanStep(noIceBreakers),
		}, importSteps(profileAddr, testPageID), importSteps(profileAddr, id)),
	})
}

// A property Meta no longer has is drift too: the plan puts it back.
func TestCLIPageMessengerProfile_propertyRemovedElsewhere(t *testing.T) {
	emu := profileEmulator(t)
	config := profileConfig(emu, profileGetStarted, profileIceBreakers)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					emu.ClearMessengerProfileProperty(testPageID, "MESSENGER", "ice_breakers")
					emu.ResetLog()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(profileAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					profileHolds(emu, map[string]string{"get_started": metaGetStarted, "ice_breakers": metaIceBreakers}),
					profileWrites(emu, []string{"ice_breakers"}, 0),
				),
			},
		},
	})
}

// Meta's rules, refused at plan on the attribute, with no call to the
// profile at all.
func TestCLIPageMessengerProfile_refusedAtPlan(t *testing.T) {
	emu := profileEmulator(t)
	item := func(fields string) string {
		return `get_started = { payload = "GO" }
  persistent_menu = [{ locale = "default", call_to_actions = [{ ` + fields + ` }] }]`
	}
	cases := []struct {
		name, property string
		want           *regexp.Regexp
	}{
		{"plain http domain", `whitelisted_domains = ["http://shop.example"]`, wrappedSequence("whitelisted_domains", "uses http: Meta only whitelists https domains")},
		{"menu without get started", profileMenu, wrappedSequence("persistent_menu", `"get_started" must be specified`)},
		{"web_url without url", item(`type = "web_url", title = "Shop"`), wrappedSequence("persistent_menu[0].call_to_actions[0].url is required when", `"web_url"`)},
		{"postback without payload", item(`type = "postback", title = "Agent"`), wrappedSequence("persistent_menu[0].call_to_actions[0].payload is required when", `"postback"`)},
		{"title over 30 characters", item(`type = "postback", title = "` + strings.Repeat("t", 31) + `", payload = "P"`), wrappedSequence("call_to_actions[0].title", "length must be between 1 and 30")},
		{"payload over 1000 characters", `get_started = { payload = "` + strings.Repeat("p", 1001) + `" }`, wrappedSequence("get_started.payload", "length must be between 1 and 1000")},
		{"21 menu items", `get_started = { payload = "GO" }
  persistent_menu = [{ locale = "default", call_to_actions = [` + strings.Repeat(`{ type = "postback", title = "T", payload = "P" },`, 21) + `] }]`, wrappedSequence("persistent_menu[0].call_to_actions", "must contain at least 1 elements and at most 20")},
		{"5 ice breakers", `ice_breakers = [{ locale = "default", call_to_actions = [` + strings.Repeat(`{ question = "Q", payload = "P" },`, 5) + `] }]`, wrappedSequence("ice_breakers[0].call_to_actions", "at most 4")},
		{"no default locale", `ice_breakers = [{ locale = "en_GB", call_to_actions = [{ question = "Q", payload = "P" }] }]`, wrappedSequence("ice_breakers", `locale = "default"`)},
		{"lower-case platform", `platform = "messenger"
  ` + profileDomains, wrappedSequence("platform", "MESSENGER")},
		{"no property", ``, wrappedSequence("At least one of these attributes must be configured")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			emu.ResetLog()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: providerFactories(),
				Steps:                    []resource.TestStep{{Config: profileConfig(emu, c.property), PlanOnly: true, ExpectError: c.want}},
			})
			if n := emu.Calls("", graphtest.EndpointMessengerProfile); n != 0 {
				t.Fatalf("%d calls to the profile for a configuration refused at plan", n)
			}
		})
	}
	if got := emu.MessengerProfile(testPageID, "MESSENGER"); len(got) != 1 {
		t.Fatalf("Meta's profile changed: %v", got)
	}
}

// Meta's refusal of a menu without Get Started (say the button was
// removed between plan and apply): the error is on persistent_menu,
// with Meta's code and subcode and words on what to do.
func TestCLIPageMessengerProfile_metaRefusalOnTheAttribute(t *testing.T) {
	emu := profileEmulator(t)
	emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: graphtest.EndpointMessengerProfile, Error: &graphtest.GraphError{
		Message: "(#100) Get started button must be set before setting persistent menu.", Type: "OAuthException", Code: 100, Subcode: graph.SubcodeMenuNeedsGetStarted,
	}})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: profileConfig(emu, profileGetStarted, profileMenu),
			ExpectError: wrappedSequence("Unable to set the Page's Messenger profile", "with facebook_page_messenger_profile.test",
				"persistent_menu", "code 100, subcode 2018145", "Meta keeps a persistent menu only on a profile with a Get Started button"),
		}},
	})
}

// Hostile answers to the refresh: a data that is not a list, and a Page
// token echoed in a property. Each is a clear error, the state keeps the
// profile, the token shows nowhere, and once Meta behaves the plan is
// empty.
func TestCLIPageMessengerProfile_hostileAnswersKeepState(t *testing.T) {
	emu := profileEmulator(t)
	config := profileConfig(emu, profileGetStarted, profileDomains)
	pageToken := emu.PageToken(testPageID)
	steps := []resource.TestStep{{Config: config}}
	for _, h := range []struct{ name, body, want string }{
		{"data an object", `{"data":{"get_started":{"payload":"GET_STARTED"}}}`, "the answer is not in the form this endpoint returns"},
		{"no data", `{"result":"success"}`, "no data list"},
		{"token echoed", `{"data":[{"get_started":{"payload":"{page-token}"},"whitelisted_domains":["https://shop.example"]}]}`,
			"holds one of the credentials this provider sends, in data[0].get_started.payload"},
	} {
		steps = append(steps, resource.TestStep{
			PreConfig: func() {
				emu.ClearFaults()
				emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointMessengerProfile, Status: 200, Body: h.body})
			},
			Config:      config,
			ExpectError: wrappedSequence("Unable to read the Page's Messenger profile", "GET /"+graph.DefaultAPIVersion+"/"+testPageID+"/messenger_profile", h.want),
		})
	}
	steps = append(steps, resource.TestStep{
		PreConfig:        emu.ClearFaults,
		Config:           config,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("get_started").AtMapKey("payload"), knownvalue.StringExact("GET_STARTED")),
		},
		Check: func(s *terraform.State) error {
			if strings.Contains(fmt.Sprint(s.RootModule().Resources), pageToken) {
				return fmt.Errorf("the state holds the Page token")
			}
			return nil
		},
	})
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: providerFactories(), Steps: steps})
}

// Ice breakers set elsewhere, which the configuration never names, survive
// create, update and destroy; destroy leaves only them (and the greeting).
func TestCLIPageMessengerProfile_unnamedPropertySurvives(t *testing.T) {
	emu := profileEmulator(t)
	emu.SetMessengerProfileProperty(testPageID, "MESSENGER", "ice_breakers", metaIceBreakers)
	others := map[string]string{"ice_breakers": metaIceBreakers}
	with := func(more map[string]string) map[string]string {
		out := map[string]string{"ice_breakers": metaIceBreakers}
		for k, v := range more {
			out[k] = v
		}
		return out
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		CheckDestroy:             profileHolds(emu, others),
		Steps: []resource.TestStep{
			{
				Config: profileConfig(emu, profileGetStarted, profileDomains),
				Check:  profileHolds(emu, with(map[string]string{"get_started": metaGetStarted, "whitelisted_domains": metaDomains})),
			},
			{
				Config: profileConfig(emu, profileGetStarted, `whitelisted_domains = ["https://shop.example", "https://help.example"]`),
				Check: profileHolds(emu, with(map[string]string{"get_started": metaGetStarted,
					"whitelisted_domains": `["https://help.example","https://shop.example"]`})),
			},
		},
	})
}

// A Page token echoed in a property of the profile, through the released
// binary with TF_LOG=TRACE: the refresh fails saying so, and neither token
// shows in anything terraform printed, the trace log or the state.
func TestCLIPageMessengerProfile_echoedTokenLeaksNowhere(t *testing.T) {
	emu := profileEmulator(t)
	pageToken := emu.PageToken(testPageID)
	config := fmt.Sprintf(`
provider "facebook" {
  base_url    = %q
  max_retries = 0
}
`, emu.URL()) + profileBlock(profileGetStarted, profileDomains)
	tf := newBinaryDir(t, config)
	tf.env = append(tf.env, envAccessToken+"="+testUserToken)
	if res := tf.run("apply", "-auto-approve"); res.code != 0 {
		t.Fatalf("apply: %s", res.output())
	}
	emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointMessengerProfile, Status: 200,
		Body: `{"data":[{"get_started":{"payload":"{page-token}"},"whitelisted_domains":["https://shop.example/?t={page-token}"]}]}`})
	logPath := tf.path("trace.log")
	tf.env = append(tf.env, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)
	res := tf.run("plan")
	if res.code == 0 {
		t.Fatalf("plan succeeded on an answer echoing the Page token:\n%s", res.output())
	}
	if out := strings.Join(strings.Fields(res.output()), " "); !strings.Contains(out, "holds one of the credentials this provider sends") {
		t.Errorf("the error does not say why the answer was refused:\n%s", res.output())
	}
	for what, text := range map[string]string{"output": res.output(), "trace log": readFile(t, logPath), "state": readFile(t, tf.path("terraform.tfstate"))} {
		for name, secret := range map[string]string{"page token": pageToken, "user token": testUserToken} {
			if strings.Contains(text, secret) {
				t.Errorf("the %s shows the %s", what, name)
			}
		}
	}
	if !strings.Contains(readFile(t, tf.path("terraform.tfstate")), `"GET_STARTED"`) {
		t.Error("the state lost the profile")
	}
}

// The Instagram profile is another profile: the platform goes with every
// call, in the spec's upper case, and the Messenger profile is untouched.
func TestCLIPageMessengerProfile_instagram(t *testing.T) {
	emu := profileEmulator(t)
	config := profileConfig(emu, `platform = "INSTAGRAM"`, profileIceBreakers)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: slices.Concat([]resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New("id"), knownvalue.StringExact(testPageID+"/INSTAGRAM")),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				lastRequestParam(emu, graphtest.EndpointMessengerProfile, "platform", "INSTAGRAM"),
				func(*terraform.State) error {
					if got := emu.MessengerProfile(testPageID, "INSTAGRAM")["ice_breakers"]; got != metaIceBreakers {
						return fmt.Errorf("Instagram ice_breakers = %s", got)
					}
					return nil
				},
				profileHolds(emu, map[string]string{}),
			),
		}}, importSteps(profileAddr, testPageID+"/INSTAGRAM")),
	})
}

// Meta's per-Page limit, used up: the error says what the limit is and
// what to do, after the client's own retries.
func TestCLIPageMessengerProfile_callLimitExplained(t *testing.T) {
	emu := profileEmulator(t)
	emu.SetMessengerProfileLimit(1, time.Hour)
	config := profileConfig(emu, profileDomains)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{Config: config, ExpectError: wrappedSequence("Unable to read the Page's Messenger profile", "code 613",
				"Meta allows 10 calls to the Messenger Profile API per Page in 10 minutes")},
			{PreConfig: func() { emu.SetMessengerProfileLimit(-1, 0) }, Config: config, PlanOnly: true},
		},
	})
}

// A POST whose answer is lost after Meta applied it is sent again: setting
// the same properties twice leaves the same profile, so the apply ends
// well, with the profile set once.
func TestCLIPageMessengerProfile_lostAnswerIsRepeated(t *testing.T) {
	emu := profileEmulator(t)
	emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: graphtest.EndpointMessengerProfile, Times: 1, AfterHandling: true, ResetConnection: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: profileConfig(emu, profileGetStarted, profileDomains),
			Check: resource.ComposeAggregateTestCheckFunc(
				profileHolds(emu, map[string]string{"get_started": metaGetStarted, "whitelisted_domains": metaDomains}),
				func(*terraform.State) error {
					if n := emu.Calls("POST", graphtest.EndpointMessengerProfile); n != 2 {
						return fmt.Errorf("%d POSTs, want the lost one and its repeat", n)
					}
					return nil
				},
			),
		}},
	})
}
