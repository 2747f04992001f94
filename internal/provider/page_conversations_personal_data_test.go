package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// TestCLIPageConversations_personalData checks the care the data source
// takes with people's data: Terraform treats snippets and emails as
// sensitive (an output of one must say so), and include_participants =
// false keeps participants out of the request and out of state.
func TestCLIPageConversations_personalData(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	seedConversations(emu)
	refused := regexp.MustCompile(`Output refers to sensitive values`)
	output := func(expr string) string {
		return conversationsConfig(emu, "") + "\noutput \"leak\" {\n  value = " + expr + "\n}\n"
	}
	allNull := knownvalue.ListExact([]knownvalue.Check{
		knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("t_1"), "participants": knownvalue.Null(), "snippet": knownvalue.StringExact("Is my order shipped?")}),
		knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("t_2"), "participants": knownvalue.Null()}),
		knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("t_3"), "participants": knownvalue.Null()}),
		knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("t_4"), "participants": knownvalue.Null()}),
		knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("t_5"), "participants": knownvalue.Null()}),
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{
			{Config: output("data.facebook_page_conversations.test.conversations[0].snippet"), ExpectError: refused},
			{Config: output("data.facebook_page_conversations.test.conversations[0].participants[0].email"), ExpectError: refused},
			// Names and ids are not marked: counting people must stay easy.
			{Config: output("length(data.facebook_page_conversations.test.conversations[0].participants)")},
			{
				Config: conversationsConfig(emu, "include_participants = false"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(conversationsAddr, tfjsonpath.New("conversations"), allNull),
				},
				Check: lastRequestParam(emu, graphtest.EndpointConversations, "fields", "id,link,updated_time,message_count,unread_count,snippet,can_reply,is_subscribed,name"),
			},
		},
	})
}
