package provider

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// These tests call the facebook_page_assigned_user and
// facebook_page_subscribed_app list resources through the provider's RPCs,
// as `terraform query` does; page_people_query_cli_test.go runs them
// through Terraform >= 1.14.

const (
	assignedUserList  = "facebook_page_assigned_user"
	subscribedAppList = "facebook_page_subscribed_app"
	peopleBizB        = "220000000000002"
	peopleUserB       = "420000000000009"
)

// peopleQueryEmulator has two Pages, and on them three users of the test
// business and one of business B, and the token's app subscribed to the
// test Page only (beside another app).
func peopleQueryEmulator(t *testing.T) *graphtest.Emulator {
	t.Helper()
	emu := newTwoPageEmulator(t)
	emu.AddBusiness(peopleBizB, "Business B")
	for i, name := range []string{"Ann", "Bob", "Deploy bot"} {
		emu.AddBusinessUser(testBusinessID, fmt.Sprintf("42000000000000%d", i), name, graphtest.UserTypeBusiness)
	}
	emu.AddBusinessUser(peopleBizB, peopleUserB, "Bea", graphtest.UserTypeBusiness)
	emu.SetPageOwner(testPageID, testBusinessID)
	emu.SetPageOwner(otherPageID, testBusinessID)
	emu.SetAssignedUser(testPageID, "420000000000000", []string{"MANAGE", "ANALYZE"})
	emu.SetAssignedUser(testPageID, "420000000000001", []string{"ANALYZE"})
	emu.SetAssignedUser(testPageID, "420000000000002", []string{"MESSAGING"})
	emu.SetAssignedUser(testPageID, peopleUserB, []string{"MANAGE"})
	emu.SetAssignedUser(otherPageID, "420000000000001", []string{"MANAGE"})
	emu.SetSubscription(testPageID, graphtest.DefaultAppID, []string{"messages", "feed"})
	emu.AddApp(otherAppID, "Other App")
	emu.SetSubscription(testPageID, otherAppID, []string{"leadgen"})
	emu.SetSubscription(otherPageID, otherAppID, []string{"leadgen"})
	return emu
}

func TestListPageAssignedUser_pagesTimesBusinessesWithFilters(t *testing.T) {
	emu := peopleQueryEmulator(t)
	p := newRPCProvider(t, emu)
	both := []any{testPageID, otherPageID}
	bizs := []any{testBusinessID, peopleBizB}
	for _, tc := range []struct {
		name string
		cfg  map[string]any
		want []string
	}{
		{"everyone", map[string]any{"page_ids": both, "business_ids": bizs}, []string{
			testPageID + "/" + testBusinessID + "/420000000000000", testPageID + "/" + testBusinessID + "/420000000000001",
			testPageID + "/" + testBusinessID + "/420000000000002", testPageID + "/" + peopleBizB + "/" + peopleUserB,
			otherPageID + "/" + testBusinessID + "/420000000000001",
		}},
		{"one business", map[string]any{"page_ids": both, "business_ids": []any{peopleBizB}}, []string{testPageID + "/" + peopleBizB + "/" + peopleUserB}},
		{"every task listed", map[string]any{"page_ids": both, "business_ids": bizs, "tasks": []any{"MANAGE"}}, []string{
			testPageID + "/" + testBusinessID + "/420000000000000", testPageID + "/" + peopleBizB + "/" + peopleUserB,
			otherPageID + "/" + testBusinessID + "/420000000000001",
		}},
		{"users", map[string]any{"page_ids": both, "business_ids": bizs, "user_ids": []any{"420000000000001"}}, []string{
			testPageID + "/" + testBusinessID + "/420000000000001", otherPageID + "/" + testBusinessID + "/420000000000001",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := listedIDs(listOK(t, p, assignedUserList, tc.cfg, false, 100), "page_id", "business_id", "user_id"); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("identities\n %q\nwant\n %q", got, tc.want)
			}
		})
	}
	// One complete listing per Page and business (two per call: 2+1+1+1),
	// shared by every query of the run.
	if n := emu.Calls("GET", graphtest.EndpointAssignedUsers); n != 5 {
		t.Errorf("%d listing calls, want 5 (one complete listing per Page and business)", n)
	}
}

