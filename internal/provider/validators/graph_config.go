package validators

import (
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// APIVersion applies graph.ValidateAPIVersion at plan time.
func APIVersion() validator.String {
	return StringFunc("must be a Graph API version such as "+graph.DefaultAPIVersion, graph.ValidateAPIVersion)
}

// BaseURL applies graph.ValidateBaseURL at plan time, so a remote
// plain-http URL is refused before any token could be sent.
func BaseURL() validator.String {
	return StringFunc("must be https://host, or http:// for a loopback host", func(s string) error {
		_, err := graph.ValidateBaseURL(s)
		return err
	})
}
