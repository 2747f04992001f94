package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// tflogLogger sends the Graph client's log lines to tflog under the
// "graph" subsystem name in the message fields.
type tflogLogger struct{}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

func (tflogLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.Warn(ctx, msg, fields)
}

// withMasking returns ctx with every secret the client knows masked in all
// tflog output of the call: a second line of defence behind the client,
// which never logs tokens in the first place.
func withMasking(ctx context.Context, c *graph.Client) context.Context {
	secrets := c.Secrets()
	ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
	return tflog.MaskMessageStrings(ctx, secrets...)
}
