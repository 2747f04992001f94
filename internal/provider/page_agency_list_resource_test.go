package provider

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// These tests call the facebook_page_agency list resource through the
// provider's RPCs, as `terraform query` does; the CLI tests in
// page_agency_query_cli_test.go run it through Terraform >= 1.14.

const (
	agencyList   = "facebook_page_agency"
	queryBizA    = "210000000000001"
	queryBizB    = "210000000000002"
	queryBizC    = "210000000000003"
	queryBizD    = "210000000000004"
	queryPending = "210000000000005"
)

// queryEmulator is newTwoPageEmulator with agencies on both Pages:
// five on the test Page (three listing calls of two), three on the other
// (two calls). One is pending; one business is on both Pages.
func queryEmulator(t *testing.T) *graphtest.Emulator {
	t.Helper()
	emu := newTwoPageEmulator(t)
	for id, name := range map[string]string{queryBizA: "Agency A", queryBizB: "Agency B", queryBizC: "Agency C", queryBizD: "Agency D", queryPending: "Pending Agency"} {
		emu.AddBusiness(id, name)
	}
	emu.SetAgency(testPageID, queryBizA, []string{"ADVERTISE", "ANALYZE"})
	emu.SetAgency(testPageID, queryBizB, []string{"ANALYZE"})
	emu.SetAgency(testPageID, queryBizC, []string{"MANAGE"})
	emu.SetAgency(testPageID, queryPending, []string{"ADVERTISE", "ANALYZE"})
	emu.SetAgencyStatus(testPageID, queryPending, graphtest.AccessPending)
	emu.SetAgency(testPageID, testBusinessID, []string{"MODERATE"})
	emu.SetAgency(otherPageID, queryBizA, []string{"ANALYZE"})
	emu.SetAgency(otherPageID, queryBizD, []string{"ADVERTISE", "ANALYZE", "MODERATE"})
	emu.SetAgency(otherPageID, testBusinessID, []string{"MESSAGING"})
	return emu
}

// identities renders results as "page/business", in order.
// agencyIDs are the import ids of listed agencies.
func agencyIDs(results []listedResource) []string {
	return listedIDs(results, "page_id", "business_id")
}

func TestListPageAgency_everyAgencyOfEveryPageInOneListingEach(t *testing.T) {
	emu := queryEmulator(t)
	p := newRPCProvider(t, emu)
	results := listOK(t, p, agencyList, map[string]any{"page_ids": []any{testPageID, otherPageID}}, false, 100)

	want := []string{
		testPageID + "/" + queryBizA, testPageID + "/" + queryBizB, testPageID + "/" + queryBizC,
		testPageID + "/" + queryPending, testPageID + "/" + testBusinessID,
		otherPageID + "/" + queryBizA, otherPageID + "/" + queryBizD, otherPageID + "/" + testBusinessID,
	}
	if got := agencyIDs(results); !reflect.DeepEqual(got, want) {
		t.Fatalf("identities\n %q\nwant\n %q", got, want)
	}
	if got, want := results[0].displayName, "Agency A (business "+queryBizA+") on Page "+testPageID; got != want {
		t.Errorf("display name %q, want %q", got, want)
	}
	for _, r := range results {
		if r.resource != nil {
			t.Fatalf("%s: resource object sent though include_resource was false", r.displayName)
		}
	}
	// ceil(5/2) + ceil(3/2) listing calls: one complete listing per Page.
	if n := emu.Calls("GET", graphtest.EndpointAgencies); n != 5 {
		t.Errorf("%d listing calls, want 5 (one complete listing per Page)", n)
	}
}

