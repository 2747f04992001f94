// Package tools holds the code generation behind `make generate` (and its
// alias `make docs`), which runs `cd tools && go generate ./...`.
//
// First the examples are formatted, since tfplugindocs copies them into the
// docs verbatim. Then the provider's schema is written, in the JSON form of
// `terraform providers schema -json`, by ./providerschema, which asks the
// provider itself: tfplugindocs would otherwise get it from the terraform on
// PATH, and a Terraform older than 1.14 knows no actions, so the
// facebook_page_message page would be missing. Last, docs/ is rendered from
// that schema, examples/ and templates/ by tfplugindocs, pinned in go.mod as
// a tool dependency. .ci/run validates docs/ against the same file.
package tools

//go:generate terraform fmt -recursive ../examples/
//go:generate go run ./providerschema -key facebook -o ../.tmp/providers-schema.json
//go:generate go tool tfplugindocs generate --provider-dir .. --provider-name facebook --providers-schema ../.tmp/providers-schema.json
