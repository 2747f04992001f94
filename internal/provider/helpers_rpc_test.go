package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// rpcProvider drives the provider through its protocol v6 RPCs, below the
// terraform CLI: the way to test actions on a Terraform that predates them,
// and to see diagnostics (warnings included) exactly as the provider sends
// them. Configuration values are plain Go values: string, nil (null),
// map[string]any (object or map), []any (list); tftypes.Value passes as is.
type rpcProvider struct {
	t testing.TB
	// ProviderServerWithActions is deprecated because ProviderServer will
	// gain its methods; in terraform-plugin-go v0.31 it has not yet.
	server  tfprotov6.ProviderServerWithActions //nolint:staticcheck // see above
	schemas *tfprotov6.GetProviderSchemaResponse
}

// newRPCProvider returns the provider configured against emu with the test
// user's token and fast retries.
func newRPCProvider(t testing.TB, emu *graphtest.Emulator) *rpcProvider {
	t.Helper()
	plain, err := providerFactories()["facebook"]()
	if err != nil {
		t.Fatal(err)
	}
	server, ok := plain.(tfprotov6.ProviderServerWithActions) //nolint:staticcheck // see rpcProvider.server
	if !ok {
		t.Fatalf("%T does not serve actions", plain)
	}
	p := &rpcProvider{t: t, server: server}
	p.schemas, err = server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasError(p.schemas.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %s", err, diagsText(p.schemas.Diagnostics))
	}
	cfg := map[string]any{"base_url": emu.URL(), "access_token": testUserToken}
	resp, err := server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.14.0",
		Config:           p.dynamicValue(p.schemas.Provider, cfg),
	})
	if err != nil || hasError(resp.Diagnostics) {
		t.Fatalf("ConfigureProvider: %v %s", err, diagsText(resp.Diagnostics))
	}
	return p
}

// validateAction is Terraform's ValidateActionConfig.
func (p *rpcProvider) validateAction(typeName string, cfg map[string]any) []*tfprotov6.Diagnostic {
	p.t.Helper()
	resp, err := p.server.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{
		ActionType: typeName, Config: p.actionConfig(typeName, cfg),
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.Diagnostics
}

// invokeAction runs what `terraform apply -invoke` runs (validate, plan,
// invoke), failing the test if validation or planning fails, and returns
// the progress messages and the completed event's diagnostics.
func (p *rpcProvider) invokeAction(ctx context.Context, typeName string, cfg map[string]any) (progress []string, diags []*tfprotov6.Diagnostic) {
	p.t.Helper()
	if d := p.validateAction(typeName, cfg); hasError(d) {
		p.t.Fatalf("ValidateActionConfig: %s", diagsText(d))
	}
	config := p.actionConfig(typeName, cfg)
	plan, err := p.server.PlanAction(ctx, &tfprotov6.PlanActionRequest{ActionType: typeName, Config: config})
	if err != nil || hasError(plan.Diagnostics) {
		p.t.Fatalf("PlanAction: %v %s", err, diagsText(plan.Diagnostics))
	}
	stream, err := p.server.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: typeName, Config: config})
	if err != nil {
		p.t.Fatal(err)
	}
	completed := 0
	for event := range stream.Events {
		switch e := event.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			completed++
			diags = e.Diagnostics
		}
	}
	if completed != 1 {
		p.t.Fatalf("%d completed events, want exactly 1", completed)
	}
	return progress, diags
}

// openEphemeral is Terraform's ValidateEphemeralResourceConfig followed,
// when valid, by OpenEphemeralResource. It returns the result's attributes
// (strings; nil when null) and all diagnostics.
func (p *rpcProvider) openEphemeral(typeName string, cfg map[string]any) (map[string]any, []*tfprotov6.Diagnostic) {
	p.t.Helper()
	schema := p.schemas.EphemeralResourceSchemas[typeName]
	if schema == nil {
		p.t.Fatalf("no ephemeral resource %s", typeName)
	}
	config := p.dynamicValue(schema, cfg)
	v, err := p.server.ValidateEphemeralResourceConfig(context.Background(), &tfprotov6.ValidateEphemeralResourceConfigRequest{TypeName: typeName, Config: config})
	if err != nil {
		p.t.Fatal(err)
	}
	if hasError(v.Diagnostics) {
		return nil, v.Diagnostics
	}
	resp, err := p.server.OpenEphemeralResource(context.Background(), &tfprotov6.OpenEphemeralResourceRequest{TypeName: typeName, Config: config})
	if err != nil {
		p.t.Fatal(err)
	}
	if resp.Result == nil {
		return nil, resp.Diagnostics
	}
	val, err := resp.Result.Unmarshal(schema.ValueType())
	if err != nil {
		p.t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := val.As(&attrs); err != nil {
		p.t.Fatal(err)
	}
	out := map[string]any{}
	for k, a := range attrs {
		var s *string
		if err := a.As(&s); err != nil {
			p.t.Fatalf("%s: %v", k, err)
		}
		if s != nil {
			out[k] = *s
		} else {
			out[k] = nil
		}
	}
	return out, resp.Diagnostics
}

func (p *rpcProvider) actionConfig(typeName string, cfg map[string]any) *tfprotov6.DynamicValue {
	p.t.Helper()
	s := p.schemas.ActionSchemas[typeName]
	if s == nil {
		p.t.Fatalf("no action %s", typeName)
	}
	return p.dynamicValue(s.Schema, cfg)
}

func (p *rpcProvider) dynamicValue(schema *tfprotov6.Schema, cfg map[string]any) *tfprotov6.DynamicValue {
	p.t.Helper()
	typ := schema.ValueType()
	val, err := toValue(typ, cfg)
	if err != nil {
		p.t.Fatal(err)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, val)
	if err != nil {
		p.t.Fatal(err)
	}
	return &dv
}

// toValue converts a plain Go value to a tftypes.Value of typ; attributes
// left out of a map are null.
func toValue(typ tftypes.Type, v any) (tftypes.Value, error) {
	if tv, ok := v.(tftypes.Value); ok {
		return tv, nil
	}
	if v == nil {
		return tftypes.NewValue(typ, nil), nil
	}
	switch t := typ.(type) {
	case tftypes.Object:
		m, ok := v.(map[string]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want map[string]any for %s, got %T", t, v)
		}
		for k := range m {
			if _, ok := t.AttributeTypes[k]; !ok {
				return tftypes.Value{}, fmt.Errorf("no attribute %q in %s", k, t)
			}
		}
		attrs := map[string]tftypes.Value{}
		for name, at := range t.AttributeTypes {
			av, err := toValue(at, m[name])
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
			}
			attrs[name] = av
		}
		return tftypes.NewValue(t, attrs), nil
	case tftypes.List:
		items, ok := v.([]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want []any for %s, got %T", t, v)
		}
		var vals []tftypes.Value
		for i, item := range items {
			iv, err := toValue(t.ElementType, item)
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("[%d]: %w", i, err)
			}
			vals = append(vals, iv)
		}
		return tftypes.NewValue(t, vals), nil
	case tftypes.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("want map[string]any for %s, got %T", t, v)
		}
		vals := map[string]tftypes.Value{}
		for k, item := range m {
			iv, err := toValue(t.ElementType, item)
			if err != nil {
				return tftypes.Value{}, err
			}
			vals[k] = iv
		}
		return tftypes.NewValue(t, vals), nil
	}
	return tftypes.NewValue(typ, v), nil
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// diagText renders a diagnostic as "severity at path: summary: detail".
func diagText(d *tfprotov6.Diagnostic) string {
	return fmt.Sprintf("%s at %s: %s: %s", d.Severity, attrPath(d.Attribute), d.Summary, d.Detail)
}

