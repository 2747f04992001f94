package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// People in the conversation fixture.
const (
	psidAlex = "300000000000001"
	psidSam  = "300000000000002"
	psidKim  = "300000000000003"
)

// igsidAlex is Alex's Instagram-scoped id: Instagram participants have a
// username and no name.
const igsidAlex = "17841400000000001"

var conversationsBase = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// seedConversations puts eight conversations on the test page: t_1 to t_5
// in the Messenger inbox (newest first, so three listing pages of two),
// and one each in spam, Instagram's inbox and page_done. t_2 has no link,
// snippet or name and a participant without name or email, so Meta leaves
// those out of its answer.
func seedConversations(emu *graphtest.Emulator) {
	page := graphtest.Participant{ID: testPageID, Name: "Test Page", Email: testPageID + "@facebook.com"}
	alex := graphtest.Participant{ID: psidAlex, Name: "Alex Doe", Email: psidAlex + "@facebook.com"}
	kim := graphtest.Participant{ID: psidKim, Name: "Kim Poe"}
	at := func(hoursAgo int) time.Time { return conversationsBase.Add(-time.Duration(hoursAgo) * time.Hour) }
	for _, c := range []graphtest.Conversation{
		{ID: "t_1", UpdatedTime: at(0), Link: "/100000000000001/inbox/1", Snippet: "Is my order shipped?",
			MessageCount: 6, UnreadCount: 2, CanReply: true, IsSubscribed: true, Tags: []string{"orders"},
			Participants: []graphtest.Participant{alex, page}},
		{ID: "t_2", UpdatedTime: at(1), MessageCount: 3, Tags: []string{"orders", "vip"},
			Participants: []graphtest.Participant{{ID: psidSam}, page}},
		{ID: "t_3", UpdatedTime: at(2), Snippet: "Do you ship abroad?", MessageCount: 1, UnreadCount: 1, CanReply: true,
			Tags: []string{"vip"}, Participants: []graphtest.Participant{alex, page}},
		{ID: "t_4", UpdatedTime: at(3), Snippet: "Thanks", MessageCount: 2, CanReply: true, Participants: []graphtest.Participant{kim, page}},
		{ID: "t_5", UpdatedTime: at(4), Snippet: "Hi", MessageCount: 4, UnreadCount: 4, CanReply: true, Name: "Support",
			Participants: []graphtest.Participant{kim, page}},
		{ID: "t_6", UpdatedTime: at(5), Folder: "spam", Snippet: "Win a prize", MessageCount: 1, UnreadCount: 1,
			Participants: []graphtest.Participant{kim, page}},
		{ID: "t_7", UpdatedTime: at(6), Platform: "INSTAGRAM", Snippet: "Love it", MessageCount: 1, CanReply: true,
			Participants: []graphtest.Participant{{ID: igsidAlex, Username: "alex.doe"}, page}},
		{ID: "t_8", UpdatedTime: at(7), Folder: "page_done", Snippet: "Resolved", MessageCount: 9, CanReply: true,
			Participants: []graphtest.Participant{alex, page}},
	} {
		emu.AddConversation(testPageID, c)
	}
}

func conversationsConfig(emu *graphtest.Emulator, args string) string {
	return providerBlock(emu) + fmt.Sprintf(`
data "facebook_page_conversations" "test" {
  page_id = %q
  %s
}
`, testPageID, args)
}

func expectConversations(check knownvalue.Check) []statecheck.StateCheck {
	return []statecheck.StateCheck{statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("conversations"), check)}
}

