package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// Meta's Conversations API allows 2 calls per second per Page
// (https://developers.facebook.com/documentation/business-messaging/messenger-platform/overview/rate-limiting).
// Reading every conversation (max_results = 0) through pages of two stays
// within it: by the emulator's arrival times, any two calls on the Page are
// at least half a second apart, so no second holds three.
func TestCLIPageConversations_pagingStaysWithinTwoCallsASecond(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	for i := range 9 {
		emu.AddConversation(testPageID, graphtest.Conversation{ID: fmt.Sprintf("t_%d", i), UpdatedTime: conversationsBase.Add(-time.Duration(i) * time.Hour)})
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config:            conversationsConfig(emu, "max_results = 0"),
			ConfigStateChecks: expectConversations(knownvalue.ListSizeExact(9)),
			Check: func(*terraform.State) error {
				var times []time.Time
				for _, r := range emu.Requests() {
					if r.Endpoint == graphtest.EndpointConversations && r.PageID == testPageID {
						times = append(times, r.Time)
					}
				}
				if len(times) < 5 { // nine conversations in pages of two
					return fmt.Errorf("%d conversation calls, want at least 5", len(times))
				}
				for i := 1; i < len(times); i++ {
					if gap := times[i].Sub(times[i-1]); gap < graph.ConversationCallInterval {
						return fmt.Errorf("conversation call %d came %s after the previous one: more than 2 calls a second", i+1, gap)
					}
				}
				return nil
			},
		}},
	})
}

// The platform is sent in the case of Meta's spec (INSTAGRAM), however the
// configuration spells it.
func TestCLIPageConversations_platformSentInTheSpecsCase(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t)
	seedConversations(emu)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		Steps: []resource.TestStep{{
			Config:            conversationsConfig(emu, `platform = "instagram"`),
			ConfigStateChecks: expectConversations(ids("t_7")),
			Check:             lastRequestParam(emu, graphtest.EndpointConversations, "platform", "INSTAGRAM"),
		}},
	})
}

// A listing that answers only empty pages, each linking to a new one, ends
// with the listing-limit error after graph.MaxEmptyPages calls, for the
// agencies and for the conversations (spaced half a second apart).
func TestCLIHostile_endlessEmptyPagesStop(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, endpoint, config string
	}{
		{"agencies", graphtest.EndpointAgencies, `data "facebook_page_agencies" "all" { page_id = "` + testPageID + `" }`},
		{"conversations", graphtest.EndpointConversations, `data "facebook_page_conversations" "all" {
  page_id     = "` + testPageID + `"
  max_results = 0
}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			emu := newEmulator(t)
			emu.AddEndlessEmptyPages(tc.endpoint, testPageID)
			tf := newInProcessDir(t, providerBlock(emu)+tc.config)
			start := time.Now()
			r := tf.run("plan")
			t.Logf("%s: stopped after %d calls in %s", tc.name, emu.Calls("GET", tc.endpoint), time.Since(start).Round(time.Millisecond))
			if r.code == 0 {
				t.Fatalf("plan succeeded on an endless listing:\n%s", r.output())
			}
			out := strings.Join(strings.Fields(r.output()), " ")
			for _, want := range []string{"GET /" + graph.DefaultAPIVersion + "/" + testPageID + "/", "empty pages in a row", "(MaxEmptyPages)"} {
				if !strings.Contains(out, want) {
					t.Errorf("the error lacks %q:\n%s", want, r.output())
				}
			}
			if n := emu.Calls("GET", tc.endpoint); n != graph.MaxEmptyPages {
				t.Errorf("%d listing calls, want graph.MaxEmptyPages (%d)", n, graph.MaxEmptyPages)
			}
		})
	}
}
