package main

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// synthetic is a provider that only has a schema, one that uses every schema
// feature the converter handles: block nesting modes with item limits,
// nested attributes in each nesting mode, optional object attributes,
// deprecated, sensitive and write-only attributes, markdown and plain
// descriptions. The Facebook provider uses few of them (no blocks at all),
// so this is what checks the rest against Terraform.
//
// Terraform only asks it for its metadata and schema; the embedded nil
// interface would panic on anything else, which fails the test loudly.
type synthetic struct{ tfprotov6.ProviderServer }

const syntheticAddress = "registry.terraform.io/pageops/synthetic"

func (synthetic) GetMetadata(context.Context, *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return &tfprotov6.GetMetadataResponse{
		ServerCapabilities: &tfprotov6.ServerCapabilities{GetProviderSchemaOptional: false},
		Resources:          []tfprotov6.ResourceMetadata{{TypeName: "synthetic_thing"}},
		DataSources:        []tfprotov6.DataSourceMetadata{{TypeName: "synthetic_thing"}},
		EphemeralResources: []tfprotov6.EphemeralResourceMetadata{{TypeName: "synthetic_secret"}},
		Actions:            []tfprotov6.ActionMetadata{{TypeName: "synthetic_poke"}},
		ListResources:      []tfprotov6.ListResourceMetadata{{TypeName: "synthetic_thing"}},
	}, nil
}

// GetResourceIdentitySchemas is asked by Terraform 1.12 and later.
func (synthetic) GetResourceIdentitySchemas(context.Context, *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov6.GetResourceIdentitySchemasResponse{IdentitySchemas: map[string]*tfprotov6.ResourceIdentitySchema{
		"synthetic_thing": {Version: 3, IdentityAttributes: []*tfprotov6.ResourceIdentitySchemaAttribute{
			{Name: "region", Type: tftypes.String, OptionalForImport: true, Description: "Where it lives."},
			{Name: "serial", Type: tftypes.Number, RequiredForImport: true},
			{Name: "path", Type: tftypes.List{ElementType: tftypes.String}, RequiredForImport: true},
		}},
	}}, nil
}

func (synthetic) GetProviderSchema(context.Context, *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	str := func(name string, set func(*tfprotov6.SchemaAttribute)) *tfprotov6.SchemaAttribute {
		a := &tfprotov6.SchemaAttribute{Name: name, Type: tftypes.String, Optional: true}
		if set != nil {
			set(a)
		}
		return a
	}
	leaf := func() *tfprotov6.SchemaBlock {
		return &tfprotov6.SchemaBlock{Attributes: []*tfprotov6.SchemaAttribute{str("value", nil)}}
	}
	nested := func(name string, mode tfprotov6.SchemaObjectNestingMode) *tfprotov6.SchemaAttribute {
		return &tfprotov6.SchemaAttribute{
			Name:     name,
			Optional: true,
			NestedType: &tfprotov6.SchemaObject{Nesting: mode, Attributes: []*tfprotov6.SchemaAttribute{
				str("label", func(a *tfprotov6.SchemaAttribute) {
					a.Description = "A *label*."
					a.DescriptionKind = tfprotov6.StringKindMarkdown
				}),
				{Name: "count", Type: tftypes.Number, Computed: true},
			}},
		}
	}
	thing := &tfprotov6.Schema{Version: 2, Block: &tfprotov6.SchemaBlock{
		Description:     "A thing with **everything**.",
		DescriptionKind: tfprotov6.StringKindMarkdown,
		Attributes: []*tfprotov6.SchemaAttribute{
			{Name: "id", Type: tftypes.String, Computed: true, Description: "Plain text."},
			str("name", func(a *tfprotov6.SchemaAttribute) { a.Optional, a.Required = false, true }),
			str("secret", func(a *tfprotov6.SchemaAttribute) { a.Sensitive = true }),
			str("password", func(a *tfprotov6.SchemaAttribute) { a.WriteOnly = true }),
			str("old", func(a *tfprotov6.SchemaAttribute) { a.Deprecated = true }),
			{Name: "tags", Type: tftypes.Map{ElementType: tftypes.String}, Optional: true, Computed: true},
			{Name: "ports", Type: tftypes.List{ElementType: tftypes.Number}, Optional: true},
			{Name: "flags", Type: tftypes.Set{ElementType: tftypes.Bool}, Optional: true},
			{Name: "pair", Type: tftypes.Tuple{ElementTypes: []tftypes.Type{tftypes.String, tftypes.Number}}, Optional: true},
			{Name: "anything", Type: tftypes.DynamicPseudoType, Optional: true},
			{Name: "shape", Optional: true, Type: tftypes.Object{
				AttributeTypes:     map[string]tftypes.Type{"kind": tftypes.String, "size": tftypes.Number},
				OptionalAttributes: map[string]struct{}{"size": {}},
			}},
			nested("one", tfprotov6.SchemaObjectNestingModeSingle),
			nested("many", tfprotov6.SchemaObjectNestingModeList),
			nested("unique", tfprotov6.SchemaObjectNestingModeSet),
			nested("named", tfprotov6.SchemaObjectNestingModeMap),
		},
		BlockTypes: []*tfprotov6.SchemaNestedBlock{
			{TypeName: "single", Nesting: tfprotov6.SchemaNestedBlockNestingModeSingle, MinItems: 1, MaxItems: 1, Block: leaf()},
			{TypeName: "group", Nesting: tfprotov6.SchemaNestedBlockNestingModeGroup, Block: leaf()},
			{TypeName: "list", Nesting: tfprotov6.SchemaNestedBlockNestingModeList, MinItems: 1, MaxItems: 3, Block: &tfprotov6.SchemaBlock{
				Deprecated: true,
				Attributes: []*tfprotov6.SchemaAttribute{str("value", nil)},
				BlockTypes: []*tfprotov6.SchemaNestedBlock{
					{TypeName: "inner", Nesting: tfprotov6.SchemaNestedBlockNestingModeSet, Block: leaf()},
				},
			}},
			{TypeName: "set", Nesting: tfprotov6.SchemaNestedBlockNestingModeSet, MaxItems: 2, Block: leaf()},
			{TypeName: "map", Nesting: tfprotov6.SchemaNestedBlockNestingModeMap, Block: leaf()},
		},
	}}
	small := &tfprotov6.Schema{Block: leaf()}
	return &tfprotov6.GetProviderSchemaResponse{
		Provider: &tfprotov6.Schema{Block: &tfprotov6.SchemaBlock{
			Attributes: []*tfprotov6.SchemaAttribute{str("endpoint", nil)},
			BlockTypes: []*tfprotov6.SchemaNestedBlock{{TypeName: "retry", Nesting: tfprotov6.SchemaNestedBlockNestingModeList, Block: leaf()}},
		}},
		ResourceSchemas:          map[string]*tfprotov6.Schema{"synthetic_thing": thing},
		DataSourceSchemas:        map[string]*tfprotov6.Schema{"synthetic_thing": small},
		EphemeralResourceSchemas: map[string]*tfprotov6.Schema{"synthetic_secret": small},
		ActionSchemas:            map[string]*tfprotov6.ActionSchema{"synthetic_poke": {Schema: small}},
		ListResourceSchemas: map[string]*tfprotov6.Schema{"synthetic_thing": {Block: &tfprotov6.SchemaBlock{
			Description: "Lists things.",
			Attributes: []*tfprotov6.SchemaAttribute{
				{Name: "names", Type: tftypes.List{ElementType: tftypes.String}, Required: true, Description: "Which."},
				str("prefix", nil),
			},
		}}},
	}, nil
}
