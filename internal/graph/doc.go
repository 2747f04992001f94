// Package graph is the one Meta Graph API client that every resource, data
// source, action and ephemeral resource of the provider goes through.
//
// It owns everything that must be done the same way on every call: the
// Authorization header and appsecret_proof, the Page token exchange, Meta's
// error envelope, cursor paging, retries with backoff for throttling and
// transient faults, and redaction of secrets from anything it logs or returns.
//
// The package deliberately imports nothing from Terraform: it is a plain HTTP
// client, and the provider adapts its Logger to tflog.
package graph
