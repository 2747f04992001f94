package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// listedResource is one result of a list resource, decoded: the identity's
// string attributes and, when asked for, the resource object's.
type listedResource struct {
	displayName string
	identity    map[string]string
	resource    map[string]tftypes.Value // nil unless include_resource
}

// listResource is what `terraform query` runs for one list block:
// ValidateListResourceConfig, then, when valid, ListResource, read to the
// end. It returns the results and every diagnostic, validation's included.
func (p *rpcProvider) listResource(typeName string, cfg map[string]any, includeResource bool, limit int64) ([]listedResource, []*tfprotov6.Diagnostic) {
	p.t.Helper()
	lister, ok := p.server.(tfprotov6.ProviderServerWithListResource) //nolint:staticcheck // SA1019: deprecated until ProviderServer gains its methods
	if !ok {
		p.t.Fatalf("%T does not serve list resources", p.server)
	}
	schema := p.schemas.ListResourceSchemas[typeName]
	if schema == nil {
		p.t.Fatalf("no list resource %s", typeName)
	}
	config := p.dynamicValue(schema, cfg)
	v, err := lister.ValidateListResourceConfig(context.Background(), &tfprotov6.ValidateListResourceConfigRequest{TypeName: typeName, Config: config})
	if err != nil {
		p.t.Fatal(err)
	}
	if hasError(v.Diagnostics) {
		return nil, v.Diagnostics
	}
	stream, err := lister.ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: typeName, Config: config, IncludeResource: includeResource, Limit: limit,
	})
	if err != nil {
		p.t.Fatal(err)
	}
	ids, err := p.server.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || hasError(ids.Diagnostics) {
		p.t.Fatalf("GetResourceIdentitySchemas: %v %s", err, diagsText(ids.Diagnostics))
	}
	var (
		out   []listedResource
		diags = v.Diagnostics
	)
	for r := range stream.Results {
		diags = append(diags, r.Diagnostics...)
		if r.Identity == nil {
			continue
		}
		l := listedResource{displayName: r.DisplayName, identity: map[string]string{}}
		for name, val := range p.decodeObject(r.Identity.IdentityData, ids.IdentitySchemas[typeName].ValueType()) {
			var s string
			if err := val.As(&s); err != nil {
				p.t.Fatalf("identity %s: %v", name, err)
			}
			l.identity[name] = s
		}
		if r.Resource != nil {
			l.resource = p.decodeObject(r.Resource, p.schemas.ResourceSchemas[typeName].ValueType())
		}
		out = append(out, l)
	}
	return out, diags
}

func (p *rpcProvider) decodeObject(dv *tfprotov6.DynamicValue, typ tftypes.Type) map[string]tftypes.Value {
	p.t.Helper()
	val, err := dv.Unmarshal(typ)
	if err != nil {
		p.t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := val.As(&attrs); err != nil {
		p.t.Fatal(err)
	}
	return attrs
}

// listOK is listResource for a list that must succeed: any diagnostic
// fails the test.
func listOK(t *testing.T, p *rpcProvider, typeName string, cfg map[string]any, includeResource bool, limit int64) []listedResource {
	t.Helper()
	results, diags := p.listResource(typeName, cfg, includeResource, limit)
	if len(diags) != 0 {
		t.Fatalf("list diagnostics:\n%s", diagsText(diags))
	}
	return results
}

// listedIDs are the import ids of results: the identity attributes names,
// joined with "/".
func listedIDs(results []listedResource, names ...string) []string {
	out := make([]string, len(results))
	for i, r := range results {
		parts := make([]string, len(names))
		for j, n := range names {
			parts[j] = r.identity[n]
		}
		out[i] = strings.Join(parts, "/")
	}
	return out
}