func TestCLIPageConversations_multiPageWithEveryField(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	seedConversations(emu)
	pageParticipant := knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id": knownvalue.StringExact(testPageID), "name": knownvalue.StringExact("Test Page"), "email": knownvalue.StringExact(testPageID + "@facebook.com"),
		"username": knownvalue.Null(),
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config: conversationsConfig(emu, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("conversations"), ids("t_1", "t_2", "t_3", "t_4", "t_5")),
				statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("conversations"), knownvalue.ListPartial(map[int]knownvalue.Check{
					0: knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":            knownvalue.StringExact("t_1"),
						"link":          knownvalue.StringExact("/100000000000001/inbox/1"),
						"updated_time":  knownvalue.StringExact("2024-05-01T12:00:00Z"),
						"message_count": knownvalue.Int64Exact(6),
						"unread_count":  knownvalue.Int64Exact(2),
						"snippet":       knownvalue.StringExact("Is my order shipped?"),
						"can_reply":     knownvalue.Bool(true),
						"is_subscribed": knownvalue.Bool(true),
						"name":          knownvalue.Null(),
						"participants": knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectExact(map[string]knownvalue.Check{
								"id": knownvalue.StringExact(psidAlex), "name": knownvalue.StringExact("Alex Doe"), "email": knownvalue.StringExact(psidAlex + "@facebook.com"),
								"username": knownvalue.Null(),
							}),
							pageParticipant,
						}),
					}),
					// What Meta leaves out is null; zeros and false it sends are kept.
					1: knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":            knownvalue.StringExact("t_2"),
						"link":          knownvalue.Null(),
						"updated_time":  knownvalue.StringExact("2024-05-01T11:00:00Z"),
						"message_count": knownvalue.Int64Exact(3),
						"unread_count":  knownvalue.Int64Exact(0),
						"snippet":       knownvalue.Null(),
						"can_reply":     knownvalue.Bool(false),
						"is_subscribed": knownvalue.Bool(false),
						"name":          knownvalue.Null(),
						"participants": knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectExact(map[string]knownvalue.Check{
								"id": knownvalue.StringExact(psidSam), "name": knownvalue.Null(), "email": knownvalue.Null(), "username": knownvalue.Null(),
							}),
							pageParticipant,
						}),
					}),
					4: knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("Support"), "unread_count": knownvalue.Int64Exact(4)}),
				})),
				statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("max_results"), knownvalue.Int64Exact(defaultMaxConversations)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				eachReadTook(emu, graphtest.EndpointConversations, 3, 0),
				lastRequestParam(emu, graphtest.EndpointConversations, "fields", "id,link,updated_time,message_count,unread_count,snippet,can_reply,is_subscribed,name,participants"),
				lastRequestParam(emu, graphtest.EndpointConversations, "limit", "100"),
			),
		}},
	})
}

func TestCLIPageConversations_maxResultsStopsPaging(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	seedConversations(emu)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{
				// Three of five: the second page is cut short and no third is asked for.
				Config:            conversationsConfig(emu, "max_results = 3"),
				ConfigStateChecks: expectConversations(ids("t_1", "t_2", "t_3")),
				Check: resource.ComposeAggregateTestCheckFunc(
					eachReadTook(emu, graphtest.EndpointConversations, 2, 0),
					lastRequestParam(emu, graphtest.EndpointConversations, "limit", "3"),
				),
			},
			{
				PreConfig:         emu.ResetLog,
				Config:            conversationsConfig(emu, "max_results = 1"),
				ConfigStateChecks: expectConversations(ids("t_1")),
				Check:             eachReadTook(emu, graphtest.EndpointConversations, 1, 0),
			},
			{
				// 0 means every conversation.
				PreConfig: emu.ResetLog,
				Config:    conversationsConfig(emu, "max_results = 0"),
				ConfigStateChecks: append(expectConversations(ids("t_1", "t_2", "t_3", "t_4", "t_5")),
					statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("max_results"), knownvalue.Int64Exact(0))),
				Check: eachReadTook(emu, graphtest.EndpointConversations, 3, 0),
			},
		},
	})
}