func diagsText(diags []*tfprotov6.Diagnostic) string {
	lines := make([]string, len(diags))
	for i, d := range diags {
		lines[i] = diagText(d)
	}
	return strings.Join(lines, "\n")
}

// attrPath renders a diagnostic's attribute path the way Terraform users
// write it: message.quick_replies[0].title; "" when there is none.
func attrPath(p *tftypes.AttributePath) string {
	if p == nil {
		return ""
	}
	var b strings.Builder
	for _, step := range p.Steps() {
		switch s := step.(type) {
		case tftypes.AttributeName:
			if b.Len() > 0 {
				b.WriteString(".")
			}
			b.WriteString(string(s))
		case tftypes.ElementKeyInt:
			fmt.Fprintf(&b, "[%d]", int64(s))
		case tftypes.ElementKeyString:
			fmt.Fprintf(&b, "[%q]", string(s))
		default:
			fmt.Fprintf(&b, "[%v]", s)
		}
	}
	return b.String()
}

// agencyRefresh is what Terraform sends per facebook_page_agency instance on
// a refreshing plan: the agency of business (one of 500 on the test Page) as
// ReadResource returns it, its configuration, and its stored state as
// Terraform keeps it (JSON).
type agencyRefresh struct {
	p        *rpcProvider
	schema   *tfprotov6.Schema
	business string
	tasks    tftypes.Value
	config   *tfprotov6.DynamicValue
	rawState []byte
}

func newAgencyRefresh(t testing.TB) *agencyRefresh {
	t.Helper()
	emu := graphtest.Start(t, graphtest.Options{})
	emu.AddPage(testPageID, "Test Page")
	emu.AddUser(testUserToken, testPageID)
	for i := range 500 {
		biz := fmt.Sprintf("2%014d", i+1)
		emu.AddBusiness(biz, "Business "+biz)
		emu.SetAgency(testPageID, biz, []string{"ANALYZE"})
	}
	p := newRPCProvider(t, emu)
	f := &agencyRefresh{p: p, schema: p.schemas.ResourceSchemas["facebook_page_agency"], business: fmt.Sprintf("2%014d", 250),
		tasks: tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "ANALYZE")})}
	f.config = p.dynamicValue(f.schema, map[string]any{"page_id": testPageID, "business_id": f.business, "permitted_tasks": f.tasks})
	read, err := p.server.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{TypeName: "facebook_page_agency",
		CurrentState: p.dynamicValue(f.schema, map[string]any{"id": testPageID + "/" + f.business, "page_id": testPageID, "business_id": f.business, "permitted_tasks": f.tasks})})
	if err != nil || hasError(read.Diagnostics) {
		t.Fatalf("ReadResource: %v %s", err, diagsText(read.Diagnostics))
	}
	attrs := f.stateAttrs(read.NewState)
	str := func(name string) string {
		var s string
		if err := attrs[name].As(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	f.rawState = []byte(fmt.Sprintf(`{"access_requested_time":%q,"access_status":%q,"access_updated_time":%q,"business_id":%q,"business_name":%q,"effective_tasks":["ANALYZE"],"id":%q,"page_id":%q,"permitted_tasks":["ANALYZE"],"timeouts":null}`,
		str("access_requested_time"), str("access_status"), str("access_updated_time"), f.business, str("business_name"), testPageID+"/"+f.business, testPageID))
	return f
}

// stateAttrs decodes a facebook_page_agency state.
func (f *agencyRefresh) stateAttrs(dv *tfprotov6.DynamicValue) map[string]tftypes.Value {
	f.p.t.Helper()
	v, err := dv.Unmarshal(f.schema.ValueType())
	if err != nil {
		f.p.t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		f.p.t.Fatal(err)
	}
	return attrs
}