func TestListPageAgency_filters(t *testing.T) {
	emu := queryEmulator(t)
	p := newRPCProvider(t, emu)
	both := []any{testPageID, otherPageID}
	for _, tc := range []struct {
		name string
		cfg  map[string]any
		want []string
	}{
		{"business ids", map[string]any{"page_ids": both, "business_ids": []any{queryBizA, testBusinessID}},
			[]string{testPageID + "/" + queryBizA, testPageID + "/" + testBusinessID, otherPageID + "/" + queryBizA, otherPageID + "/" + testBusinessID}},
		{"every task listed", map[string]any{"page_ids": both, "permitted_tasks": []any{"ANALYZE", "ADVERTISE"}},
			[]string{testPageID + "/" + queryBizA, testPageID + "/" + queryPending, otherPageID + "/" + queryBizD}},
		{"access status", map[string]any{"page_ids": both, "access_statuses": []any{"PENDING"}},
			[]string{testPageID + "/" + queryPending}},
		{"every filter at once", map[string]any{"page_ids": both, "permitted_tasks": []any{"ANALYZE"}, "access_statuses": []any{"CONFIRMED"}, "business_ids": []any{queryBizA, queryPending, queryBizD}},
			[]string{testPageID + "/" + queryBizA, otherPageID + "/" + queryBizA, otherPageID + "/" + queryBizD}},
		{"one Page, nothing matches", map[string]any{"page_ids": []any{otherPageID}, "business_ids": []any{queryBizC}}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := agencyIDs(listOK(t, p, agencyList, tc.cfg, false, 100)); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("identities\n %q\nwant\n %q", got, tc.want)
			}
		})
	}
	// Every filter ran on the listings of the first query: the rest of the
	// run costs nothing more.
	if n := emu.Calls("GET", graphtest.EndpointAgencies); n != 5 {
		t.Errorf("%d listing calls, want 5: the listings are shared for the rest of the run", n)
	}
}

func TestListPageAgency_resourceObjectIsWhatARefreshStores(t *testing.T) {
	emu := queryEmulator(t)
	p := newRPCProvider(t, emu)
	results := listOK(t, p, agencyList, map[string]any{"page_ids": []any{testPageID}, "access_statuses": []any{"PENDING"}}, true, 100)
	if len(results) != 1 || results[0].resource == nil {
		t.Fatalf("want one result with its resource, got %+v", results)
	}
	got := map[string]any{}
	for name, v := range results[0].resource {
		switch {
		case v.IsNull():
			got[name] = nil
		case v.Type().Is(tftypes.String):
			var s string
			_ = v.As(&s)
			got[name] = s
		case v.Type().Is(tftypes.Set{ElementType: tftypes.String}):
			var elems []tftypes.Value
			_ = v.As(&elems)
			var tasks []string
			for _, e := range elems {
				var s string
				_ = e.As(&s)
				tasks = append(tasks, s)
			}
			slices.Sort(tasks)
			got[name] = tasks
		default:
			got[name] = v.String()
		}
	}
	a, _ := emu.Agency(testPageID, queryPending)
	for name, want := range map[string]any{
		"id": testPageID + "/" + queryPending, "page_id": testPageID, "business_id": queryPending,
		"business_name": "Pending Agency", "access_status": "PENDING", "permitted_tasks": []string{"ADVERTISE", "ANALYZE"},
		"effective_tasks":       []string{"ADVERTISE", "ANALYZE"},
		"access_requested_time": a.RequestedTime.UTC().Format("2006-01-02T15:04:05Z07:00"), "timeouts": nil,
	} {
		if !reflect.DeepEqual(got[name], want) {
			t.Errorf("%s = %#v, want %#v", name, got[name], want)
		}
	}
}

func TestListPageAgency_stopsAtTheLimit(t *testing.T) {
	emu := queryEmulator(t)
	p := newRPCProvider(t, emu)
	got := agencyIDs(listOK(t, p, agencyList, map[string]any{"page_ids": []any{testPageID, otherPageID}, "business_ids": []any{queryBizA, queryBizD}}, false, 2))
	if want := []string{testPageID + "/" + queryBizA, otherPageID + "/" + queryBizA}; !reflect.DeepEqual(got, want) {
		t.Fatalf("identities %q, want %q", got, want)
	}
}

