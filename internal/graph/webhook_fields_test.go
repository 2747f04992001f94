package graph

import (
	"slices"
	"testing"
)

func TestPageWebhookFieldsAreTheSpecsEnum(t *testing.T) {
	// pagesubscribed_apps_subscribed_fields_enum_param at spec commit ad2b0b6.
	if n := len(PageWebhookFields); n != 106 {
		t.Fatalf("%d webhook fields, want the spec's 106", n)
	}
	for _, f := range []string{"messages", "messaging_postbacks", "messaging_handovers", "feed", "leadgen"} {
		if !slices.Contains(PageWebhookFields, f) {
			t.Errorf("%q is missing", f)
		}
	}
	if got := UnknownWebhookFields([]string{"feed", "brand_new", "messages", "Feed"}); !slices.Equal(got, []string{"brand_new", "Feed"}) {
		t.Fatalf("UnknownWebhookFields = %v", got)
	}
}
