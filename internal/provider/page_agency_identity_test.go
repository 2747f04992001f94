package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

func agencyIdentity(pageID, businessID string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"page_id": knownvalue.StringExact(pageID), "business_id": knownvalue.StringExact(businessID)}
}

// importByIdentityConfig is what examples/resources/facebook_page_agency/
// import-by-identity.tf shows: the resource and an import block naming it by
// identity.
func importByIdentityConfig(emu *graphtest.Emulator, pageID, businessID string, tasks ...string) string {
	return agencyConfig(emu, tasks...) + identityImportBlock(agencyAddr, "page_id", pageID, "business_id", businessID)
}

func TestCLIPageAgency_identityFollowsTheResource(t *testing.T) {
	emu := newEmulator(t)
	identityTest(t,
		resource.TestStep{
			Config: agencyConfig(emu, "ANALYZE"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentity(agencyAddr, agencyIdentity(testPageID, testBusinessID)),
				statecheck.ExpectIdentityValueMatchesState(agencyAddr, tfjsonpath.New("page_id")),
				statecheck.ExpectIdentityValueMatchesState(agencyAddr, tfjsonpath.New("business_id")),
			},
		},
		// The identity the state holds imports the agency back with
		// no change to plan.
		identityImportStep(agencyAddr),
	)
}

// An agency that exists before Terraform manages it is adopted with an
// import block naming it by identity; the next plan is empty.
func TestCLIPageAgency_importByIdentity(t *testing.T) {
	emu := newEmulator(t)
	seedOtherAgencies(emu, 3)
	emu.SetAgency(testPageID, testBusinessID, []string{"ANALYZE", "ADVERTISE"})
	config := importByIdentityConfig(emu, testPageID, testBusinessID, "ADVERTISE", "ANALYZE")
	identityTest(t,
		adoptStep(config, agencyAddr,
			statecheck.ExpectIdentity(agencyAddr, agencyIdentity(testPageID, testBusinessID)),
			statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("id"), knownvalue.StringExact(testPageID+"/"+testBusinessID)),
			statecheck.ExpectKnownValue(agencyAddr, tfjsonpath.New("business_name"), knownvalue.StringExact(testBusiness)),
		),
		// Before the test's final destroy, which removes the agency.
		emptyPlanStep(config, emulatorHasAgency(emu, "ADVERTISE", "ANALYZE"), noWrites(emu, graphtest.EndpointAgencies)),
	)
}

func TestCLIPageAgency_importByBadIdentityFailsBeforeAnyCall(t *testing.T) {
	emu := newEmulator(t)
	identityTest(t, resource.TestStep{
		Config:      importByIdentityConfig(emu, "my-page", testBusinessID, "ANALYZE"),
		ExpectError: wrappedSequence("Invalid import identity for facebook_page_agency", `page_id "my-page", which is not a numeric Graph id`),
	})
	if n := emu.Calls("", graphtest.EndpointAgencies); n != 0 {
		t.Fatalf("%d calls to the agencies edge for a bad identity, want 0", n)
	}
}

// The RPC tests below cover what the CLI tests cannot on a Terraform
// without identities, and what no CLI sends.

func TestPageAgencyImport_byIdentityWritesStateAndIdentity(t *testing.T) {
	emu := newEmulator(t)
	p := newRPCProvider(t, emu)
	resp := p.importByIdentity(map[string]any{"page_id": testPageID, "business_id": testBusinessID})
	if hasError(resp.Diagnostics) || len(resp.ImportedResources) != 1 {
		t.Fatalf("import: %s", diagsText(resp.Diagnostics))
	}
	got := resp.ImportedResources[0]
	state := p.decodeObject(got.State, p.schemas.ResourceSchemas["facebook_page_agency"].ValueType())
	for name, want := range map[string]string{"id": testPageID + "/" + testBusinessID, "page_id": testPageID, "business_id": testBusinessID} {
		if !state[name].Equal(tftypes.NewValue(tftypes.String, want)) {
			t.Errorf("state %s = %s, want %q", name, state[name], want)
		}
	}
	if got.Identity == nil {
		t.Fatal("no identity imported")
	}
	if n := emu.TotalCalls(); n != 0 {
		t.Errorf("import made %d calls; the read that follows it lists the Page", n)
	}
}

