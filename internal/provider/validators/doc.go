// Package validators holds every schema validator and id pattern the
// provider's resources, data sources, action and ephemeral resource use, so
// that a new argument reuses the same checks and the same wording. Each
// validator attaches its error to the attribute being validated; none of
// them calls the Graph API.
package validators
