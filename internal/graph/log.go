package graph

import (
	"context"
	"fmt"
)

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

// scrubbingLogger removes every secret the client knows at the time of the
// log line from its message and field values. The client logs no
// credentials by design; this keeps it so when a field carries text from
// Meta or from a URL, including tokens exchanged and proofs computed after
// the caller set up its own masking.
type scrubbingLogger struct {
	inner   Logger
	secrets *secrets
}

func (l scrubbingLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	l.inner.Debug(ctx, l.secrets.scrub(msg), l.scrubFields(fields))
}

func (l scrubbingLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	l.inner.Warn(ctx, l.secrets.scrub(msg), l.scrubFields(fields))
}

func (l scrubbingLogger) scrubFields(fields map[string]any) map[string]any {
	out := make(map[string]any, len(fields))
	for k, v := range fields {
		switch s := v.(type) {
		case string:
			out[k] = l.secrets.scrub(s)
		case fmt.Stringer:
			out[k] = l.secrets.scrub(s.String())
		case error:
			out[k] = l.secrets.scrub(s.Error())
		default:
			out[k] = v
		}
	}
	return out
}
