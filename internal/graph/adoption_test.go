package graph

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// The create every access edge shares (createGrant): what it keeps of a
// POST whose answer was lost, and what it refuses.

// Meta's answers to a POST, in the shape it sends them.
const (
	transientAnswer = `{"error":{"message":"An unexpected error has occurred. Please retry your request later.","type":"OAuthException","code":1,"is_transient":true,"fbtrace_id":"T1"}}`
	duplicateAnswer = `{"error":{"message":"You are trying to assign a duplicated asset to this agency.","type":"OAuthException","code":3989,"fbtrace_id":"D1"}}`
)

// impliedByManage is a grant of MANAGE as Meta may list it: the role with
// the tasks it implies, some in lower case.
var impliedByManage = `["MANAGE","create_content","MODERATE","MESSAGING","ADVERTISE","analyze"]`

// grantServer is one Page ("1") whose edge lists before until a POST
// arrives, and after once one has; POSTs are carried out, then answered
// in turn from answers (the last one repeating).
type grantServer struct {
	edge          string // "agencies" or "assigned_users"
	before, after string // the one entry listed, as JSON; "" for none
	answers       []postAnswer

	posts, getsAfterPost atomic.Int32
}

type postAnswer struct {
	status int
	body   string
}

func (s *grantServer) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/1/"+s.edge):
		n := int(s.posts.Add(1))
		a := s.answers[min(n, len(s.answers))-1]
		writeJSON(w, a.status, a.body)
	case strings.HasSuffix(r.URL.Path, "/1/"+s.edge):
		entry := s.before
		if s.posts.Load() > 0 {
			s.getsAfterPost.Add(1)
			entry = s.after
		}
		writeJSON(w, 200, `{"data":[`+entry+`]}`)
	case strings.HasSuffix(r.URL.Path, "/1/agencies"): // a person's look lists the Page's agencies
		writeJSON(w, 200, `{"data":[]}`)
	case strings.HasSuffix(r.URL.Path, "/1"): // and asks for the Page's business: none
		writeJSON(w, 200, `{"id":"1"}`)
	default:
		writeJSON(w, 404, `{"error":{"message":"unexpected `+r.Method+` `+r.URL.Path+`","code":100}}`)
	}
}

func newGrantServer(t *testing.T, s *grantServer) *Client {
	t.Helper()
	c, _ := newTestClient(t, s.serve)
	return c
}

// lostThenDuplicate is an agency POST carried out but answered with a
// transient server error, then its repeat answered "already assigned".
var lostThenDuplicate = []postAnswer{{500, transientAnswer}, {400, duplicateAnswer}}

// A POST of MANAGE whose answer was lost, which Meta lists with MANAGE and
// the tasks it implies, is this create's own on both edges that take
// tasks: every posted task is listed.
func TestCreateGrant_lostAnswerListedWithImpliedTasksIsAdopted(t *testing.T) {
	for _, tc := range []struct {
		name   string
		server *grantServer
		create func(*Client) error
		posts  int32
	}{
		{"agency", &grantServer{edge: "agencies", after: `{"id":"12","access_status":"CONFIRMED","permitted_tasks":` + impliedByManage + `}`, answers: lostThenDuplicate},
			func(c *Client) error { return c.CreateAgency(context.Background(), "1", "12", []string{"MANAGE"}) }, 2},
		{"person", &grantServer{edge: "assigned_users", after: `{"id":"42","tasks":` + impliedByManage + `}`, answers: []postAnswer{{500, transientAnswer}}},
			func(c *Client) error {
				return c.CreateAssignedUser(context.Background(), "1", "7", "42", []string{"MANAGE"})
			}, 1 + DefaultMaxRetries},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newGrantServer(t, tc.server)
			if err := tc.create(c); err != nil {
				t.Fatalf("the create's own grant was not adopted: %v", err)
			}
			if n := tc.server.posts.Load(); n != tc.posts {
				t.Errorf("%d POSTs, want %d", n, tc.posts)
			}
			if tc.server.getsAfterPost.Load() == 0 {
				t.Error("adopted without listing the Page after the POST")
			}
		})
	}
}