func TestPageAgencyImport_badIdentitiesFailBeforeAnyCall(t *testing.T) {
	emu := newEmulator(t)
	p := newRPCProvider(t, emu)
	for _, tc := range []struct {
		identity map[string]any
		want     string
	}{
		{map[string]any{"page_id": testPageID, "business_id": nil}, "the import identity has no business_id; set every one of: page_id, business_id"},
		{map[string]any{"page_id": "", "business_id": testBusinessID}, "the import identity has no page_id"},
		{map[string]any{"page_id": testPageID, "business_id": "acme/1"}, `business_id "acme/1", which is not a numeric Graph id`},
	} {
		resp := p.importByIdentity(tc.identity)
		if text := diagsText(resp.Diagnostics); !hasError(resp.Diagnostics) || !strings.Contains(text, "Invalid import identity for facebook_page_agency") || !strings.Contains(text, tc.want) {
			t.Errorf("identity %v: want an error saying %q, got:\n%s", tc.identity, tc.want, text)
		}
	}
	if n := emu.TotalCalls(); n != 0 {
		t.Fatalf("%d API calls for bad identities, want 0", n)
	}
}

// A CLI without identities (OpenTofu, Terraform < 1.12) sends none; the
// refresh gives the state one, so a later Terraform finds it. When the agency
// is gone the framework still wants an identity with the removal.
func TestPageAgencyRead_givesStateWithoutIdentityOne(t *testing.T) {
	for _, tc := range []struct {
		name     string
		assigned bool
	}{{"assigned", true}, {"removed outside Terraform", false}} {
		t.Run(tc.name, func(t *testing.T) {
			emu := newEmulator(t)
			if tc.assigned {
				emu.SetAgency(testPageID, testBusinessID, []string{"ANALYZE"})
			}
			p := newRPCProvider(t, emu)
			schema := p.schemas.ResourceSchemas["facebook_page_agency"]
			resp, err := p.server.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{
				TypeName: "facebook_page_agency",
				CurrentState: p.dynamicValue(schema, map[string]any{
					"id": testPageID + "/" + testBusinessID, "page_id": testPageID, "business_id": testBusinessID, "permitted_tasks": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "ANALYZE")}),
				}),
			})
			if err != nil || hasError(resp.Diagnostics) {
				t.Fatalf("ReadResource: %v %s", err, diagsText(resp.Diagnostics))
			}
			state, err := resp.NewState.Unmarshal(schema.ValueType())
			if err != nil || state.IsNull() == tc.assigned {
				t.Fatalf("state after the read: %v (%v), want it kept only when the agency is assigned", state, err)
			}
			if resp.NewIdentity == nil {
				t.Fatal("the refresh left the resource without an identity")
			}
			got := p.decodeObject(resp.NewIdentity.IdentityData, p.identitySchema("facebook_page_agency").ValueType())
			if !got["page_id"].Equal(tftypes.NewValue(tftypes.String, testPageID)) || !got["business_id"].Equal(tftypes.NewValue(tftypes.String, testBusinessID)) {
				t.Fatalf("identity %v, want page_id %s and business_id %s", got, testPageID, testBusinessID)
			}
		})
	}
}

func (p *rpcProvider) identitySchema(typeName string) *tfprotov6.ResourceIdentitySchema {
	p.t.Helper()
	ids, err := p.server.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || hasError(ids.Diagnostics) || ids.IdentitySchemas[typeName] == nil {
		p.t.Fatalf("GetResourceIdentitySchemas %s: %v %s", typeName, err, diagsText(ids.Diagnostics))
	}
	return ids.IdentitySchemas[typeName]
}

// importByIdentity is what an import block with `identity` makes Terraform
// send.
func (p *rpcProvider) importByIdentity(identity map[string]any) *tfprotov6.ImportResourceStateResponse {
	p.t.Helper()
	typ := p.identitySchema("facebook_page_agency").ValueType()
	val, err := toValue(typ, identity)
	if err != nil {
		p.t.Fatal(err)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, val)
	if err != nil {
		p.t.Fatal(err)
	}
	resp, err := p.server.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{
		TypeName: "facebook_page_agency", Identity: &tfprotov6.ResourceIdentityData{IdentityData: &dv},
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp
}
