package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// addAPIError reports a failed Graph call as an error diagnostic whose detail
// carries the endpoint, Meta's code, subcode, message and fbtrace_id (all in
// the error's text) and, where one helps, what to do about it.
func addAPIError(diags *diag.Diagnostics, summary string, err error) {
	diags.AddError(summary, err.Error()+hint(err))
}

func hint(err error) string {
	var throttled *graph.ThrottleWaitError
	if errors.As(err, &throttled) {
		return ""
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "\n\nThe operation ran out of time. Raise the resource's timeouts or try again later."
	}
	if errors.Is(err, context.Canceled) {
		return "\n\nThe operation was cancelled."
	}
	var ge *graph.Error
	if !errors.As(err, &ge) {
		return ""
	}
	switch {
	case ge.Throttled():
		return "\n\nMeta is rate limiting these calls and the retries are used up. Wait a while, lower -parallelism, or raise max_retries."
	case ge.Code == graph.CodeOAuth:
		return "\n\nThe access token is invalid or expired. Set a valid token in access_token or " + envAccessToken + "."
	case ge.Code == graph.CodePermission:
		return "\n\nThe token lacks a permission or Page task this call needs. Page edges need a Page access token from someone with the right task on the Page (MANAGE for agencies, MESSAGING for conversations and messages)."
	case ge.UserTitle != "":
		return fmt.Sprintf("\n\n%s.", ge.UserTitle)
	}
	return ""
}
