package provider

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

const (
	subscribedAppAddr = "facebook_page_subscribed_app.test"
	otherAppID        = "900000000000002"
)

func subscribedAppBlock(page, fields, extra string) string {
	return fmt.Sprintf(`
resource "facebook_page_subscribed_app" "test" {
  page_id           = %q
  subscribed_fields = %s
  %s
}
`, page, fields, extra)
}

func subscribedAppConfig(emu *graphtest.Emulator, fields ...string) string {
	return providerBlock(emu) + subscribedAppBlock(testPageID, "["+quoteAll(fields)+"]", "")
}

// emulatorHasFields asserts what Meta's side holds for the token's app.
func emulatorHasFields(emu *graphtest.Emulator, fields ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, ok := emu.Subscription(testPageID, graphtest.DefaultAppID)
		if !ok {
			return errors.New("the app is not subscribed in the emulator")
		}
		if got, want := slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(fields)); !slices.Equal(got, want) {
			return fmt.Errorf("emulator fields = %v, want %v", got, want)
		}
		return nil
	}
}

func TestCLIPageSubscribedApp_lifecycle(t *testing.T) {
	emu := newEmulator(t)
	// Another app subscribed to the same page: never touched.
	emu.AddApp(otherAppID, "Other App")
	emu.SetSubscription(testPageID, otherAppID, []string{"feed"})
	id := testPageID + "/" + graphtest.DefaultAppID
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		CheckDestroy: func(*terraform.State) error {
			if _, ok := emu.Subscription(testPageID, graphtest.DefaultAppID); ok {
				return errors.New("the app is still subscribed after destroy")
			}
			if f, ok := emu.Subscription(testPageID, otherAppID); !ok || !slices.Equal(f, []string{"feed"}) {
				return fmt.Errorf("destroy touched the other app's subscription: %v %v", f, ok)
			}
			return nil
		},
		Steps: slices.Concat([]resource.TestStep{
			{
				Config: subscribedAppConfig(emu, "messages", "messaging_postbacks"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(subscribedAppAddr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(subscribedAppAddr, tfjsonpath.New("app_id"), knownvalue.StringExact(graphtest.DefaultAppID)),
					statecheck.ExpectKnownValue(subscribedAppAddr, tfjsonpath.New("app_name"), knownvalue.StringExact(graphtest.DefaultAppName)),
					statecheck.ExpectKnownValue(subscribedAppAddr, tfjsonpath.New("subscribed_fields"), stringSet("messages", "messaging_postbacks")),
				},
				Check: emulatorHasFields(emu, "messages", "messaging_postbacks"),
			},
			emptyPlanStep(subscribedAppConfig(emu, "messaging_postbacks", "messages")),
		}, importSteps(subscribedAppAddr, id), []resource.TestStep{
			// New fields update the subscription in place: one POST, no DELETE.
			actionStep(emu.ResetLog, subscribedAppConfig(emu, "messages", "feed", "leadgen"), subscribedAppAddr, plancheck.ResourceActionUpdate,
				resource.ComposeAggregateTestCheckFunc(emulatorHasFields(emu, "messages", "feed", "leadgen"), oneWrite(emu, graphtest.EndpointSubscribedApps, "fields"))),
			// Changed outside Terraform: the refresh sees it, the apply
			// sets the fields back.
			actionStep(func() { emu.SetSubscription(testPageID, graphtest.DefaultAppID, []string{"messages"}) }, subscribedAppConfig(emu, "messages", "feed", "leadgen"),
				subscribedAppAddr, plancheck.ResourceActionUpdate, emulatorHasFields(emu, "messages", "feed", "leadgen")),
			// Unsubscribed outside Terraform: the apply subscribes again.
			actionStep(func() { emu.RemoveSubscription(testPageID, graphtest.DefaultAppID) }, subscribedAppConfig(emu, "messages", "feed", "leadgen"),
				subscribedAppAddr, plancheck.ResourceActionCreate, emulatorHasFields(emu, "messages", "feed", "leadgen")),
		}),
	})
}

// The Page's token belongs to another app than the configured app_id: the
// apply refuses, naming both apps, before any write.
func TestCLIPageSubscribedApp_tokenOfAnotherAppIsRefused(t *testing.T) {
	emu := newEmulator(t)
	emu.AddApp(otherAppID, "Other App")
	emu.SetTokenApp(emu.PageToken(testPageID), otherAppID)
	configFails(t, providerBlock(emu)+subscribedAppBlock(testPageID, `["messages"]`, `app_id = "`+graphtest.DefaultAppID+`"`),
		wrappedSequence("The Page's access token belongs to another app",
			"app_id is "+graphtest.DefaultAppID+", but the access token used for Page "+testPageID+" belongs to app "+otherAppID+" (Other App)"))
	if n := emu.Calls("POST", graphtest.EndpointSubscribedApps) + emu.Calls("DELETE", graphtest.EndpointSubscribedApps); n != 0 {
		t.Fatalf("%d writes to subscribed_apps, want none", n)
	}
}

