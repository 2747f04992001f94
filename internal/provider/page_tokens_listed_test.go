package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// A refreshing plan of agencies on 30 Pages takes the Page tokens from one
// listing of /me/accounts (one call at 100 Pages a call) after the run's
// first Page's exchange, not from 30 exchanges; a 31st Page that
// /me/accounts leaves out is still exchanged on its own, and refreshed.
func TestCLIPageTokens_refreshOf30PagesListsTokens(t *testing.T) {
	emu := graphtest.Start(t, graphtest.Options{})
	emu.AddPage(testPageID, "Test Page")
	emu.AddUser(testUserToken, testPageID)
	emu.AddBusiness(testBusinessID, testBusiness)
	pageIDs := fleetPages(emu, 30)
	const missing = "100000000000199"
	emu.AddPage(missing, "Portfolio Page")
	emu.AddUser(testUserToken, missing)
	emu.LeaveOutOfAccounts(testUserToken, missing)
	all := append(pageIDs, missing)
	tf := newInProcessDir(t, providerBlock(emu)+fmt.Sprintf(`
resource "facebook_page_agency" "fleet" {
  for_each        = toset([%s])
  page_id         = each.value
  business_id     = %q
  permitted_tasks = ["ANALYZE"]
}
`, quoteAll(all), testBusinessID))
	tf.must("apply", "-auto-approve")
	emu.ResetLog()
	res := tf.run("plan", "-detailed-exitcode")
	if res.code != 0 {
		t.Fatalf("the refreshing plan is not empty (exit %d):\n%s", res.code, res.output())
	}
	listings, exchanges := emu.Calls("GET", graphtest.EndpointMeAccounts), emu.Calls("GET", graphtest.EndpointPage)
	t.Logf("Page tokens of %d Pages: %d listing calls, %d exchanges", len(all), listings, exchanges)
	if listings+exchanges > 4 {
		t.Errorf("%d calls fetched Page tokens (%d listings, %d exchanges), want at most 4", listings+exchanges, listings, exchanges)
	}
	missingExchanged, missingRefreshed := false, false
	for _, r := range emu.Requests() {
		missingExchanged = missingExchanged || r.Endpoint == graphtest.EndpointPage && r.PageID == missing && r.ErrorCode == 0
		missingRefreshed = missingRefreshed || r.Endpoint == graphtest.EndpointAgencies && r.PageID == missing && r.ErrorCode == 0
	}
	if !missingExchanged || !missingRefreshed {
		t.Errorf("the Page missing from /me/accounts: exchanged %v, refreshed %v", missingExchanged, missingRefreshed)
	}
	if got := emu.Calls("GET", graphtest.EndpointAgencies); got != len(all) {
		t.Errorf("%d agency listings, want one per Page (%d)", got, len(all))
	}
	if strings.Contains(res.output(), emu.PageToken(testPageID)) {
		t.Error("the plan shows a Page token")
	}
}

// A hostile /me/accounts (a token echoed as a Page's name) is refused as a
// whole: no token of it is used, every Page's token comes from its own
// exchange, the refresh succeeds, and no credential shows in the output.
func TestCLIPageTokens_hostileListingFallsBackToExchanges(t *testing.T) {
	emu := graphtest.Start(t, graphtest.Options{})
	emu.AddPage(testPageID, "Test Page")
	emu.AddUser(testUserToken, testPageID)
	emu.AddBusiness(testBusinessID, testBusiness)
	pageIDs := fleetPages(emu, 3)
	tf := newInProcessDir(t, providerBlock(emu)+fmt.Sprintf(`
resource "facebook_page_agency" "fleet" {
  for_each        = toset([%s])
  page_id         = each.value
  business_id     = %q
  permitted_tasks = ["ANALYZE"]
}
`, quoteAll(pageIDs), testBusinessID))
	tf.must("apply", "-auto-approve")
	emu.ResetLog()
	emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointMeAccounts, Status: 200,
		Body: `{"data":[{"id":"` + pageIDs[1] + `","name":"` + testUserToken + `","access_token":"` + emu.PageToken(pageIDs[1]) + `"}]}`})
	res := tf.run("plan", "-detailed-exitcode")
	if res.code != 0 {
		t.Fatalf("the refreshing plan failed or is not empty (exit %d):\n%s", res.code, res.output())
	}
	if listed, exchanges := emu.Calls("GET", graphtest.EndpointMeAccounts), emu.Calls("GET", graphtest.EndpointPage); listed != 1 || exchanges != len(pageIDs) {
		t.Errorf("%d listing calls and %d exchanges, want 1 (refused) and %d (one per Page)", listed, exchanges, len(pageIDs))
	}
	for _, secret := range []string{testUserToken, emu.PageToken(pageIDs[1])} {
		if strings.Contains(res.output(), secret) {
			t.Error("the plan output shows a credential")
		}
	}
}
