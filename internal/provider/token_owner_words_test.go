package provider

import (
	"strings"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// The kinds the CLI tests do not reach: a Page token, and an account Meta
// named without saying its kind.
func TestTokenWordsPerKind(t *testing.T) {
	const origin, page = "the provider's access_token argument", "100000000000002"
	cases := []struct {
		name  string
		owner graph.TokenOwner
		want  []string
	}{
		{"page token", graph.TokenOwner{Kind: graph.TokenKindPage, ID: "100000000000001", Name: "Other Page"}, []string{
			`the access token from the provider's access_token argument (not shown here), which is the Page access token of Page "Other Page" (id 100000000000001)`,
			"the token, a Page access token of another Page,",
			"use a user or system-user token with a role on Page " + page + " instead: a Page access token acts only for its own Page.",
		}},
		{"kind not said", graph.TokenOwner{ID: "600000000000001", Name: "Someone"}, []string{
			`which belongs to "Someone" (id 600000000000001), a user or system user`,
			`"Someone" (id 600000000000001)`,
			"assign the person or system user the token belongs to to Page " + page,
		}},
		{"no name", graph.TokenOwner{Kind: graph.TokenKindSystemUser, ID: "444000000000001"}, []string{
			"which belongs to system user id 444000000000001", "system user id 444000000000001",
			"assign Page " + page + " to system user id 444000000000001 as an asset",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newTokenWords(origin, c.owner)
			got := []string{w.token(), w.holder(), w.whatToCheck(page)}
			for i, want := range c.want {
				if !strings.Contains(got[i], want) {
					t.Errorf("part %d = %q, want it to contain %q", i, got[i], want)
				}
			}
		})
	}
}