// The list resource, the resource and the data source read one listing per
// Page and run: whichever comes first pays for it.
func TestListPageAgency_sharesTheListingWithTheDataSource(t *testing.T) {
	emu := queryEmulator(t)
	p := newRPCProvider(t, emu)
	ds := p.schemas.DataSourceSchemas["facebook_page_agencies"]
	resp, err := p.server.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
		TypeName: "facebook_page_agencies", Config: p.dynamicValue(ds, map[string]any{"page_id": testPageID}),
	})
	if err != nil || hasError(resp.Diagnostics) {
		t.Fatalf("ReadDataSource: %v %s", err, diagsText(resp.Diagnostics))
	}
	before := emu.Calls("GET", graphtest.EndpointAgencies)
	if results := listOK(t, p, agencyList, map[string]any{"page_ids": []any{testPageID}}, true, 100); len(results) != 5 {
		t.Fatalf("%d results, want 5", len(results))
	}
	if n := emu.Calls("GET", graphtest.EndpointAgencies) - before; n != 0 {
		t.Errorf("the list resource made %d listing calls after the data source had listed the Page, want 0", n)
	}
}

func TestListPageAgency_failedListingFailsTheQueryWhole(t *testing.T) {
	emu := queryEmulator(t)
	emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointAgencies, PageID: otherPageID, Skip: 1, Error: graphtest.MetaError(200)})
	p := newRPCProvider(t, emu)
	results, diags := p.listResource(agencyList, map[string]any{"page_ids": []any{testPageID, otherPageID}}, false, 100)
	if len(results) != 0 {
		t.Errorf("%d results, want none: the test Page's 5 must not be sent when the other Page's listing fails", len(results))
	}
	text := diagsText(diags)
	if !hasError(diags) || !strings.Contains(text, "Unable to list the agencies of Page "+otherPageID) || !strings.Contains(text, "/"+otherPageID+"/agencies") || !strings.Contains(text, "code 200") {
		t.Fatalf("want the failed listing's error with its endpoint and Meta's code, got:\n%s", text)
	}
	if strings.Contains(text, testUserToken) {
		t.Fatal("the error carries the access token")
	}
}

func TestListPageAgency_badConfigFailsBeforeAnyCall(t *testing.T) {
	emu := queryEmulator(t)
	p := newRPCProvider(t, emu)
	for _, tc := range []struct {
		name string
		cfg  map[string]any
		path string
		want string
	}{
		{"no Page", map[string]any{"page_ids": []any{}}, "page_ids", "at least 1"},
		{"Page id not numeric", map[string]any{"page_ids": []any{"my-page"}}, "page_ids[0]", "numeric Graph object id"},
		{"Page listed twice", map[string]any{"page_ids": []any{testPageID, testPageID}}, "page_ids", "duplicate"},
		{"business id not numeric", map[string]any{"page_ids": []any{testPageID}, "business_ids": []any{"acme"}}, "business_ids[0]", "numeric Graph object id"},
		{"unknown task", map[string]any{"page_ids": []any{testPageID}, "permitted_tasks": []any{"ANALYSE"}}, "permitted_tasks[0]", "ANALYZE"},
		{"empty status", map[string]any{"page_ids": []any{testPageID}, "access_statuses": []any{""}}, "access_statuses[0]", "at least 1"},
		{"null Page", map[string]any{"page_ids": []any{testPageID, nil}}, "page_ids", "page_ids holds a null element at index 1"},
		{"null business", map[string]any{"page_ids": []any{testPageID}, "business_ids": []any{nil}}, "business_ids", "holds a null element at index 0"},
		{"null task", map[string]any{"page_ids": []any{testPageID}, "permitted_tasks": []any{nil}}, "permitted_tasks", "holds a null element"},
		{"null status", map[string]any{"page_ids": []any{testPageID}, "access_statuses": []any{nil}}, "access_statuses", "holds a null element"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := p.listResource(agencyList, tc.cfg, false, 100)
			if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityError || attrPath(diags[0].Attribute) != tc.path || !strings.Contains(diagText(diags[0]), tc.want) {
				t.Fatalf("want one error at %s mentioning %q, got:\n%s", tc.path, tc.want, diagsText(diags))
			}
		})
	}
	if n := emu.TotalCalls(); n != 0 {
		t.Fatalf("%d API calls for configurations refused at validation, want 0", n)
	}
}