// A POST whose answer was lost, while Meta lists the grant without one of
// the posted tasks, is not this create's own: the write's error stands.
// For an agency that is Meta's "already assigned", refused with the
// import hint (*ExistingGrantError).
func TestCreateGrant_lostAnswerListedWithoutAPostedTaskIsNotAdopted(t *testing.T) {
	posted := []string{"MANAGE", "ANALYZE"}
	t.Run("agency", func(t *testing.T) {
		s := &grantServer{edge: "agencies", after: `{"id":"12","access_status":"CONFIRMED","permitted_tasks":["ANALYZE","ADVERTISE"]}`, answers: lostThenDuplicate}
		err := newGrantServer(t, s).CreateAgency(context.Background(), "1", "12", posted)
		var existing *ExistingGrantError
		if !errors.As(err, &existing) || !IsAlreadyAssigned(err) {
			t.Fatalf("want Meta's \"already assigned\" as an *ExistingGrantError, got %v", err)
		}
		if !strings.Contains(err.Error(), "business 12 already has access to Page 1") || !strings.Contains(err.Error(), "code 3989") {
			t.Errorf("message: %v", err)
		}
	})
	t.Run("person", func(t *testing.T) {
		s := &grantServer{edge: "assigned_users", after: `{"id":"42","tasks":["ANALYZE"]}`, answers: []postAnswer{{500, transientAnswer}}}
		err := newGrantServer(t, s).CreateAssignedUser(context.Background(), "1", "7", "42", posted)
		if !HasCode(err, 1) {
			t.Fatalf("want the POST's own error (code 1), got %v", err)
		}
	})
}

// Someone else assigns the business between the look and the POST: Meta
// refuses the first and only attempt as "already assigned", so nothing of
// this create's may have been carried out. That is an *ExistingGrantError,
// never adopted, even when the grant is listed with exactly the posted
// tasks, and the listing is not even asked.
func TestCreateAgency_alreadyAssignedToTheFirstAttemptIsNeverAdopted(t *testing.T) {
	s := &grantServer{edge: "agencies", after: `{"id":"12","access_status":"CONFIRMED","permitted_tasks":["ANALYZE"]}`,
		answers: []postAnswer{{400, duplicateAnswer}}}
	err := newGrantServer(t, s).CreateAgency(context.Background(), "1", "12", []string{"ANALYZE"})
	var existing *ExistingGrantError
	if !errors.As(err, &existing) || existing.SameRun || !IsAlreadyAssigned(err) {
		t.Fatalf("want Meta's \"already assigned\" as an *ExistingGrantError, got %v", err)
	}
	if n := s.posts.Load(); n != 1 {
		t.Errorf("%d POSTs, want 1", n)
	}
	if n := s.getsAfterPost.Load(); n != 0 {
		t.Errorf("%d listing calls after a refused POST, want none", n)
	}
}

// A business already listed is refused before any POST, like a person or
// an app, naming what it holds: a PENDING grant is listed without tasks.
func TestCreateAgency_listedBeforeThePostIsRefusedWithoutAPost(t *testing.T) {
	for listed, want := range map[string]string{
		`{"id":"12","access_status":"CONFIRMED","permitted_tasks":["ANALYZE"]}`: "business 12 already holds ANALYZE on Page 1",
		`{"id":"12","access_status":"PENDING"}`:                                 "business 12 already holds access on Page 1",
	} {
		s := &grantServer{edge: "agencies", before: listed, answers: []postAnswer{{200, `{"success":true}`}}}
		err := newGrantServer(t, s).CreateAgency(context.Background(), "1", "12", []string{"ANALYZE"})
		var existing *ExistingGrantError
		if !errors.As(err, &existing) || existing.Refusal != nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("want an *ExistingGrantError from the look saying %q, got %v", want, err)
		}
		if n := s.posts.Load(); n != 0 {
			t.Fatalf("%d POSTs, want none", n)
		}
	}
}

func TestHoldsAll(t *testing.T) {
	for _, tc := range []struct {
		listed, posted []string
		want           bool
	}{
		{[]string{"MANAGE", "ANALYZE"}, []string{"MANAGE"}, true},
		{[]string{"manage"}, []string{"MANAGE"}, true},
		{[]string{"MANAGE"}, []string{"analyze"}, false},
		{[]string{"ANALYZE"}, []string{"MANAGE", "ANALYZE"}, false},
		{nil, []string{"ANALYZE"}, false},
	} {
		if got := holdsAll(tc.listed, tc.posted); got != tc.want {
			t.Errorf("holdsAll(%v, %v) = %v, want %v", tc.listed, tc.posted, got, tc.want)
		}
	}
}
