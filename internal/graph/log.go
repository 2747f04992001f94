package graph

import "context"

// Logger receives the client's structured log lines. The provider adapts it
// to tflog; tests can capture it. Fields never carry tokens or proofs: the
// client only logs methods, paths without query strings, statuses, attempts
// and fbtrace ids.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}
func (nopLogger) Warn(context.Context, string, map[string]any)  {}
