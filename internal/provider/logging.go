package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// graphSubsystem is the tflog subsystem of the Graph client's log lines:
// they show as "provider.graph" and follow TF_LOG_PROVIDER_FACEBOOK, or
// TF_LOG_PROVIDER_FACEBOOK_GRAPH for the client alone.
const graphSubsystem = "graph"

// secretFieldKeys are log field names whose values are always masked, should
// a future log line carry one: the client logs none of them today.
var secretFieldKeys = []string{"access_token", "app_secret", "appsecret_proof", "token", "authorization"}

// tflogLogger sends the Graph client's log lines to tflog's graph subsystem.
type tflogLogger struct{}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemDebug(ctx, graphSubsystem, msg, fields)
}

func (tflogLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemWarn(ctx, graphSubsystem, msg, fields)
}

// clientLogger is the Graph client's logger: none when no one asked for
// logs (see QuietUnrequestedLogs), so the client builds no fields for them.
func clientLogger() graph.Logger {
	if !logsWanted {
		return nil
	}
	return tflogLogger{}
}

// withMasking returns ctx with the graph subsystem set up for one call and
// every secret the client knows masked in all tflog output of the call, the
// provider's and the subsystem's: a second line of defence behind the
// client, which never logs tokens in the first place.
func withMasking(ctx context.Context, c *graph.Client) context.Context {
	if !logsWanted {
		return ctx // every logger is off: nothing to mask, and masks cost a logger copy each
	}
	secrets := c.Secrets()
	ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
	ctx = tflog.MaskMessageStrings(ctx, secrets...)
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretFieldKeys...)
	// A subsystem keeps its own masks. Its location offset skips the
	// client's scrubbing logger and this adapter, so @caller names the
	// client code that logged.
	ctx = tflog.NewSubsystem(ctx, graphSubsystem,
		tflog.WithLevelFromEnv("TF_LOG_PROVIDER_FACEBOOK", "GRAPH"),
		tflog.WithAdditionalLocationOffset(2))
	ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, graphSubsystem, secrets...)
	ctx = tflog.SubsystemMaskMessageStrings(ctx, graphSubsystem, secrets...)
	return tflog.SubsystemMaskFieldValuesWithFieldKeys(ctx, graphSubsystem, secretFieldKeys...)
}
