package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// benchUserToken is the emulator user every scenario configures the
// provider with; the provider exchanges it for each Page's token.
const benchUserToken = "EAABbenchUSERtoken0123456789" //nolint:gosec // G101: a token the emulator made up, valid nowhere else

// Kinds of scenario: what the N resources are.
const (
	// kindAgencies: N facebook_page_agency, each a different business.
	kindAgencies = ""
	// kindUsers: N facebook_page_assigned_user, each a different user of
	// one business (Meta lists a Page's users one business at a time).
	kindUsers = "users"
)

// scenario is N resources of one kind spread over P Pages.
type scenario struct {
	N, P int
	Kind string
	// Order is the emulator's listing order of the scenario's edge (see
	// orders.go): "" for oldest first.
	Order string
}

func (s scenario) String() string {
	name := fmt.Sprintf("%d×%d", s.N, s.P)
	if s.Kind != kindAgencies {
		name += " " + s.Kind
	}
	if s.Order != "" {
		name += " @" + s.Order
	}
	return name
}

func pageID(i int) string     { return fmt.Sprintf("1%014d", i+1) }
func businessID(i int) string { return fmt.Sprintf("2%014d", i+1) }
func userID(i int) string     { return fmt.Sprintf("4%014d", i+1) }

// endpoint is the edge the scenario's resources live on: its GETs are the
// listing calls, its POSTs the creates.
func (s scenario) endpoint() string {
	if s.Kind == kindUsers {
		return graphtest.EndpointAssignedUsers
	}
	return graphtest.EndpointAgencies
}

// pageOf is the Page of resource i: round robin, so Pages hold N/P each.
func (s scenario) pageOf(i int) int { return i % s.P }

// floor is the fewest listing calls a refresh can make: one complete
// listing per Page (and, for users, the one business), ceil(entries/limit)
// calls each.
func (s scenario) floor(limit int) int {
	perPage := make([]int, s.P)
	for i := range s.N {
		perPage[s.pageOf(i)]++
	}
	calls := 0
	for _, n := range perPage {
		calls += (n + limit - 1) / limit
	}
	return calls
}

// seed creates the user, the Pages and the businesses (and, for users, the
// business's users); nothing is assigned yet: the apply phase does that.
func (s scenario) seed(e *graphtest.Emulator) {
	pages := make([]string, s.P)
	for p := range s.P {
		pages[p] = pageID(p)
		e.AddPage(pages[p], fmt.Sprintf("Bench Page %d", p+1))
	}
	e.AddUser(benchUserToken, pages...)
	e.SetListingOrder(s.endpoint(), listingOrders[s.Order])
	if s.Kind == kindUsers {
		e.AddBusiness(businessID(0), "Bench Business")
		for _, p := range pages {
			e.SetPageOwner(p, businessID(0))
		}
		for i := range s.N {
			e.AddBusinessUser(businessID(0), userID(i), fmt.Sprintf("Bench User %d", i+1), graphtest.UserTypeSystem)
		}
		return
	}
	for i := range s.N {
		e.AddBusiness(businessID(i), fmt.Sprintf("Bench Agency %d", i+1))
	}
}

// writeConfig writes the scenario's main.tf into dir. The resources use
// count, as the peer's do: for_each over a local map of N objects costs
// Terraform itself time that grows with N per instance (measured at 1000
// time_static: 2.4 times the CPU of count, whatever the provider), which
// would hide the providers' own costs from the comparison.
func (s scenario) writeConfig(dir, baseURL string) error {
	resources := fmt.Sprintf(`
# Resource i: Page pageID(i %% P), business businessID(i).
resource "facebook_page_agency" "bench" {
  count           = %d
  page_id         = format("1%%014d", count.index %% %d + 1)
  business_id     = format("2%%014d", count.index + 1)
  permitted_tasks = ["ANALYZE"]
}
`, s.N, s.P)
	if s.Kind == kindUsers {
		resources = fmt.Sprintf(`
# Resource i: Page pageID(i %% P), user userID(i) of business businessID(0).
resource "facebook_page_assigned_user" "bench" {
  count       = %d
  page_id     = format("1%%014d", count.index %% %d + 1)
  business_id = %q
  user_id     = format("4%%014d", count.index + 1)
  tasks       = ["ANALYZE"]
}
`, s.N, s.P, businessID(0))
	}
	config := fmt.Sprintf(`terraform {
  required_providers {
    facebook = { source = "pageops/facebook" }
  }
}

provider "facebook" {
  base_url     = %q
  access_token = %q
}
%s`, baseURL, benchUserToken, resources)
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600)
}

// assigned counts what the emulator holds over the scenario's Pages:
// agencies, or assigned users.
func (s scenario) assigned(e *graphtest.Emulator) int {
	n := 0
	for p := range s.P {
		if s.Kind == kindUsers {
			n += len(e.AssignedUsers(pageID(p)))
		} else {
			n += len(e.Agencies(pageID(p)))
		}
	}
	return n
}
