package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/zclconf/go-cty/cty"
)

// providerSchema turns the provider's GetProviderSchema answer into the
// terraform-json form that `terraform providers schema -json` prints and
// tfplugindocs reads. It mirrors Terraform's own conversion (its
// internal/command/jsonprovider package), which main_test.go checks against
// the real CLI.
func providerSchema(ctx context.Context, server tfprotov6.ProviderServer) (*tfjson.ProviderSchema, error) {
	resp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	if err := firstError("GetProviderSchema", resp.Diagnostics); err != nil {
		return nil, err
	}

	ids, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, err
	}
	if err := firstError("GetResourceIdentitySchemas", ids.Diagnostics); err != nil {
		return nil, err
	}

	var c converter
	out := &tfjson.ProviderSchema{
		ConfigSchema:             c.schema(resp.Provider),
		ResourceSchemas:          schemaMap(resp.ResourceSchemas, c.schema),
		DataSourceSchemas:        schemaMap(resp.DataSourceSchemas, c.schema),
		EphemeralResourceSchemas: schemaMap(resp.EphemeralResourceSchemas, c.schema),
		ActionSchemas: schemaMap(resp.ActionSchemas, func(s *tfprotov6.ActionSchema) *tfjson.ActionSchema {
			// Terraform prints an action as its config block only.
			return &tfjson.ActionSchema{Block: c.schema(s.Schema).Block}
		}),
		// Terraform prints a list resource's config block as the provider
		// sends it (it wraps it in a "config" block only internally).
		ListResourceSchemas:     schemaMap(resp.ListResourceSchemas, c.schema),
		ResourceIdentitySchemas: schemaMap(ids.IdentitySchemas, c.identity),
	}
	// Functions and state stores would need converting too; refuse rather
	// than silently leave them out of the docs.
	if n := len(resp.Functions) + len(resp.StateStoreSchemas); n > 0 {
		return nil, fmt.Errorf("the provider has %d functions or state stores, which this converter does not handle yet", n)
	}
	return out, c.err
}

func firstError(rpc string, diags []*tfprotov6.Diagnostic) error {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return fmt.Errorf("%s: %s: %s", rpc, d.Summary, d.Detail)
		}
	}
	return nil
}

// identity converts a resource identity schema as Terraform prints it:
// attributes only, each with its type and whether import needs it.
func (c *converter) identity(s *tfprotov6.ResourceIdentitySchema) *tfjson.IdentitySchema {
	out := &tfjson.IdentitySchema{Version: nonNegative(s.Version), Attributes: make(map[string]*tfjson.IdentityAttribute, len(s.IdentityAttributes))}
	for _, a := range s.IdentityAttributes {
		out.Attributes[a.Name] = &tfjson.IdentityAttribute{
			IdentityType:      c.ctyType(a.Name, a.Type),
			Description:       a.Description,
			RequiredForImport: a.RequiredForImport,
			OptionalForImport: a.OptionalForImport,
		}
	}
	return out
}

// converter carries the first error met, so that the recursive conversion
// reads as plain data mapping.
type converter struct{ err error }

func (c *converter) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf(format, args...)
	}
}

// schemaMap converts every schema of one kind; nil when there are none, as
// Terraform omits empty kinds.
func schemaMap[In, Out any](in map[string]In, conv func(In) Out) map[string]Out {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]Out, len(in))
	for name, s := range in {
		out[name] = conv(s)
	}
	return out
}

func (c *converter) schema(s *tfprotov6.Schema) *tfjson.Schema {
	if s == nil {
		return &tfjson.Schema{Block: &tfjson.SchemaBlock{}}
	}
	return &tfjson.Schema{Version: nonNegative(s.Version), Block: c.block(s.Block)}
}

func (c *converter) block(b *tfprotov6.SchemaBlock) *tfjson.SchemaBlock {
	if b == nil {
		return &tfjson.SchemaBlock{}
	}
	out := &tfjson.SchemaBlock{
		Attributes:      c.attributes(b.Attributes),
		Description:     b.Description,
		DescriptionKind: descriptionKind(b.DescriptionKind),
		Deprecated:      b.Deprecated,
	}
	if len(b.BlockTypes) > 0 {
		out.NestedBlocks = make(map[string]*tfjson.SchemaBlockType, len(b.BlockTypes))
	}
	for _, nb := range b.BlockTypes {
		out.NestedBlocks[nb.TypeName] = &tfjson.SchemaBlockType{
			NestingMode: c.blockNesting(nb.TypeName, nb.Nesting),
			Block:       c.block(nb.Block),
			MinItems:    nonNegative(nb.MinItems),
			MaxItems:    nonNegative(nb.MaxItems),
		}
	}
	return out
}

func (c *converter) attributes(attrs []*tfprotov6.SchemaAttribute) map[string]*tfjson.SchemaAttribute {
	if len(attrs) == 0 {
		return nil
	}
	out := make(map[string]*tfjson.SchemaAttribute, len(attrs))
	for _, a := range attrs {
		attr := &tfjson.SchemaAttribute{
			Description:     a.Description,
			DescriptionKind: descriptionKind(a.DescriptionKind),
			Deprecated:      a.Deprecated,
			Required:        a.Required,
			Optional:        a.Optional,
			Computed:        a.Computed,
			Sensitive:       a.Sensitive,
			WriteOnly:       a.WriteOnly,
		}
		// An attribute has either a type or nested attributes, never both.
		if a.NestedType != nil {
			attr.AttributeNestedType = &tfjson.SchemaNestedAttributeType{
				Attributes:  c.attributes(a.NestedType.Attributes),
				NestingMode: c.objectNesting(a.Name, a.NestedType.Nesting),
			}
		} else {
			attr.AttributeType = c.ctyType(a.Name, a.Type)
		}
		out[a.Name] = attr
	}
	return out
}

