package graphtest

import (
	"slices"
	"strings"
)

// AgencyAnswer is how the emulator answers about one business's access to
// any page: the ways Meta is known to grant and spell the same grant
// differently from what was asked. The zero value answers like the
// reference page: CONFIRMED, with the tasks exactly as posted.
//
// Meta documents permitted_tasks on a listed agency only as "the permissions
// of tasks associated with the access request"
// (https://developers.facebook.com/docs/graph-api/reference/page/agencies/):
// nothing promises that a read echoes what was posted.
type AgencyAnswer struct {
	// Pending makes POST /{page-id}/agencies grant access_status PENDING, as
	// Meta does for an agency claim made without the right Page permission:
	// a Page admin approves or denies it later
	// (https://developers.facebook.com/docs/marketing-api/business-manager/asset-management/pages).
	// SetAgencyStatus(page, business, AccessConfirmed) is the approval.
	Pending bool
	// NoTasksWhilePending lists the grant without permitted_tasks for as
	// long as its access_status is not CONFIRMED.
	NoTasksWhilePending bool
	// LowerCase lists permitted_tasks in lower case.
	LowerCase bool
	// ExpandRoles lists every task a granted role implies along with it
	// (MANAGE → CREATE_CONTENT, MODERATE, MESSAGING, ADVERTISE, ANALYZE, ...).
	ExpandRoles bool
	// ExtraTasks are listed on top of the granted tasks: a value Meta added
	// that no client knows yet, for instance.
	ExtraTasks []string
}

// impliedTasks are the tasks the classic Page roles bundle, each role
// including the ones below it, as Meta's Pages API overview tabulates them
// (https://developers.facebook.com/docs/pages-api/overview#tasks): admin
// (MANAGE), editor (CREATE_CONTENT), moderator (MODERATE), advertiser
// (ADVERTISE), analyst (ANALYZE). assumption: Meta lists a role-expanded
// grant as the union of those tasks; the emulator's own list, not the
// client's.
var impliedTasks = map[string][]string{
	"MANAGE":         {"CREATE_CONTENT", "MODERATE", "MESSAGING", "ADVERTISE", "ANALYZE"},
	"CREATE_CONTENT": {"MODERATE", "MESSAGING", "ADVERTISE", "ANALYZE"},
	"MODERATE":       {"MESSAGING", "ADVERTISE", "ANALYZE"},
	"ADVERTISE":      {"ANALYZE"},
}

// SetAgencyAnswer sets how grants to businessID, and to its people on the
// assigned_users edge, are answered from now on, on every page; the zero AgencyAnswer restores the plain answer.
func (e *Emulator) SetAgencyAnswer(businessID string, a AgencyAnswer) {
	a.ExtraTasks = append([]string(nil), a.ExtraTasks...)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.agencyAnswers == nil {
		e.agencyAnswers = map[string]AgencyAnswer{}
	}
	e.agencyAnswers[businessID] = a
}

// grantedStatus is the access_status a POST gives businessID. Caller holds e.mu.
func (e *Emulator) grantedStatus(businessID string) string {
	if e.agencyAnswers[businessID].Pending {
		return AccessPending
	}
	return AccessConfirmed
}

// listedTasks is permitted_tasks as the listing spells the grant, or nil
// when the field is left out. Caller holds e.mu.
func (e *Emulator) listedTasks(a *agencyState) []string {
	ans := e.agencyAnswers[a.businessID]
	if ans.NoTasksWhilePending && a.status != AccessConfirmed {
		return nil
	}
	return answeredTasks(ans, a.tasks)
}

// answeredTasks spells granted tasks as ans says: the agencies listing for
// the business, and the assigned_users listing for its people.
func answeredTasks(ans AgencyAnswer, tasks []string) []string {
	out := []string{}
	add := func(t string) {
		if ans.LowerCase {
			t = strings.ToLower(t)
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	for _, t := range tasks {
		add(t)
		if ans.ExpandRoles {
			for _, implied := range impliedTasks[t] {
				add(implied)
			}
		}
	}
	for _, t := range ans.ExtraTasks {
		add(t)
	}
	return out
}
