package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// importHint tells how to bring an existing object named by ids (in import
// id order) under Terraform: the import command, an import block by id and,
// on Terraform 1.12 and later, an import block by identity. Errors that
// refuse to take over access someone else gave end with it.
func (g graphIDs) importHint(ids ...string) string {
	id := strings.Join(ids, "/")
	width := 0
	for _, p := range g.parts {
		width = max(width, len(p.name))
	}
	var identity strings.Builder
	for i, p := range g.parts {
		fmt.Fprintf(&identity, "    %-*s = %q\n", width, p.name, ids[i])
	}
	return fmt.Sprintf("To manage the existing one, import it:\n\n"+
		"  terraform import <resource address> %s\n\n"+
		"or add an import block:\n\n"+
		"  import {\n    to = <resource address>\n    id = %q\n  }\n\n"+
		"or, on Terraform 1.12 and later, by identity:\n\n"+
		"  import {\n    to       = <resource address>\n    identity = {\n%s    }\n  }",
		id, id, identity.String())
}

// addGrantCreateError reports why a create of access (createGrant: an
// agency, a person, an app) failed. existingSummary heads the refusal to
// take over access that was there before; failed heads any other failure.
// ids name the resource, for the import hint.
func addGrantCreateError(diags *diag.Diagnostics, err error, existingSummary, failed string, g graphIDs, ids ...string) {
	var existing *graph.ExistingGrantError
	var unknown *graph.AdoptionCheckError
	switch {
	case errors.As(err, &unknown):
		// First: the write it wraps may itself be an *ExistingGrantError
		// (Meta's "already assigned" after a lost answer).
		addAPIError(diags, "Unable to learn whether the access was given", err)
	case errors.As(err, &existing) && existing.SameRun:
		diags.AddError("Two resources manage the same access",
			fmt.Sprintf("%s. Only one resource may manage it: destroying either would take the other's access away. Remove the duplicate from the configuration.", err.Error()))
	case errors.As(err, &existing):
		diags.AddError(existingSummary,
			fmt.Sprintf("%s.\n\nTerraform does not take it over, since destroying this resource would then take away access it never gave. %s",
				err.Error(), g.importHint(ids...)))
	default:
		addAPIError(diags, failed, err)
	}
}