// ctyType converts an attribute's protocol type to the cty type Terraform
// prints (in cty's JSON type form: "string", ["list","string"], ...).
func (c *converter) ctyType(name string, t tftypes.Type) cty.Type {
	if t == nil {
		c.fail("attribute %q has neither a type nor nested attributes", name)
		return cty.NilType
	}
	ty, err := toCty(t)
	if err != nil {
		c.fail("attribute %q: %w", name, err)
	}
	return ty
}

// toCty is written out rather than going through tftypes' own JSON form,
// whose MarshalJSON terraform-plugin-go reserves for itself (deprecated).
func toCty(t tftypes.Type) (cty.Type, error) {
	switch {
	case t == nil:
		return cty.NilType, errors.New("missing element type")
	case t.Is(tftypes.String):
		return cty.String, nil
	case t.Is(tftypes.Number):
		return cty.Number, nil
	case t.Is(tftypes.Bool):
		return cty.Bool, nil
	case t.Is(tftypes.DynamicPseudoType):
		return cty.DynamicPseudoType, nil
	}
	switch t := t.(type) {
	case tftypes.List:
		e, err := toCty(t.ElementType)
		return cty.List(e), err
	case tftypes.Set:
		e, err := toCty(t.ElementType)
		return cty.Set(e), err
	case tftypes.Map:
		e, err := toCty(t.ElementType)
		return cty.Map(e), err
	case tftypes.Tuple:
		elems := make([]cty.Type, len(t.ElementTypes))
		for i, et := range t.ElementTypes {
			e, err := toCty(et)
			if err != nil {
				return cty.NilType, err
			}
			elems[i] = e
		}
		return cty.Tuple(elems), nil
	case tftypes.Object:
		attrs := make(map[string]cty.Type, len(t.AttributeTypes))
		for name, at := range t.AttributeTypes {
			a, err := toCty(at)
			if err != nil {
				return cty.NilType, err
			}
			attrs[name] = a
		}
		return cty.ObjectWithOptionalAttrs(attrs, slices.Sorted(maps.Keys(t.OptionalAttributes))), nil
	}
	return cty.NilType, fmt.Errorf("unsupported type %s", t)
}

// blockNestings and objectNestings are how Terraform's JSON schema names
// the nesting modes of blocks and of nested attributes.
var (
	blockNestings = map[tfprotov6.SchemaNestedBlockNestingMode]tfjson.SchemaNestingMode{
		tfprotov6.SchemaNestedBlockNestingModeSingle: tfjson.SchemaNestingModeSingle,
		tfprotov6.SchemaNestedBlockNestingModeGroup:  tfjson.SchemaNestingModeGroup,
		tfprotov6.SchemaNestedBlockNestingModeList:   tfjson.SchemaNestingModeList,
		tfprotov6.SchemaNestedBlockNestingModeSet:    tfjson.SchemaNestingModeSet,
		tfprotov6.SchemaNestedBlockNestingModeMap:    tfjson.SchemaNestingModeMap,
	}
	objectNestings = map[tfprotov6.SchemaObjectNestingMode]tfjson.SchemaNestingMode{
		tfprotov6.SchemaObjectNestingModeSingle: tfjson.SchemaNestingModeSingle,
		tfprotov6.SchemaObjectNestingModeList:   tfjson.SchemaNestingModeList,
		tfprotov6.SchemaObjectNestingModeSet:    tfjson.SchemaNestingModeSet,
		tfprotov6.SchemaObjectNestingModeMap:    tfjson.SchemaNestingModeMap,
	}
)

func (c *converter) blockNesting(name string, m tfprotov6.SchemaNestedBlockNestingMode) tfjson.SchemaNestingMode {
	return nestingMode(c, blockNestings, m, "block %q: unknown nesting mode %v", name)
}

func (c *converter) objectNesting(name string, m tfprotov6.SchemaObjectNestingMode) tfjson.SchemaNestingMode {
	return nestingMode(c, objectNestings, m, "nested attribute %q: unknown nesting mode %v", name)
}

// nestingMode looks m up in modes; a mode missing there fails the
// conversion with unknown (a format taking name and m).
func nestingMode[M comparable](c *converter, modes map[M]tfjson.SchemaNestingMode, m M, unknown, name string) tfjson.SchemaNestingMode {
	if mode, ok := modes[m]; ok {
		return mode
	}
	c.fail(unknown, name, m)
	return ""
}

// descriptionKind is always printed, "plain" unless the provider said
// markdown, as Terraform does.
func descriptionKind(k tfprotov6.StringKind) tfjson.SchemaDescriptionKind {
	if k == tfprotov6.StringKindMarkdown {
		return tfjson.SchemaDescriptionKindMarkdown
	}
	return tfjson.SchemaDescriptionKindPlain
}

func nonNegative(n int64) uint64 {
	if n < 0 {
		return 0
	}
	return uint64(n)
}
