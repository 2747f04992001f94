package provider

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// badInput is one row of the bad-input catalogue: a configuration, or an
// import id, that must be refused at plan time with an error that names the
// attribute, before any call reaches Meta. To add a row for a new resource,
// data source or action, put its block in config and the words the error
// must show, in order, in want.
type badInput struct {
	name string
	// provider overrides attributes of the default provider block (base_url
	// of the emulator, a valid access_token): attribute name -> HCL
	// expression; "null" leaves the attribute out.
	provider map[string]string
	// env sets environment variables for the row (provider fallbacks);
	// such rows run one at a time.
	env map[string]string
	// config follows the provider block; "" means a valid
	// facebook_page_agency, for rows about the provider.
	config string
	// importID, when set, imports importAs (default facebook_page_agency.test)
	// with this id; config then holds the resource block to import into.
	// instead of planning.
	importID string
	importAs string
	// want are fragments the error output must contain in this order:
	// usually the attribute as Terraform shows it, then the message.
	want []string
}

// badInputs is the catalogue. Terraform shows an attribute error with the
// offending line of configuration ("page_id = ..."), so a fragment naming
// the attribute as written there proves the error is attached to it.
var badInputs = []badInput{
	// Provider: access_token.
	{name: "missing token", provider: map[string]string{"access_token": "null"}, env: map[string]string{envAccessToken: ""},
		want: []string{"Missing Facebook access token", "Set access_token in the provider block or the FACEBOOK_ACCESS_TOKEN"}},
	{name: "empty token", provider: map[string]string{"access_token": `""`},
		want: []string{`access_token = ""`, "length must be between 1 and 4096, got: 0"}},
	{name: "oversized token", provider: map[string]string{"access_token": fmt.Sprintf("%q", strings.Repeat("EAAG", 1025))},
		want: []string{"access_token", "length must be between 1 and 4096"}},
	{name: "oversized token from env", provider: map[string]string{"access_token": "null"}, env: map[string]string{envAccessToken: strings.Repeat("EAAG", 1025)},
		want: []string{"Invalid Facebook access token", "FACEBOOK_ACCESS_TOKEN is longer than 4096 characters"}},
	// Provider: app_secret.
	{name: "empty app secret", provider: map[string]string{"app_secret": `""`},
		want: []string{`app_secret = ""`, "length must be between 1 and 4096, got: 0"}},
	{name: "oversized app secret", provider: map[string]string{"app_secret": fmt.Sprintf("%q", strings.Repeat("f", 4097))},
		want: []string{"app_secret", "length must be between 1 and 4096"}},
	// Provider: api_version.
	{name: "api version without v", provider: map[string]string{"api_version": `"19.0"`},
		want: []string{`api_version = "19.0"`, `"19.0" is not a Graph API version such as v26.0`}},
	{name: "api version without minor", provider: map[string]string{"api_version": `"v19"`},
		want: []string{`api_version = "v19"`, "is not a Graph API version"}},
	{name: "api version latest", provider: map[string]string{"api_version": `"latest"`},
		want: []string{`api_version = "latest"`, "is not a Graph API version"}},
	{name: "api version with patch", provider: map[string]string{"api_version": `"v19.0.1"`},
		want: []string{`api_version = "v19.0.1"`, "is not a Graph API version"}},
	{name: "empty api version", provider: map[string]string{"api_version": `""`},
		want: []string{`api_version = ""`, "is not a Graph API version"}},
	{name: "bad api version from env", env: map[string]string{envAPIVersion: "v20"},
		want: []string{"Invalid Graph API version", `"v20" is not a Graph API version`, "FACEBOOK_API_VERSION"}},
	// Provider: base_url.
	{name: "plain http to a remote host", provider: map[string]string{"base_url": `"http://graph.facebook.com"`},
		want: []string{`base_url = "http://graph.facebook.com"`, "plain http is only allowed for loopback hosts"}},
	{name: "plain http to a private address", provider: map[string]string{"base_url": `"http://10.0.0.1:8080"`},
		want: []string{"base_url", "plain http is only allowed for loopback hosts"}},
	{name: "plain http to a host named like loopback", provider: map[string]string{"base_url": `"http://localhost.example.com"`},
		want: []string{"base_url", "plain http is only allowed for loopback hosts"}},
	{name: "base url with another scheme", provider: map[string]string{"base_url": `"ftp://graph.facebook.com"`},
		want: []string{"base_url", "must use https"}},
	{name: "base url without scheme", provider: map[string]string{"base_url": `"graph.facebook.com"`},
		want: []string{"base_url", "is not an absolute URL"}},
	{name: "base url with a path", provider: map[string]string{"base_url": `"https://graph.facebook.com/v26.0"`},
		want: []string{"base_url", "must be a scheme and host only"}},
	{name: "base url with user info", provider: map[string]string{"base_url": `"https://user:pw@graph.facebook.com"`}, //nolint:gosec // G101: a fake URL the provider must refuse
		want: []string{"base_url", "must be a scheme and host only"}},
	{name: "base url with a query", provider: map[string]string{"base_url": `"https://graph.facebook.com?access_token=x"`},
		want: []string{"base_url", "must be a scheme and host only"}},
	{name: "empty base url", provider: map[string]string{"base_url": `""`},
		want: []string{`base_url = ""`, "is not an absolute URL"}},
	{name: "plain http base url from env", provider: map[string]string{"base_url": "null"}, env: map[string]string{envBaseURL: "http://graph.facebook.com"},
		want: []string{"Invalid Graph API base URL", "plain http is only allowed", "FACEBOOK_BASE_URL"}},
	// Provider: max_retries.
	{name: "negative max retries", provider: map[string]string{"max_retries": "-1"},
		want: []string{"max_retries", "must be between 0 and 50, got: -1"}},
	{name: "too many retries", provider: map[string]string{"max_retries": "51"},
		want: []string{"max_retries", "must be between 0 and 50, got: 51"}},
	{name: "max retries from env not a number", env: map[string]string{envMaxRetries: "five"},
		want: []string{"Invalid FACEBOOK_MAX_RETRIES", `"five" must be a whole number from 0 to 50`}},
	{name: "max retries from env out of range", env: map[string]string{envMaxRetries: "99"},
		want: []string{"Invalid FACEBOOK_MAX_RETRIES", `"99" must be a whole number from 0 to 50`}},
	// Provider: page_access_tokens.
	{name: "page token keyed by a page name", provider: map[string]string{"page_access_tokens": `{ "my-page" = "EAAGx" }`}, //nolint:gosec // G101: a fake token in a config the provider must refuse
		want: []string{"page_access_tokens", "must be a numeric Graph object id"}},
	{name: "empty page token", provider: map[string]string{"page_access_tokens": fmt.Sprintf(`{ %q = "" }`, testPageID)},
		want: []string{"page_access_tokens", "length must be between 1 and 4096"}},
	{name: "oversized page token", provider: map[string]string{"page_access_tokens": fmt.Sprintf(`{ %q = %q }`, testPageID, strings.Repeat("EAAG", 1025))},
		want: []string{"page_access_tokens", "length must be between 1 and 4096"}},

	// facebook_page_agency.
	{name: "agency: unknown task", config: agencyBlock(testPageID, testBusinessID, `["ANALYSE"]`),
		want: []string{`permitted_tasks = ["ANALYSE"]`, `"ANALYSE" is not a valid value: did you mean "ANALYZE"?`}},
	{name: "agency: lowercase task", config: agencyBlock(testPageID, testBusinessID, `["analyze"]`),
		want: []string{`permitted_tasks = ["analyze"]`, `"analyze" is not a valid value: did you mean "ANALYZE"? Values are case-sensitive`}},
	{name: "agency: no task", config: agencyBlock(testPageID, testBusinessID, `[]`),
		want: []string{"permitted_tasks = []", "must contain at least 1 elements"}},
	{name: "agency: empty task", config: agencyBlock(testPageID, testBusinessID, `[""]`),
		want: []string{"permitted_tasks", `"" is not a valid value: Page tasks are spelled UPPER_SNAKE`}},
	{name: "agency: task in another spelling", config: agencyBlock(testPageID, testBusinessID, `["profile-plus-manage"]`),
		want: []string{"permitted_tasks", `did you mean "PROFILE_PLUS_MANAGE"?`}},
	// A null element used to pass plan and fail at apply with the
	// framework's "Value Conversion Error".
	{name: "agency: null task", config: agencyBlock(testPageID, testBusinessID, `[null]`),
		want: []string{"Null element in permitted_tasks", "permitted_tasks = [null]", "permitted_tasks holds a null element"}},
	{name: "agency: null beside a task", config: agencyBlock(testPageID, testBusinessID, `["ANALYZE", null]`),
		want: []string{`permitted_tasks = ["ANALYZE", null]`, "permitted_tasks holds a null element"}},
	{name: "agency: tasks missing", config: fmt.Sprintf("resource \"facebook_page_agency\" \"test\" {\n  page_id     = %q\n  business_id = %q\n}\n", testPageID, testBusinessID),
		want: []string{"Missing required argument", `"permitted_tasks" is required`}},
	{name: "agency: non-numeric page", config: agencyBlock("my-page", testBusinessID, `["ANALYZE"]`),
		want: []string{`page_id = "my-page"`, "must be a numeric Graph object id"}},
	{name: "agency: empty page", config: agencyBlock("", testBusinessID, `["ANALYZE"]`),
		want: []string{`page_id = ""`, "must be a numeric Graph object id"}},
	{name: "agency: negative page", config: agencyBlock("-100000000000001", testBusinessID, `["ANALYZE"]`),
		want: []string{"page_id", "must be a numeric Graph object id"}},
	{name: "agency: page with spaces", config: agencyBlock(" 100000000000001", testBusinessID, `["ANALYZE"]`),
		want: []string{"page_id", "must be a numeric Graph object id"}},
	{name: "agency: oversized page", config: agencyBlock(strings.Repeat("1", 33), testBusinessID, `["ANALYZE"]`),
		want: []string{"page_id", "must be a numeric Graph object id"}},
	{name: "agency: non-numeric business", config: agencyBlock(testPageID, "12ab", `["ANALYZE"]`),
		want: []string{`business_id = "12ab"`, "must be a numeric Graph object id"}},
	{name: "agency: business as URL", config: agencyBlock(testPageID, "https://business.facebook.com/200000000000001", `["ANALYZE"]`),
		want: []string{"business_id", "must be a numeric Graph object id"}},
	{name: "agency: empty business", config: agencyBlock(testPageID, "", `["ANALYZE"]`),
		want: []string{`business_id = ""`, "must be a numeric Graph object id"}},
	{name: "agency: bad create timeout", config: agencyBlock(testPageID, testBusinessID, `["ANALYZE"]`, `timeouts = { create = "soon" }`),
		want: []string{"Invalid Attribute Value Time Duration", `"soon" must be a string containing a sequence of decimal numbers`}},
	{name: "agency: zero create timeout", config: agencyBlock(testPageID, testBusinessID, `["ANALYZE"]`, `timeouts = { create = "0s" }`),
		want: []string{"Invalid timeouts.create", `timeouts.create = "0s" is shorter than 1s`}},
	{name: "agency: negative read timeout", config: agencyBlock(testPageID, testBusinessID, `["ANALYZE"]`, `timeouts = { read = "-5m" }`),
		want: []string{"Invalid timeouts.read", `timeouts.read = "-5m" is shorter than 1s`}},
	{name: "agency: nanosecond delete timeout", config: agencyBlock(testPageID, testBusinessID, `["ANALYZE"]`, `timeouts = { delete = "1ns" }`),
		want: []string{"Invalid timeouts.delete", `timeouts.delete = "1ns" is shorter than 1s`}},
	{name: "agency: unknown argument", config: agencyBlock(testPageID, testBusinessID, `["ANALYZE"]`, `business = "1"`),
		want: []string{"Unsupported argument", `An argument named "business" is not expected here`}},
	{name: "agency: import id without business", importID: testPageID,
		want: []string{"Invalid import id for facebook_page_agency", "must have the form <page_id>/<business_id>", "got 1 segment"}},
	{name: "agency: import id with three segments", importID: testPageID + "/" + testBusinessID + "/1",
		want: []string{"must have the form <page_id>/<business_id>", "got 3 segment"}},
	{name: "agency: import id with empty page", importID: "/" + testBusinessID,
		want: []string{"has an empty page_id"}},
	{name: "agency: import id with trailing slash", importID: testPageID + "/",
		want: []string{"has an empty business_id"}},
	{name: "agency: import id with a name", importID: testPageID + "/acme",
		want: []string{`has business_id "acme", which is not a numeric Graph id`}},
	{name: "agency: import id with spaces", importID: testPageID + " / " + testBusinessID,
		want: []string{"which is not a numeric Graph id"}},
	{name: "agency: import id with an oversized id", importID: testPageID + "/" + strings.Repeat("2", 33),
		want: []string{"business_id", "which is not a numeric Graph id"}},

	// facebook_page_assigned_user.
	{name: "assigned user: near miss of a task", config: assignedUserBlock(testPageID, testBusinessID, testUserID, `["MANAGER"]`),
		want: []string{`tasks       = ["MANAGER"]`, `"MANAGER" is not a valid value: did you mean "MANAGE"?`}},
	{name: "assigned user: lowercase task", config: assignedUserBlock(testPageID, testBusinessID, testUserID, `["manage"]`),
		want: []string{"tasks", `"manage" is not a valid value: did you mean "MANAGE"? Values are case-sensitive`}},
	{name: "assigned user: no task", config: assignedUserBlock(testPageID, testBusinessID, testUserID, `[]`),
		want: []string{"tasks", "must contain at least 1 elements"}},
	{name: "assigned user: null task", config: assignedUserBlock(testPageID, testBusinessID, testUserID, `[null]`),
		want: []string{"Null element in tasks", "tasks = [null]", "tasks holds a null element"}},
	{name: "assigned user: user as a profile URL", config: assignedUserBlock(testPageID, testBusinessID, "https://facebook.com/ann", `["MANAGE"]`),
		want: []string{"user_id", "must be a numeric Graph object id"}},
	{name: "assigned user: empty user", config: assignedUserBlock(testPageID, testBusinessID, "", `["MANAGE"]`),
		want: []string{`user_id     = ""`, "must be a numeric Graph object id"}},
	{name: "assigned user: non-numeric business", config: assignedUserBlock(testPageID, "acme", testUserID, `["MANAGE"]`),
		want: []string{`business_id = "acme"`, "must be a numeric Graph object id"}},
	{name: "assigned user: non-numeric page", config: assignedUserBlock("my-page", testBusinessID, testUserID, `["MANAGE"]`),
		want: []string{`page_id     = "my-page"`, "must be a numeric Graph object id"}},
	{name: "assigned user: business missing", config: fmt.Sprintf("resource \"facebook_page_assigned_user\" \"test\" {\n  page_id = %q\n  user_id = %q\n  tasks = [\"MANAGE\"]\n}\n", testPageID, testUserID),
		want: []string{"Missing required argument", `"business_id" is required`}},
	{name: "assigned user: user_name is not settable", config: strings.Replace(assignedUserBlock(testPageID, testBusinessID, testUserID, `["MANAGE"]`), "tasks", "user_name = \"Ann\"\n  tasks", 1),
		want: []string{"Invalid Configuration for Read-Only Attribute", "user_name"}},
	{name: "assigned user: import id without user", importAs: assignedUserAddr, importID: testPageID + "/" + testBusinessID,
		config: assignedUserBlock(testPageID, testBusinessID, testUserID, `["MANAGE"]`),
		want:   []string{"Invalid import id for facebook_page_assigned_user", "must have the form <page_id>/<business_id>/<user_id>", "got 2 segment"}},
	{name: "assigned user: import id with a user name", importAs: assignedUserAddr, importID: testPageID + "/" + testBusinessID + "/ann",
		config: assignedUserBlock(testPageID, testBusinessID, testUserID, `["MANAGE"]`),
		want:   []string{`has user_id "ann", which is not a numeric Graph id`}},

	// facebook_page_assigned_users.
	{name: "assigned users: business missing", config: dataBlock("facebook_page_assigned_users", testPageLine),
		want: []string{"Missing required argument", `The argument "business_id" is required`}},
	{name: "assigned users: non-numeric business", config: dataBlock("facebook_page_assigned_users", testPageLine+`business_id = "acme"`),
		want: []string{`business_id = "acme"`, "Attribute business_id must be a numeric Graph object id"}},
	{name: "assigned users: non-numeric page", config: dataBlock("facebook_page_assigned_users", `page_id = "p"`+"\n"+`business_id = "`+testBusinessID+`"`),
		want: []string{`page_id = "p"`, "Attribute page_id must be a numeric Graph object id"}},

	// facebook_page_subscribed_app.
	{name: "subscribed app: unknown field", config: subscribedAppBlock(testPageID, `["message"]`, ""),
		want: []string{`subscribed_fields = ["message"]`, `"message" is not a valid value: did you mean "messages"?`}},
	{name: "subscribed app: upper-case field", config: subscribedAppBlock(testPageID, `["MESSAGES"]`, ""),
		want: []string{"subscribed_fields", `"MESSAGES" is not a valid value: did you mean "messages"?`}},
	{name: "subscribed app: no field", config: subscribedAppBlock(testPageID, `[]`, ""),
		want: []string{"subscribed_fields = []", "must contain at least 1 elements"}},
	{name: "subscribed app: null field", config: subscribedAppBlock(testPageID, `[null, "feed"]`, ""),
		want: []string{"Null element in subscribed_fields", `subscribed_fields = [null, "feed"]`, "subscribed_fields holds a null element"}},
	{name: "subscribed app: fields missing", config: fmt.Sprintf("resource \"facebook_page_subscribed_app\" \"test\" {\n  page_id = %q\n}\n", testPageID),
		want: []string{"Missing required argument", `"subscribed_fields" is required`}},
	{name: "subscribed app: non-numeric app", config: subscribedAppBlock(testPageID, `["feed"]`, `app_id = "my-app"`),
		want: []string{`app_id = "my-app"`, "must be a numeric Graph object id"}},
	{name: "subscribed app: non-numeric page", config: subscribedAppBlock("page", `["feed"]`, ""),
		want: []string{`page_id           = "page"`, "must be a numeric Graph object id"}},
	{name: "subscribed app: app_name is not settable", config: subscribedAppBlock(testPageID, `["feed"]`, `app_name = "x"`),
		want: []string{"Invalid Configuration for Read-Only Attribute", "app_name"}},
	{name: "subscribed app: import id without app", importAs: subscribedAppAddr, importID: testPageID,
		config: subscribedAppBlock(testPageID, `["feed"]`, ""),
		want:   []string{"Invalid import id for facebook_page_subscribed_app", "must have the form <page_id>/<app_id>", "got 1 segment"}},
	{name: "subscribed app: import id with an app name", importAs: subscribedAppAddr, importID: testPageID + "/my-app",
		config: subscribedAppBlock(testPageID, `["feed"]`, ""),
		want:   []string{`has app_id "my-app", which is not a numeric Graph id`}},

	// facebook_page_messenger_profile.
	{name: "messenger profile: plain http domain", config: profileBlock(`whitelisted_domains = ["http://shop.example"]`),
		want: []string{`whitelisted_domains = ["http://shop.example"]`, "Meta only whitelists https domains"}},
	{name: "messenger profile: menu without get started", config: profileBlock(profileMenu),
		want: []string{"persistent_menu = [{", `"get_started" must be specified`}},
	{name: "messenger profile: import id with a lower-case platform", importAs: profileAddr, importID: testPageID + "/messenger",
		config: profileBlock(profileDomains),
		want:   []string{"Invalid import id for facebook_page_messenger_profile", "<page_id> or <page_id>/<platform>"}},
	// facebook_page_agencies_exclusive, facebook_page_assigned_users_exclusive.
	{name: "agencies exclusive: non-numeric business", config: "resource \"facebook_page_agencies_exclusive\" \"test\" {\n" + testPageLine + "business_ids = [\"acme\"]\n}\n",
		want: []string{"business_ids", "must be a numeric Graph object id"}},
	{name: "agencies exclusive: set missing", config: "resource \"facebook_page_agencies_exclusive\" \"test\" {\n" + testPageLine + "}\n",
		want: []string{"Missing required argument", `The argument "business_ids" is required`}},
	{name: "agencies exclusive: import id with a business", importAs: "facebook_page_agencies_exclusive.test", importID: testPageID + "/" + testBusinessID,
		config: "resource \"facebook_page_agencies_exclusive\" \"test\" {\n" + testPageLine + "business_ids = []\n}\n",
		want:   []string{"Invalid import id for facebook_page_agencies_exclusive", "must have the form <page_id>", "got 2 segment"}},
	{name: "assigned users exclusive: non-numeric user", config: "resource \"facebook_page_assigned_users_exclusive\" \"test\" {\n" + testPageLine +
		"business_id = \"" + testBusinessID + "\"\nuser_ids = [\"ann\"]\n}\n",
		want: []string{"user_ids", "must be a numeric Graph object id"}},
	{name: "assigned users exclusive: import id without business", importAs: "facebook_page_assigned_users_exclusive.test", importID: testPageID,
		config: "resource \"facebook_page_assigned_users_exclusive\" \"test\" {\n" + testPageLine + "business_id = \"" + testBusinessID + "\"\nuser_ids = []\n}\n",
		want:   []string{"Invalid import id for facebook_page_assigned_users_exclusive", "must have the form <page_id>/<business_id>", "got 1 segment"}},

	{name: "agencies exclusive: null business", config: "resource \"facebook_page_agencies_exclusive\" \"test\" {\n" + testPageLine + "business_ids = [null]\n}\n",
		want: []string{"Null element in business_ids", "business_ids holds a null element"}},
	{name: "messenger profile: null domain", config: profileBlock(`whitelisted_domains = [null]`),
		want: []string{"Null element in whitelisted_domains", "whitelisted_domains holds a null element"}},

	// facebook_business_pages.
	{name: "business pages: non-numeric business", config: dataBlock("facebook_business_pages", `business_id = "acme"`),
		want: []string{`business_id = "acme"`, "Attribute business_id must be a numeric Graph object id"}},

	// facebook_page_subscribed_apps.
	{name: "subscribed apps: non-numeric page", config: dataBlock("facebook_page_subscribed_apps", `page_id = "acme"`),
		want: []string{`page_id = "acme"`, "Attribute page_id must be a numeric Graph object id"}},
	{name: "subscribed apps: missing page", config: dataBlock("facebook_page_subscribed_apps", ""),
		want: []string{"Missing required argument", `The argument "page_id" is required`}},

	// facebook_page_agencies.
	{name: "agencies: non-numeric page", config: dataBlock("facebook_page_agencies", `page_id = "acme"`),
		want: []string{`page_id = "acme"`, "Attribute page_id must be a numeric Graph object id"}},
	{name: "agencies: empty page", config: dataBlock("facebook_page_agencies", `page_id = ""`),
		want: []string{`page_id = ""`, "Attribute page_id must be a numeric Graph object id"}},
	{name: "agencies: oversized page", config: dataBlock("facebook_page_agencies", `page_id = "`+strings.Repeat("1", 33)+`"`),
		want: []string{"Attribute page_id must be a numeric Graph object id of at most 32 digits"}},
	{name: "agencies: missing page", config: dataBlock("facebook_page_agencies", ""),
		want: []string{"Missing required argument", `The argument "page_id" is required`}},

	// facebook_page_conversations.
	{name: "conversations: unknown folder", config: dataBlock("facebook_page_conversations", testPageLine+`folder = "archive"`),
		want: []string{`folder = "archive"`, `folder "archive" is not a valid value: value must be one of "inbox", "other", "page_done", "spam".`}},
	{name: "conversations: upper-case folder", config: dataBlock("facebook_page_conversations", testPageLine+`folder = "INBOX"`),
		want: []string{`folder = "INBOX"`, `folder "INBOX" is not a valid value: did you mean "inbox"?`}},
	{name: "conversations: unknown platform", config: dataBlock("facebook_page_conversations", testPageLine+`platform = "whatsapp"`),
		want: []string{`platform = "whatsapp"`, "Attribute platform value must be one of"}},
	{name: "conversations: non-numeric page", config: dataBlock("facebook_page_conversations", `page_id = "my-page"`),
		want: []string{`page_id = "my-page"`, "Attribute page_id must be a numeric Graph object id"}},
	{name: "conversations: empty page", config: dataBlock("facebook_page_conversations", `page_id = ""`),
		want: []string{"Attribute page_id must be a numeric Graph object id"}},
	{name: "conversations: missing page", config: dataBlock("facebook_page_conversations", ""),
		want: []string{`The argument "page_id" is required`}},
	{name: "conversations: non-numeric user", config: dataBlock("facebook_page_conversations", testPageLine+`user_id = "alex"`),
		want: []string{`user_id = "alex"`, "Attribute user_id must be a numeric Graph object id"}},
	{name: "conversations: oversized user", config: dataBlock("facebook_page_conversations", testPageLine+`user_id = "`+strings.Repeat("3", 33)+`"`),
		want: []string{"Attribute user_id must be a numeric Graph object id of at most 32 digits"}},
	{name: "conversations: negative bound", config: dataBlock("facebook_page_conversations", testPageLine+"max_results = -1"),
		want: []string{"max_results = -1", "Attribute max_results value must be at least 0"}},
	{name: "conversations: empty tag", config: dataBlock("facebook_page_conversations", testPageLine+`tags = [""]`),
		want: []string{"Attribute tags[0] string length must be at least 1"}},
	{name: "conversations: null tag", config: dataBlock("facebook_page_conversations", testPageLine+`tags = ["vip", null, null]`),
		want: []string{`tags = ["vip", null, null]`, "tags holds 2 null elements at indexes 1, 2"}},
	{name: "conversations: bad timeout", config: dataBlock("facebook_page_conversations", testPageLine+`timeouts = { read = "soon" }`),
		want: []string{"Invalid Attribute Value Time Duration", `"soon"`}},

	{name: "conversations: zero timeout", config: dataBlock("facebook_page_conversations", testPageLine+`timeouts = { read = "0s" }`),
		want: []string{"Invalid timeouts.read", `timeouts.read = "0s" is shorter than 1s`}},
	{name: "conversations: sub-second timeout", config: dataBlock("facebook_page_conversations", testPageLine+`timeouts = { read = "999ms" }`),
		want: []string{"Invalid timeouts.read", `timeouts.read = "999ms" is shorter than 1s`}},
	// facebook_page_thread_owner.
	{name: "thread owner: empty recipient", config: dataBlock("facebook_page_thread_owner", testPageLine+`recipient = ""`),
		want: []string{`recipient = ""`, "Attribute recipient must be a non-empty PSID without spaces"}},
	{name: "thread owner: blank recipient", config: dataBlock("facebook_page_thread_owner", testPageLine+`recipient = " "`),
		want: []string{"Attribute recipient must be a non-empty PSID without spaces"}},
	{name: "thread owner: oversized recipient", config: dataBlock("facebook_page_thread_owner", testPageLine+`recipient = "`+strings.Repeat("3", 257)+`"`),
		want: []string{"Attribute recipient must be a non-empty PSID without spaces"}},
	{name: "thread owner: missing recipient", config: dataBlock("facebook_page_thread_owner", testPageLine),
		want: []string{`The argument "recipient" is required`}},
	{name: "thread owner: non-numeric page", config: dataBlock("facebook_page_thread_owner", `page_id = "demo"`+"\n"+`recipient = "`+psidAlex+`"`),
		want: []string{`page_id = "demo"`, "Attribute page_id must be a numeric Graph object id"}},
	{name: "thread owner: app_id is not settable", config: dataBlock("facebook_page_thread_owner", testPageLine+`recipient = "`+psidAlex+`"`+"\n"+`app_id = "1"`),
		want: []string{"Invalid Configuration for Read-Only Attribute", "app_id"}},

	// facebook_page_access_token (ephemeral). The facebook_page_message
	// action's rules are checked through the provider's RPCs in
	// page_message_action_test.go: the terraform these rows run on may
	// predate actions.
	{name: "page token: non-numeric page", config: pageTokenBlock(`page_id = "my-page"`),
		want: []string{`page_id = "my-page"`, "Attribute page_id must be a numeric Graph object id"}},
	{name: "page token: empty page", config: pageTokenBlock(`page_id = ""`),
		want: []string{`page_id = ""`, "Attribute page_id must be a numeric Graph object id"}},
	{name: "page token: oversized page", config: pageTokenBlock(`page_id = "` + strings.Repeat("1", 33) + `"`),
		want: []string{"Attribute page_id must be a numeric Graph object id of at most 32 digits"}},
	{name: "page token: missing page", config: pageTokenBlock(""),
		want: []string{"Missing required argument", `The argument "page_id" is required`}},
	{name: "page token: access_token is not settable", config: pageTokenBlock(testPageLine + `access_token = "EAAGx"`),
		want: []string{"Invalid Configuration for Read-Only Attribute", "access_token"}},
}

