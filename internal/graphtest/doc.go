// Package graphtest is an offline emulator of the parts of Meta's Graph API
// that terraform-provider-facebook uses: the Page node (page token exchange),
// the Page edges it reads and writes, GET /app and GET /me (whose token it is).
//
// It is an independent reading of Meta's public reference: the Page edge
// pages (developers.facebook.com/docs/graph-api/reference/page/agencies/,
// .../conversations/, .../thread_owner/, .../messages/), the error-handling
// and rate-limiting guides, and Meta's SDK spec (facebook/facebook-business-sdk-codegen, api_specs/specs/Page.json). It deliberately
// imports nothing from internal/graph or Terraform, so that the client and the
// emulator can catch each other's misreadings. Where Meta documents a
// behaviour, the emulator does it strictly; where Meta is silent, it picks a
// plausible strict behaviour, marked in the code with "assumption:".
//
// Typical use in a test:
//
//	e := graphtest.Start(t, graphtest.Options{MaxLimit: 2})
//	pageToken := e.AddPage("100000000000001", "Demo Page")
//	e.AddUser("user-token", "100000000000001")                              // a person with a role on the Page
//	e.AddSystemUser("ci-token", "444000000000001", "CI deploy", "100000000000001") // a system user assigned the Page
//	e.InjectFault(graphtest.Throttle(80001, 5)) // with Times to limit it
//
// The standalone command in cmd/graph-emulator serves the demo seed
// (SeedDemo) for shell-driven acceptance runs.
package graphtest