// The token is swapped for one of another app after the subscription was
// made: the refresh refuses rather than reading (and later changing)
// another app's subscription as if it were this one.
func TestCLIPageSubscribedApp_tokenSwappedToAnotherAppIsRefused(t *testing.T) {
	emu := newEmulator(t)
	emu.AddApp(otherAppID, "Other App")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{Config: subscribedAppConfig(emu, "messages")},
			{
				PreConfig:   func() { emu.SetTokenApp(emu.PageToken(testPageID), otherAppID) },
				Config:      subscribedAppConfig(emu, "messages"),
				ExpectError: wrappedText("belongs to app " + otherAppID + " (Other App)"),
			},
			{
				// Back to the right app, so the destroy can run.
				PreConfig: func() { emu.SetTokenApp(emu.PageToken(testPageID), graphtest.DefaultAppID) },
				Config:    subscribedAppConfig(emu, "messages"),
			},
		},
	})
}

// A field Meta reports that the provider does not know is kept, with a
// warning, and the read does not fail.
func TestCLIPageSubscribedApp_unknownFieldIsKeptWithAWarning(t *testing.T) {
	emu := newEmulator(t)
	d := newInProcessDir(t, subscribedAppConfig(emu, "messages"))
	d.must("apply", "-auto-approve")
	emu.SetSubscription(testPageID, graphtest.DefaultAppID, []string{"messages", "brand_new_field"})
	r := d.run("plan", "-detailed-exitcode")
	if r.code != 2 {
		t.Fatalf("plan exited %d, want 2 (a change to remove the unknown field):\n%s", r.code, r.output())
	}
	for _, want := range []string{"Meta reports webhook fields this provider does not know", "`brand_new_field`", `- "brand_new_field"`} {
		if !strings.Contains(r.output(), want) {
			t.Errorf("plan output lacks %q:\n%s", want, r.output())
		}
	}
	d.must("apply", "-auto-approve")
	if got, _ := emu.Subscription(testPageID, graphtest.DefaultAppID); !slices.Equal(got, []string{"messages"}) {
		t.Fatalf("after apply Meta holds %v, want [messages]", got)
	}
}

func TestCLIPageSubscribedApp_throttlingIsRetried(t *testing.T) {
	emu := newEmulator(t)
	throttledApplyAndDestroy(t, emu, graphtest.EndpointSubscribedApps, graph.CodeAppThrottled,
		subscribedAppConfig(emu, "feed"), emulatorHasFields(emu, "feed"),
		func() bool { _, ok := emu.Subscription(testPageID, graphtest.DefaultAppID); return ok }, "still subscribed after destroy")
}

// TestCLIPageSubscribedApps_refreshListsThePageOnce: the resource and the
// data source of one Page share one listing and one GET /app per plan.
func TestCLIPageSubscribedApps_refreshListsThePageOnce(t *testing.T) {
	emu := newEmulator(t)
	for i := range 4 {
		id := fmt.Sprintf("90000000000010%d", i)
		emu.AddApp(id, "App "+id)
		emu.SetSubscription(testPageID, id, []string{"feed"})
	}
	config := subscribedAppConfig(emu, "messages") + fmt.Sprintf(`
data "facebook_page_subscribed_apps" "all" {
  page_id = %q
}
`, testPageID)
	// Five apps listed two per call: 3 listing calls; one GET /app and one
	// token exchange per provider process.
	expect := func(listings, apps int) plancheck.PlanCheck {
		return calledCheck(func() error {
			defer emu.ResetLog()
			got := [4]int{emu.Calls("GET", graphtest.EndpointSubscribedApps), emu.Calls("GET", graphtest.EndpointApp), emu.Calls("GET", graphtest.EndpointPage), emu.TotalCalls()}
			if want := [4]int{listings, apps, 1, listings + apps + 1}; got != want {
				return fmt.Errorf("listing GETs, GET /app, token exchanges, all calls = %v, want %v", got, want)
			}
			return nil
		})
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: emu.ResetLog,
				Config:    config,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// Without refresh only the data source reads: no GET /app.
					PostApplyPreRefresh:  []plancheck.PlanCheck{expect(3, 0)},
					PostApplyPostRefresh: []plancheck.PlanCheck{expect(3, 1)},
				},
			},
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.facebook_page_subscribed_apps.all", tfjsonpath.New("apps"), knownvalue.ListSizeExact(5)),
					statecheck.ExpectKnownValue("data.facebook_page_subscribed_apps.all", tfjsonpath.New("apps").AtSliceIndex(4), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":                knownvalue.StringExact(graphtest.DefaultAppID),
						"name":              knownvalue.StringExact(graphtest.DefaultAppName),
						"subscribed_fields": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("messages")}),
					})),
				},
			},
		},
	})
}

// Meta's permission error on this edge comes with the endpoint, the code
// and words about what webhook subscriptions need.
func TestCLIPageSubscribedApp_permissionErrorIsExplained(t *testing.T) {
	emu := newEmulator(t)
	emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: graphtest.EndpointSubscribedApps, Error: &graphtest.GraphError{
		Message: "(#200) To subscribe to the messages field, one of these permissions is needed: pages_messaging", Type: "OAuthException", Code: 200,
	}})
	configFails(t, subscribedAppConfig(emu, "messages"),
		wrappedSequence("POST /"+graph.DefaultAPIVersion+"/"+testPageID+"/subscribed_apps", "code 200",
			"Messenger fields (messages, messaging_*) also need pages_messaging"))
}
