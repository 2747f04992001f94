// Package tools holds the code generation behind `make generate` (and its
// alias `make docs`), which runs `cd tools && go generate ./...`.
//
// First the examples are formatted, since tfplugindocs copies them into the
// docs verbatim; then docs/ is rendered from the provider's schema, examples/
// and templates/. tfplugindocs is pinned in go.mod as a tool dependency, and
// reads the schema through the terraform CLI on PATH.
package tools

//go:generate terraform fmt -recursive ../examples/
//go:generate go tool tfplugindocs generate --provider-dir .. --provider-name facebook
