package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

const (
	pagesAddr         = "data.facebook_pages.all"
	businessPagesAddr = "data.facebook_business_pages.all"
)

// facebook_pages lists all 32 Pages of the token, two a result page, with
// the token's tasks and each Page's category, and no Page token reaches
// state.
func TestCLIPages_listsEveryPageAcrossResultPages(t *testing.T) {
	emu := newEmulator(t)
	pageIDs := fleetPages(emu, 32)
	emu.SetPageCategory(testPageID, "Software")
	emu.SetAccountTasks(testUserToken, testPageID, []string{"ANALYZE", "ADVERTISE"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(emu) + `data "facebook_pages" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(pagesAddr, tfjsonpath.New("pages"), ids(pageIDs...)),
				statecheck.ExpectKnownValue(pagesAddr, tfjsonpath.New("pages").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id": knownvalue.StringExact(testPageID), "name": knownvalue.StringExact("Test Page"),
					"category": knownvalue.StringExact("Software"), "tasks": stringSet("ADVERTISE", "ANALYZE"),
				})),
				statecheck.ExpectKnownValue(pagesAddr, tfjsonpath.New("pages").AtSliceIndex(31).AtMapKey("category"), knownvalue.Null()),
				statecheck.ExpectKnownValue(pagesAddr, tfjsonpath.New("pages").AtSliceIndex(31).AtMapKey("tasks"), knownvalue.SetSizeExact(6)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				eachReadTook(emu, graphtest.EndpointMeAccounts, 16, 0),
				noPageTokenInState(emu, pageIDs...),
			),
		}},
	})
}

// fleetPages gives the test user n Pages, the test Page first, and returns
// their ids in the order Meta's emulator lists them.
func fleetPages(emu *graphtest.Emulator, n int) []string {
	pageIDs := []string{testPageID}
	for i := 1; i < n; i++ {
		id := fmt.Sprintf("1000000000001%02d", i)
		emu.AddPage(id, fmt.Sprintf("Fleet Page %d", i))
		pageIDs = append(pageIDs, id)
	}
	emu.AddUser(testUserToken, pageIDs...)
	return pageIDs
}

// noPageTokenInState fails when any attribute in state holds the Page
// token of one of pageIDs.
func noPageTokenInState(emu *graphtest.Emulator, pageIDs ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, m := range s.Modules {
			for addr, r := range m.Resources {
				for name, value := range r.Primary.Attributes {
					for _, id := range pageIDs {
						if strings.Contains(value, emu.PageToken(id)) {
							return fmt.Errorf("%s.%s holds the Page token of %s", addr, name, id)
						}
					}
				}
			}
		}
		return nil
	}
}

// facebook_business_pages lists the owned Pages, then the client Pages,
// each tagged with its relationship.
func TestCLIBusinessPages_listsOwnedAndClientPages(t *testing.T) {
	emu := newEmulator(t)
	const clientPage = "100000000000003"
	emu.AddPage(otherPageID, "Other Page")
	emu.AddPage(clientPage, "Client Page")
	emu.AddNamedUser(testUserToken, "555000000000001", "Ops Person")
	emu.AddBusinessMember(testBusinessID, "555000000000001")
	emu.AddBusinessPage(testBusinessID, testPageID, graphtest.PageOwned)
	emu.AddBusinessPage(testBusinessID, otherPageID, graphtest.PageOwned)
	emu.AddBusinessPage(testBusinessID, clientPage, graphtest.PageClient)
	page := func(id, name, relationship string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(id), "name": knownvalue.StringExact(name), "relationship": knownvalue.StringExact(relationship),
		})
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(emu) + `data "facebook_business_pages" "all" { business_id = "` + testBusinessID + `" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(businessPagesAddr, tfjsonpath.New("pages"), knownvalue.ListExact([]knownvalue.Check{
					page(testPageID, "Test Page", "owned"), page(otherPageID, "Other Page", "owned"), page(clientPage, "Client Page", "client"),
				})),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				eachReadTook(emu, graphtest.EndpointOwnedPages, 1, 0),
				eachReadTook(emu, graphtest.EndpointClientPages, 1, 0),
			),
		}},
	})
}

// Hostile answers to the Page listings: a listing without data, endless
// paging and a token echoed outside access_token are each a clear error
// naming the listing, and no credential shows in what terraform printed.
func TestCLIHostile_pageListings(t *testing.T) {
	emu := newEmulator(t)
	pageToken := emu.PageToken(testPageID)
	emu.AddNamedUser(testUserToken, "555000000000001", "Ops Person")
	emu.AddBusinessMember(testBusinessID, "555000000000001")
	listings := []struct{ endpoint, config, path string }{
		{graphtest.EndpointMeAccounts, `data "facebook_pages" "all" {}`, "/me/accounts"},
		{graphtest.EndpointOwnedPages, `data "facebook_business_pages" "all" { business_id = "` + testBusinessID + `" }`, "/" + testBusinessID + "/owned_pages"},
	}
	// byBusiness, when set, is what the business listing says instead: it
	// carries no token at all, so even an access_token is an echo there.
	answers := []struct {
		name             string
		fault            graphtest.Fault
		want, byBusiness string
	}{
		{"no data", graphtest.Fault{Status: 200, Body: `{"paging":{"cursors":{}}}`}, `no "data" member`, ""},
		{"endless paging", graphtest.Fault{EndlessPages: 1}, "(MaxListingPages)", ""},
		{"the configured token as a name", graphtest.Fault{Status: 200, Body: `{"data":[{"id":"` + testPageID + `","name":"` + testUserToken + `"}]}`},
			"holds one of the credentials this provider sends, in data[0].name", ""},
		{"a Page token as another Page's name", graphtest.Fault{Status: 200, Body: `{"data":[{"id":"` + testPageID + `","access_token":"` + pageToken + `"},` +
			`{"id":"` + otherPageID + `","name":"` + pageToken + `","access_token":"` + pageToken + `x"}]}`},
			"holds one of the credentials this provider sends, in data[1].name", "holds one of the credentials this provider sends, in data[0].access_token"},
	}
	for _, l := range listings {
		for _, a := range answers {
			t.Run(l.path+" "+a.name, func(t *testing.T) {
				emu.ClearFaults()
				f := a.fault
				f.Method, f.Endpoint = "GET", l.endpoint
				emu.InjectFault(f)
				tf := newInProcessDir(t, providerBlock(emu)+l.config)
				res := tf.run("plan")
				if res.code == 0 {
					t.Fatalf("plan succeeded on a hostile listing:\n%s", res.output())
				}
				out := strings.Join(strings.Fields(res.output()), " ")
				want := a.want
				if l.endpoint != graphtest.EndpointMeAccounts && a.byBusiness != "" {
					want = a.byBusiness
				}
				for _, want := range []string{"GET /" + graph.DefaultAPIVersion + l.path, want} {
					if !strings.Contains(out, want) {
						t.Errorf("the error lacks %q:\n%s", want, res.output())
					}
				}
				for name, secret := range map[string]string{"user token": testUserToken, "page token": pageToken} {
					if strings.Contains(res.output(), secret) {
						t.Errorf("the output shows the %s", name)
					}
				}
			})
		}
	}
}
