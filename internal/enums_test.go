package internal_test

import (
	"slices"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// The client and the emulator each transcribe Meta's enums from the SDK
// specification (github.com/facebook/facebook-business-sdk-codegen,
// api_specs/specs/enum_types.json), and neither may import the other
// (TestLayers). So that the two copies cannot drift apart unseen, they must
// hold the same values; the order may differ, as each keeps the order its
// own source or error message uses.
func TestClientAndEmulatorEnumsAgree(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		enum             string
		client, emulator []string
	}{
		{"pageagencies_permitted_tasks_enum_param", graph.PageTasks, graphtest.AgencyTasks()},
		{"pageassigned_users_tasks_enum_param", graph.PageTasks, graphtest.AssignedUserTasks()},
		{"pagesubscribed_apps_subscribed_fields_enum_param", graph.PageWebhookFields, graphtest.WebhookFields()},
	} {
		client, emulator := slices.Sorted(slices.Values(tc.client)), slices.Sorted(slices.Values(tc.emulator))
		if len(client) == 0 || !slices.Equal(client, emulator) {
			t.Errorf("%s: the client has %d values and the emulator %d; only the client: %v; only the emulator: %v",
				tc.enum, len(client), len(emulator), missing(client, emulator), missing(emulator, client))
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
