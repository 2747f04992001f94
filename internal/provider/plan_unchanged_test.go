package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestUnchangedPlanIsTheFrameworks: for every request unchangedPlans
// answers, its answer is the framework's; the requests it must leave to the
// framework, it does.
func TestUnchangedPlanIsTheFrameworks(t *testing.T) {
	f := newAgencyRefresh(t)
	wrapped, ok := f.p.server.(contextReleasingServer)
	if !ok {
		t.Fatalf("the provider's server is %T, not the wrapper", f.p.server)
	}
	framework := wrapped.frameworkServer
	fast := &unchangedPlans{framework: framework, enabled: func() bool { return true }}
	ctx := context.Background()

	set := func(items ...string) tftypes.Value {
		var vals []tftypes.Value
		for _, s := range items {
			vals = append(vals, tftypes.NewValue(tftypes.String, s))
		}
		return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, vals)
	}
	identityType := func() tftypes.Type {
		s, err := framework.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
		if err != nil {
			t.Fatal(err)
		}
		return s.IdentitySchemas["facebook_page_agency"].ValueType()
	}()
	identity := func() *tfprotov6.ResourceIdentityData {
		v := tftypes.NewValue(identityType, map[string]tftypes.Value{
			"page_id": tftypes.NewValue(tftypes.String, testPageID), "business_id": tftypes.NewValue(tftypes.String, f.business)})
		dv, err := tfprotov6.NewDynamicValue(identityType, v)
		if err != nil {
			t.Fatal(err)
		}
		return &tfprotov6.ResourceIdentityData{IdentityData: &dv}
	}()
	manage := f.p.dynamicValue(f.schema, map[string]any{"page_id": testPageID, "business_id": f.business, "permitted_tasks": set("MANAGE")})
	unknownTask := f.p.dynamicValue(f.schema, map[string]any{"page_id": testPageID, "business_id": f.business, "permitted_tasks": set("ANALYZE", "NOT_A_TASK")})

	for _, tc := range []struct {
		name     string
		req      *tfprotov6.PlanResourceChangeRequest
		answered bool
	}{
		{"unchanged, no identity (Terraform before 1.12)", &tfprotov6.PlanResourceChangeRequest{PriorState: f.state, ProposedNewState: f.state, Config: f.config}, true},
		{"unchanged, with identity", &tfprotov6.PlanResourceChangeRequest{PriorState: f.state, ProposedNewState: f.state, Config: f.config, PriorIdentity: identity}, true},
		{"unchanged, more tasks reported than configured", func() *tfprotov6.PlanResourceChangeRequest {
			s := f.withState(map[string]tftypes.Value{"effective_tasks": set("ANALYZE", "ADVERTISE")})
			return &tfprotov6.PlanResourceChangeRequest{PriorState: s, ProposedNewState: s, Config: f.config}
		}(), true},
		{"tasks changed", &tfprotov6.PlanResourceChangeRequest{PriorState: f.state, ProposedNewState: f.withState(map[string]tftypes.Value{"permitted_tasks": set("MANAGE")}), Config: manage}, false},
		{"a configured task Meta no longer reports (pending)", func() *tfprotov6.PlanResourceChangeRequest {
			s := f.withState(map[string]tftypes.Value{"effective_tasks": set(), "access_status": tftypes.NewValue(tftypes.String, "PENDING")})
			return &tfprotov6.PlanResourceChangeRequest{PriorState: s, ProposedNewState: s, Config: f.config}
		}(), false},
		{"an unknown task, not reported", func() *tfprotov6.PlanResourceChangeRequest {
			s := f.withState(map[string]tftypes.Value{"permitted_tasks": set("ANALYZE", "NOT_A_TASK")})
			return &tfprotov6.PlanResourceChangeRequest{PriorState: s, ProposedNewState: s, Config: unknownTask}
		}(), false},
		{"prior private state", &tfprotov6.PlanResourceChangeRequest{PriorState: f.state, ProposedNewState: f.state, Config: f.config, PriorPrivate: []byte(`{"k":"djE="}`)}, false},
		{"create", &tfprotov6.PlanResourceChangeRequest{PriorState: nullState(t, f), ProposedNewState: f.state, Config: f.config}, false},
		{"destroy", &tfprotov6.PlanResourceChangeRequest{PriorState: f.state, ProposedNewState: nullState(t, f), Config: nullState(t, f)}, false},
		{"another resource type", &tfprotov6.PlanResourceChangeRequest{TypeName: "facebook_page_assigned_user", PriorState: f.state, ProposedNewState: f.state, Config: f.config}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.req.TypeName == "" {
				tc.req.TypeName = "facebook_page_agency"
			}
			got, answered := fast.plan(ctx, tc.req)
			if answered != tc.answered {
				t.Fatalf("answered = %v, want %v", answered, tc.answered)
			}
			if !answered {
				return
			}
			want, err := framework.PlanResourceChange(ctx, tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if len(want.Diagnostics) != 0 || len(want.RequiresReplace) != 0 || len(want.PlannedPrivate) != 0 || want.Deferred != nil {
				t.Fatalf("the framework's answer has more than a plan: %+v", want)
			}
			if len(got.Diagnostics) != 0 || len(got.RequiresReplace) != 0 || len(got.PlannedPrivate) != 0 || got.Deferred != nil {
				t.Fatalf("the answer has more than a plan: %+v", got)
			}
			if w, g := f.stateAttrs(want.PlannedState), f.stateAttrs(got.PlannedState); !tftypes.NewValue(f.schema.ValueType(), w).Equal(tftypes.NewValue(f.schema.ValueType(), g)) {
				t.Errorf("planned state\n got %v\nwant %v", g, w)
			}
			if want.PlannedIdentity == nil || got.PlannedIdentity == nil {
				t.Fatalf("planned identity: got %v, want %v; both must be set", got.PlannedIdentity, want.PlannedIdentity)
			}
			w, err := want.PlannedIdentity.IdentityData.Unmarshal(identityType)
			if err != nil {
				t.Fatal(err)
			}
			g, err := got.PlannedIdentity.IdentityData.Unmarshal(identityType)
			if err != nil {
				t.Fatal(err)
			}
			if !w.Equal(g) {
				t.Errorf("planned identity\n got %v\nwant %v", g, w)
			}
		})
	}
}

func nullState(t *testing.T, f *agencyRefresh) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(f.schema.ValueType(), tftypes.NewValue(f.schema.ValueType(), nil))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}
