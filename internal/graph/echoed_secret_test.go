package graph

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// A successful answer that echoes a credential where Meta sends none is
// refused, naming where it stood and never showing the credential; the
// places Meta does put a token (paging links, the exchange) are accepted.
func TestAnswerEchoingACredentialIsRefused(t *testing.T) {
	proof := AppSecretProof(testSecret, testPageToken)
	last := len(testPageToken) - 1
	escaped := testPageToken[:last] + fmt.Sprintf(`\u%04x`, testPageToken[last]) // its last character as an escape
	for _, tc := range []struct{ name, entry, where string }{
		{"token in a name", `{"id":"7","name":"` + testPageToken + `"}`, "data[0].name"},
		{"token behind an escape", `{"id":"7","name":"` + escaped + `"}`, "data[0].name"},
		{"proof after a control character", `{"id":"7","name":"\u0003` + proof[1:] + `"}`, "data[0].name"},
		{"configured token in a task", `{"id":"7","permitted_tasks":["ANALYZE","x` + testToken + `"]}`, "data[0].permitted_tasks[1]"},
		{"token as a member name", `{"id":"7","` + testPageToken + `":"x"}`, "the name of a member of data[0]"},
		{"token in a cursor", `{"id":"7"}],"paging":{"cursors":{"after":"` + testPageToken + `"}},"more":[1`, "paging.cursors.after"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, `{"data":[`+tc.entry+`]}`)
			}, func(cfg *Config) { cfg.AppSecret = testSecret; cfg.MaxRetries = -1 })
			_, err := c.ListAgencies(context.Background(), "1")
			if err == nil {
				t.Fatal("the answer was accepted")
			}
			if want := "holds one of the credentials this provider sends, in " + tc.where + ","; !strings.Contains(err.Error(), want) {
				t.Fatalf("want %q in: %v", want, err)
			}
			checkErrorText(t, err)
		})
	}
}

func TestTokensWhereMetaPutsThemAreAccepted(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/v26.0/5":
			// A Page token asked for with a Page token: Meta answers the same one.
			writeJSON(w, 200, `{"id":"5","access_token":"`+testToken+`"}`)
		case r.URL.Query().Get("after") == "":
			writeJSON(w, 200, fmt.Sprintf(`{"data":[{"id":"7","name":"Caf\u00e9 \u0026 Co"}],"paging":{"cursors":{"after":"c1"},`+
				`"next":"http://%s/v26.0/5/agencies?access_token=%s&after=c1","previous":"http://%[1]s/v26.0/5/agencies?access_token=%[2]s&before=c0"}}`, r.Host, testToken))
		default:
			writeJSON(w, 200, `{"data":[{"id":"8"}]}`)
		}
	})
	agencies, err := c.ListAgencies(context.Background(), "5")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(agencies); strings.Join(got, ",") != "7,8" || agencies[0].Name != "Café & Co" {
		t.Fatalf("listed %v (%q)", got, agencies[0].Name)
	}
}

// The fast test must not let through a secret hidden behind an escape, and
// should let through the escapes Meta writes in ordinary answers.
func TestMayHoldSecret(t *testing.T) {
	for _, tc := range []struct {
		body  string
		tails []string
		want  bool
	}{
		{`{"name":"xyzsecret"}`, []string{"secret"}, true},
		{`{"name":"xyz\u0073ecret"}`, []string{"secret"}, true},
		{`{"name":"app\/key"}`, []string{"p/key"}, true},
		{`{"next":"https:\/\/graph.facebook.com\/v26.0\/1\/agencies?after=x\u0026limit=100"}`, []string{"secret"}, false},
		{`{"name":"Caf\u00e9 \u003cb\u003e"}`, []string{"secret"}, false},
		{`{"name":"cut \u00`, []string{"secret"}, false},
	} {
		if got := mayHoldSecret([]byte(tc.body), tc.tails); got != tc.want {
			t.Errorf("mayHoldSecret(%s, %q) = %v", tc.body, tc.tails, got)
		}
	}
}
