package internal_test

import (
	"slices"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// pagemessenger_profile_platform_enum_param, transcribed by the client and
// by the emulator, must hold the same values (see
// TestClientAndEmulatorEnumsAgree, whose table this row can join).
func TestClientAndEmulatorProfilePlatformsAgree(t *testing.T) {
	t.Parallel()
	client, emulator := slices.Sorted(slices.Values(graph.ProfilePlatforms)), slices.Sorted(slices.Values(graphtest.ProfilePlatforms()))
	if len(client) == 0 || !slices.Equal(client, emulator) {
		t.Errorf("platforms: client %v, emulator %v", client, emulator)
	}
}