func TestCLIPageConversations_filters(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	seedConversations(emu)
	step := func(args string, want knownvalue.Check, param, value string) resource.TestStep {
		return resource.TestStep{
			PreConfig:         emu.ResetLog,
			Config:            conversationsConfig(emu, args),
			ConfigStateChecks: expectConversations(want),
			Check:             lastRequestParam(emu, graphtest.EndpointConversations, param, value),
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			step(`folder = "spam"`, ids("t_6"), "folder", "spam"),
			step(`folder = "page_done"`, ids("t_8"), "folder", "page_done"),
			step(`platform = "INSTAGRAM"`, ids("t_7"), "platform", "INSTAGRAM"),
			step(`user_id = "`+psidAlex+`"`, ids("t_1", "t_3"), "user_id", psidAlex),
			step(`tags = ["vip"]`, ids("t_2", "t_3"), "tags", `["vip"]`),
			// Several tags reach Meta unchanged; whether they match all or
			// any of them is undocumented, so no result is asserted.
			{
				PreConfig: emu.ResetLog,
				Config:    conversationsConfig(emu, `tags = ["orders", "vip"]`),
				Check:     lastRequestParam(emu, graphtest.EndpointConversations, "tags", `["orders","vip"]`),
			},
			// Meta's guides write the platform in lower case; it is sent as written.
			step(`platform = "instagram"`, ids("t_7"), "platform", "INSTAGRAM"), // sent in the spec's case
			{
				PreConfig: emu.ResetLog,
				Config:    conversationsConfig(emu, `platform = "Instagram"`),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(conversationsAddr,
					tfjsonpath.New("conversations").AtSliceIndex(0).AtMapKey("participants").AtSliceIndex(0),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.StringExact(igsidAlex), "name": knownvalue.Null(), "email": knownvalue.Null(), "username": knownvalue.StringExact("alex.doe"),
					}))},
			},
			step(`
  folder   = "page_done"
  platform = "MESSENGER"
  user_id  = "`+psidAlex+`"`, ids("t_8"), "user_id", psidAlex),
			// Nothing matches: an empty list, not null.
			step(`folder = "other"`, knownvalue.ListExact([]knownvalue.Check{}), "folder", "other"),
			step(`user_id = "399999999999999"`, knownvalue.ListExact([]knownvalue.Check{}), "user_id", "399999999999999"),
		},
	})
}

func TestCLIPageConversations_apiErrorNamesEndpointCodeAndTrace(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	seedConversations(emu)
	emu.InjectFault(graphtest.Fault{Method: "GET", Endpoint: graphtest.EndpointConversations, Skip: 1, Error: graphtest.MetaError(200)})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			// The second page fails: the read fails rather than returning a partial list.
			Config: conversationsConfig(emu, ""),
			ExpectError: regexp.MustCompile(`(?s)Unable to list the Page's conversations.*GET\s+/v26\.0/` + testPageID + `/conversations:\s+\(#200\)\s+Permissions\s+error` +
				`\s+\(code\s+200,\s+type\s+OAuthException,\s+fbtrace_id\s+[A-Za-z0-9_-]{20,}\).*MESSAGING`),
		}},
	})
	if l := listingCalls(emu, graphtest.EndpointConversations); l.first != 1 || l.failed != 1 {
		t.Fatalf("want one good first page and one refused second page (code 200 is not retried), got %+v", l)
	}
}

func TestCLIPageConversations_throttledPageIsRetried(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	seedConversations(emu)
	// The second page of the first read is throttled twice, then answered.
	f := graphtest.Throttle(graph.CodeMessengerThrottled, 0)
	f.Method, f.Endpoint, f.Skip, f.Times = "GET", graphtest.EndpointConversations, 1, 2
	emu.InjectFault(f)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config:            conversationsConfig(emu, ""),
			ConfigStateChecks: expectConversations(ids("t_1", "t_2", "t_3", "t_4", "t_5")),
			Check:             eachReadTook(emu, graphtest.EndpointConversations, 3, 2),
		}},
	})
}
