package provider

import (
	"strings"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

func TestHintInPlainWords(t *testing.T) {
	secondary := &graph.Error{Code: graph.CodeInvalidParameter, Subcode: graph.SubcodeSecondaryReceiver, Message: "(#100) ..."}
	if h := hint(secondary); !strings.Contains(h, "secondary receiver") || !strings.Contains(h, "primary receiver") {
		t.Errorf("2018234 hint = %q", h)
	}
	// Other subcodes of code 100 have no explanation of their own.
	if h := hint(&graph.Error{Code: graph.CodeInvalidParameter, Subcode: 33}); h != "" {
		t.Errorf("code 100/33 got a hint: %q", h)
	}

	// An entry for a whole code covers its subcodes without an entry.
	table := plainTable{{551, 0}: "not available", {551, 7}: "subcode 7"}
	for subcode, want := range map[int]string{0: "not available", 1545041: "not available", 7: "subcode 7"} {
		if got, ok := table.explain(&graph.Error{Code: 551, Subcode: subcode}); !ok || got != want {
			t.Errorf("551/%d = %q, %v; want %q", subcode, got, ok, want)
		}
	}
	if _, ok := table.explain(&graph.Error{Code: 100, Subcode: 7}); ok {
		t.Error("another code matched")
	}
}