// testPageLine starts a data source body with the test page.
const testPageLine = `page_id = "` + testPageID + `"` + "\n"

func dataBlock(dataSource, body string) string {
	return fmt.Sprintf("data %q \"test\" {\n%s\n}\n", dataSource, body)
}

func pageTokenBlock(body string) string {
	return fmt.Sprintf("ephemeral \"facebook_page_access_token\" \"test\" {\n%s\n}\n", body)
}

func (b badInput) providerBlock(emu *graphtest.Emulator) string {
	attrs := map[string]string{"base_url": fmt.Sprintf("%q", emu.URL()), "access_token": fmt.Sprintf("%q", testUserToken)}
	maps.Copy(attrs, b.provider)
	var lines []string
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		if attrs[name] != "null" {
			lines = append(lines, fmt.Sprintf("  %s = %s", name, attrs[name]))
		}
	}
	return "provider \"facebook\" {\n" + strings.Join(lines, "\n") + "\n}\n"
}

// TestCLIBadInputCatalogue runs every row through the terraform CLI: plan
// (or import) must fail with the row's error, and the emulator must not
// have been called.
func TestCLIBadInputCatalogue(t *testing.T) {
	var refused atomic.Int32
	t.Run("rows", func(t *testing.T) {
		for _, row := range badInputs {
			t.Run(row.name, func(t *testing.T) {
				if row.env == nil {
					t.Parallel()
				}
				for k, v := range row.env {
					t.Setenv(k, v)
				}
				emu := newEmulator(t)
				config := row.config
				if config == "" {
					config = agencyBlock(testPageID, testBusinessID, `["ANALYZE"]`)
				}
				step := resource.TestStep{Config: row.providerBlock(emu) + config, ExpectError: wrappedSequence(row.want...)}
				if row.importID != "" {
					step.ResourceName, step.ImportState, step.ImportStateId = "facebook_page_agency.test", true, row.importID
					if row.importAs != "" {
						step.ResourceName = row.importAs
					}
				} else {
					step.PlanOnly = true
				}
				resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: providerFactories(), Steps: []resource.TestStep{step}})
				if n := emu.TotalCalls(); n != 0 {
					t.Fatalf("refusing the input took %d API calls, want 0: %+v", n, emu.Requests())
				}
				if !t.Failed() {
					refused.Add(1)
				}
			})
		}
	})
	t.Logf("bad-input catalogue: %d of %d cases refused at plan time with an attribute error and zero API calls", refused.Load(), len(badInputs))
}
