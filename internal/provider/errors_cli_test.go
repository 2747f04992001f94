package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// TestCLIErrorsPointAtArguments checks, through terraform plan as a user
// runs it, that a Graph error caused by one argument is shown on that
// argument's line, in words that say what to check, with Meta's code kept.
func TestCLIErrorsPointAtArguments(t *testing.T) {
	const (
		pageA     = "100000000000001"
		pageB     = "100000000000002" // exists, but the token's user has no role on it
		noPage    = "100000000000099"
		userToken = "EAAuser-token-errors" //nolint:gosec // G101: a token the emulator is told to accept
		userID    = "555000000000001"
		sysToken  = "EAAsystem-user-token-errors" //nolint:gosec // G101: a token the emulator is told to accept
		sysID     = "444000000000001"
		psid      = "7000000000000001"
	)
	emu := graphtest.Start(t, graphtest.Options{})
	emu.AddPage(pageA, "Page A")
	emu.AddPage(pageB, "Page B")
	emu.AddNamedUser(userToken, userID, "Jane Doe", pageA)
	emu.AddSystemUser(sysToken, sysID, "CI deploy", pageA)
	emu.AddRecipient(pageA, psid)
	const (
		person = `user "Jane Doe" (id ` + userID + `)`
		system = `system user "CI deploy" (id ` + sysID + `)`
	)
	// lookupRefused makes Meta refuse to say whose token it is.
	lookupRefused := graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointMe, Status: 400,
		Error: &graphtest.GraphError{Message: "(#10) Application does not have permission for this action", Type: "OAuthException", Code: 10}}

	cases := []struct {
		name   string
		token  string // FACEBOOK_ACCESS_TOKEN, or TF_VAR_token when viaArg
		viaArg bool
		fault  *graphtest.Fault
		block  string
		want   []string
		// lookups is how many times the provider asks Meta whose token it is.
		lookups int
	}{
		{name: "no such page", token: userToken, lookups: 1,
			block: fmt.Sprintf("data \"facebook_page_agencies\" \"x\" {\n  page_id = %q\n}\n", noPage),
			want: []string{"Cannot act on Page " + noPage, `page_id = "` + noPage + `"`,
				"for the access token from the FACEBOOK_ACCESS_TOKEN environment variable (not shown here), which belongs to " + person + ".",
				"Either no Page has this id, or " + person + " has no role on the Page.",
				"Check that page_id is the Page's numeric id", "give " + person + " a role on Page " + noPage + " with the task this needs", "code 100, subcode 33"}},
		{name: "no such page, system user", token: sysToken, lookups: 1,
			block: fmt.Sprintf("data \"facebook_page_agencies\" \"x\" {\n  page_id = %q\n}\n", noPage),
			want: []string{"Cannot act on Page " + noPage, `page_id = "` + noPage + `"`,
				"for the access token from the FACEBOOK_ACCESS_TOKEN environment variable (not shown here), which belongs to " + system + ".",
				"Either no Page has this id, or " + system + " has no role on the Page.",
				"assign Page " + noPage + " to " + system + " as an asset, with the task this needs (Business Settings > Users > System users > Assign assets", "code 100, subcode 33"}},
		// Meta refusing to say whose token it is leaves the error as it was,
		// with a note.
		{name: "no such page, lookup refused", token: sysToken, fault: &lookupRefused, lookups: 1,
			block: fmt.Sprintf("data \"facebook_page_agencies\" \"x\" {\n  page_id = %q\n}\n", noPage),
			want: []string{"Cannot act on Page " + noPage, `page_id = "` + noPage + `"`,
				"for the access token from the FACEBOOK_ACCESS_TOKEN environment variable (a user or system-user token, not shown here; Meta did not say whose token it is).",
				"Either no Page has this id, or the person or system user that token belongs to has no role on the Page",
				"Check that page_id is the Page's numeric id", "GET /v26.0/" + noPage + ":", "Unsupported get request", "code 100, subcode 33"}},
		// Meta answers the exchange without a token when the user has no
		// role on the Page; the edge then refuses the user's token.
		{name: "no role on the page", token: userToken, lookups: 1,
			block: fmt.Sprintf("data \"facebook_page_conversations\" \"x\" {\n  page_id = %q\n}\n", pageB),
			want: []string{"Unable to list the Page's conversations: no role on Page " + pageB, `page_id = "` + pageB + `"`,
				"Page " + pageB + " exists, but Meta handed out no Page access token of it for the access token from the FACEBOOK_ACCESS_TOKEN environment variable (not shown here), which belongs to " + person,
				person + " has no role on this Page.", "give " + person + " a role on Page " + pageB, "code 200",
				"This call (conversations) needs pages_messaging, pages_manage_metadata and pages_read_engagement, with the MESSAGING or MODERATE task on the Page."}},
		{name: "no role on the page, system user", token: sysToken, lookups: 1,
			block: fmt.Sprintf("data \"facebook_page_conversations\" \"x\" {\n  page_id = %q\n}\n", pageB),
			want: []string{"Unable to list the Page's conversations: no role on Page " + pageB, `page_id = "` + pageB + `"`,
				"which belongs to " + system, system + " has no role on this Page.", "assign Page " + pageB + " to " + system + " as an asset", "code 200"}},
		{name: "no role on the page, lookup refused", token: userToken, fault: &lookupRefused, lookups: 1,
			block: fmt.Sprintf("data \"facebook_page_conversations\" \"x\" {\n  page_id = %q\n}\n", pageB),
			want: []string{"Unable to list the Page's conversations: no role on Page " + pageB, `page_id = "` + pageB + `"`,
				"Meta did not say whose token it is", "the person or system user that token belongs to has no role on this Page (or the token is a Page access token of another Page).",
				"assign the person or system user the token belongs to to Page " + pageB, "code 200"}},
		// Meta names the parameter it refused; the error points at the
		// argument that carries it.
		{name: "unknown business", token: userToken,
			block: fmt.Sprintf("data \"facebook_page_assigned_users\" \"x\" {\n  page_id     = %q\n  business_id = \"900000000000099\"\n}\n", pageA),
			want:  []string{`business_id = "900000000000099"`, "Param business refers to business '900000000000099'", "code 100"}},
		// A refused token says so, and Meta is not asked whose it is.
		{name: "invalid token from the argument", token: "EAAnot-a-known-token", viaArg: true, //nolint:gosec // G101: a token no one accepts
			block: fmt.Sprintf("data \"facebook_page_agencies\" \"x\" {\n  page_id = %q\n}\n", pageA),
			want: []string{"The Facebook access token was refused", "from the provider's access_token argument", "exchanged it for Page " + pageA,
				"code 190", "system-user token"}},
		{name: "unknown recipient", token: userToken,
			block: fmt.Sprintf("data \"facebook_page_thread_owner\" \"x\" {\n  page_id   = %q\n  recipient = \"7000000000000999\"\n}\n", pageA),
			want:  []string{"Unable to read the thread owner", `recipient = "7000000000000999"`, "No matching user found", "code 100, subcode 2018001", "check the recipient"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			provider := fmt.Sprintf("provider \"facebook\" {\n  base_url = %q\n}\n", emu.URL())
			env := "FACEBOOK_ACCESS_TOKEN=" + c.token
			if c.viaArg {
				provider = fmt.Sprintf("variable \"token\" {\n  type      = string\n  sensitive = true\n}\nprovider \"facebook\" {\n  base_url     = %q\n  access_token = var.token\n}\n", emu.URL())
				env = "TF_VAR_token=" + c.token
			}
			emu.ClearFaults()
			if c.fault != nil {
				emu.InjectFault(*c.fault)
			}
			seen := len(emu.Requests())
			tf := newBinaryDir(t, provider+c.block)
			logPath := tf.path("trace.log")
			tf.env = append(tf.env, env, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)
			r := tf.run("plan")
			if r.code == 0 {
				t.Fatalf("plan succeeded:\n%s", r.output())
			}
			// Terraform wraps diagnostic text; compare with spaces folded.
			out := strings.Join(strings.Fields(r.output()), " ")
			for _, w := range c.want {
				if !strings.Contains(out, strings.Join(strings.Fields(w), " ")) {
					t.Errorf("the error lacks %q:\n%s", w, r.output())
				}
			}
			for what, text := range map[string]string{"output": r.output(), "trace log": readFile(t, logPath)} {
				if strings.Contains(text, c.token) {
					t.Errorf("the %s shows the token", what)
				}
			}
			lookups := 0
			for _, req := range emu.Requests()[seen:] {
				if req.Endpoint != graphtest.EndpointMe {
					continue
				}
				lookups++
				if req.TokenSource != "header" || strings.Contains(req.RawQuery, c.token) {
					t.Errorf("GET /me sent the token in the %s (query %q)", req.TokenSource, req.RawQuery)
				}
			}
			if lookups != c.lookups {
				t.Errorf("Meta was asked whose token it is %d times, want %d", lookups, c.lookups)
			}
		})
	}
}
