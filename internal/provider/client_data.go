package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// toClient turns the provider data handed to a resource, data source,
// action or ephemeral resource into the shared Graph client, so that each
// Configure method is one line. It returns nil while the provider is not yet
// configured (Terraform validates configurations before configuring).
func toClient(data any, diags *diag.Diagnostics) *graph.Client {
	if data == nil {
		return nil
	}
	c, ok := data.(*graph.Client)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *graph.Client, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return c
}
