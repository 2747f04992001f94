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
	plainErrors[graphCode{551, 0}] = "not available"
	t.Cleanup(func() { delete(plainErrors, graphCode{551, 0}) })
	if h := hint(&graph.Error{Code: 551, Subcode: 1545041}); h != "\n\nnot available" {
		t.Errorf("code-wide fallback = %q", h)
	}
}
