package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// warnExpiringVersion warns, at plan time (the provider is configured for
// every plan), when the configured Graph API version has expired or expires
// within graph.VersionWarningWindow.
func warnExpiringVersion(diags *diag.Diagnostics, version string, now time.Time) {
	if words := graph.VersionExpiryWarning(version, now); words != "" {
		diags.AddAttributeWarning(path.Root("api_version"), "Graph API version expired or expiring", words)
	}
}

// noteNewerVersion logs, at INFO, that the configured version is newer than
// the table: nothing is wrong (Meta serves it), so it is not a warning.
func noteNewerVersion(ctx context.Context, version string) {
	if words := graph.NewerVersionNote(version); words != "" {
		tflog.Info(ctx, words, map[string]any{"api_version": version})
	}
}

// warnServedVersion passes on, once per run, the client's note that Meta
// answered with another Graph API version than the configured one. Every
// operation that calls Meta defers it.
func warnServedVersion(c *graph.Client, diags *diag.Diagnostics) {
	if c == nil {
		return
	}
	if words := c.VersionMismatchWarning(); words != "" {
		diags.AddWarning("Meta answered with another Graph API version", words)
	}
}