func TestListPageAssignedUser_resourceObjectAndLimit(t *testing.T) {
	emu := peopleQueryEmulator(t)
	p := newRPCProvider(t, emu)
	results, diags := p.listResource(assignedUserList, map[string]any{"page_ids": []any{testPageID}, "business_ids": []any{testBusinessID}}, true, 2)
	if len(diags) != 0 || len(results) != 2 {
		t.Fatalf("want 2 results (the limit), got %d:\n%s", len(results), diagsText(diags))
	}
	r := results[0]
	if r.displayName != "Ann (user 420000000000000) on Page "+testPageID {
		t.Errorf("display name %q", r.displayName)
	}
	for name, want := range map[string]string{
		"id": testPageID + "/" + testBusinessID + "/420000000000000", "page_id": testPageID, "business_id": testBusinessID,
		"user_id": "420000000000000", "user_name": "Ann", "user_type": "BUSINESS_USER", "business_name": testBusiness,
	} {
		var got string
		if err := r.resource[name].As(&got); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", name, got, err, want)
		}
	}
}

// A listing that fails, here the second Page's, fails the whole query:
// nothing of the first Page is sent, so generated configuration can never
// miss what the failed listing held.
func TestListPageAssignedUser_failsWholeNotInPart(t *testing.T) {
	emu := peopleQueryEmulator(t)
	emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointAssignedUsers, PageID: otherPageID, Error: graphtest.MetaError(200)})
	p := newRPCProvider(t, emu)
	results, diags := p.listResource(assignedUserList, map[string]any{"page_ids": []any{testPageID, otherPageID}, "business_ids": []any{testBusinessID}}, false, 100)
	if len(results) != 0 {
		t.Fatalf("%d results sent before the failure, want none", len(results))
	}
	if !hasError(diags) || !strings.Contains(diagsText(diags), "Unable to list the users of business "+testBusinessID+" on Page "+otherPageID) ||
		!strings.Contains(diagsText(diags), "code 200") {
		t.Fatalf("diagnostics:\n%s", diagsText(diags))
	}
}

func TestListPageAssignedUser_businessesAreRequired(t *testing.T) {
	emu := peopleQueryEmulator(t)
	p := newRPCProvider(t, emu)
	_, diags := p.listResource(assignedUserList, map[string]any{"page_ids": []any{testPageID}}, false, 100)
	if !hasError(diags) || !strings.Contains(diagsText(diags), "business_ids") {
		t.Fatalf("diagnostics:\n%s", diagsText(diags))
	}
	if n := emu.TotalCalls(); n != 0 {
		t.Fatalf("%d calls for a configuration refused at validation, want 0", n)
	}
}

// Only the subscription of the Page token's app is listed: the other app's,
// which the resource could not manage, is not.
func TestListPageSubscribedApp_onlyTheTokensApp(t *testing.T) {
	emu := peopleQueryEmulator(t)
	p := newRPCProvider(t, emu)
	results := listOK(t, p, subscribedAppList, map[string]any{"page_ids": []any{testPageID, otherPageID}}, true, 100)
	if got, want := listedIDs(results, "page_id", "app_id"), []string{testPageID + "/" + graphtest.DefaultAppID}; !reflect.DeepEqual(got, want) {
		t.Fatalf("identities %q, want %q", got, want)
	}
	var name string
	if err := results[0].resource["app_name"].As(&name); err != nil || name == "" {
		t.Errorf("app_name %q (%v)", name, err)
	}
}

func TestListPageSubscribedApp_failsWholeNotInPart(t *testing.T) {
	emu := peopleQueryEmulator(t)
	emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointSubscribedApps, PageID: otherPageID, Status: 500, Body: "<html>bad gateway</html>"})
	p := newRPCProvider(t, emu)
	results, diags := p.listResource(subscribedAppList, map[string]any{"page_ids": []any{testPageID, otherPageID}}, false, 100)
	if len(results) != 0 || !hasError(diags) || !strings.Contains(diagsText(diags), "Unable to list the subscribed apps of Page "+otherPageID) {
		t.Fatalf("%d results, diagnostics:\n%s", len(results), diagsText(diags))
	}
}
