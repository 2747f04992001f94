package internal_test

import (
	"slices"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
	"github.com/pageops/terraform-provider-facebook/internal/metaspec"
)

// The client's enum tables are generated from the excerpt of Meta's SDK
// specification (internal/metaspec/page_spec.json), and the emulator keeps
// its own hand-written reading; neither may import the other (TestLayers).
// Both are held against the excerpt here: the client's in the excerpt's
// order (so a table not regenerated after an edit of the excerpt fails),
// the emulator's in any order, as it keeps the order of its own source or
// error message.
func TestClientAndEmulatorEnumsMatchTheExcerpt(t *testing.T) {
	t.Parallel()
	spec, err := metaspec.Excerpt()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		enum             string
		client, emulator []string
		clientInOrder    bool
	}{
		{"pageagencies_permitted_tasks_enum_param", graph.PageTasks, graphtest.AgencyTasks(), true},
		{"pageassigned_users_tasks_enum_param", graph.PageTasks, graphtest.AssignedUserTasks(), false},
		{"pagesubscribed_apps_subscribed_fields_enum_param", graph.PageWebhookFields, graphtest.WebhookFields(), true},
		{"pageconversations_platform_enum_param", graph.ConversationPlatforms, nil, true},
		{"pagemessages_messaging_type_enum_param", graph.MessagingTypes, nil, false},
		{"pagemessages_notification_type_enum_param", graph.NotificationTypes, nil, false},
		{"pagemessages_sender_action_enum_param", graph.SenderActions, nil, false},
	} {
		want, ok := spec.EnumValues(tc.enum)
		if !ok || len(want) == 0 {
			t.Errorf("the excerpt has no enum %s", tc.enum)
			continue
		}
		sorted := slices.Sorted(slices.Values(want))
		if tc.clientInOrder && !slices.Equal(tc.client, want) {
			t.Errorf("%s: the client's table is not the excerpt's (run go generate ./internal/graph): only the client: %v; only the excerpt: %v",
				tc.enum, missing(tc.client, want), missing(want, tc.client))
		}
		if client := slices.Sorted(slices.Values(tc.client)); !slices.Equal(client, sorted) {
			t.Errorf("%s: only the client: %v; only the excerpt: %v", tc.enum, missing(client, sorted), missing(sorted, client))
		}
		if tc.emulator == nil {
			continue
		}
		if emulator := slices.Sorted(slices.Values(tc.emulator)); !slices.Equal(emulator, sorted) {
			t.Errorf("%s: only the emulator: %v; only the excerpt: %v", tc.enum, missing(emulator, sorted), missing(sorted, emulator))
		}
	}
}

// missing is what of want is not in have.
func missing(want, have []string) []string {
	var out []string
	for _, v := range want {
		if !slices.Contains(have, v) {
			out = append(out, v)
		}
	}
	return out
}
