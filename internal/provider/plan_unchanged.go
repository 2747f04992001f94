package provider

import (
	"bytes"
	"context"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// unchangedPlans answers the PlanResourceChange of a facebook_page_agency
// that a refresh left unchanged, without the framework, when no one reads
// the logs (logsWanted).
//
// A refreshing plan sends one PlanResourceChange per instance, and for an
// instance that has not changed the framework's answer is the proposed
// state as it came. It still decodes the prior state, the proposed state and
// the configuration, walks every attribute through its plan modifiers and
// encodes the result again: half of the provider's work on such a plan
// (BenchmarkRefreshAgency), on a plan of 5000 agencies whose time is judged
// against time_static's. The answer below is the one the framework gives
// (terraform-plugin-framework v1.19, internal/fwserver/server_planresourcechange.go)
// when all of these hold, and the framework answers every other request:
//   - the proposed state is byte for byte the prior state, so the plan
//     modifiers (RequiresReplace, UseStateForUnknown) have nothing to do,
//     and no computed attribute is marked unknown;
//   - there is no prior private state, so there is none to pass on;
//   - every configured task is among the effective_tasks Meta reported, so
//     ModifyPlan, which checks only the others, has nothing to say.
//
// The schema has no defaults and no write-only attributes, and the provider
// never defers. TestUnchangedPlanIsTheFrameworks holds the two answers
// side by side. When logs are asked for, the framework answers every plan,
// so that each of its log lines appears.
type unchangedPlans struct {
	framework frameworkServer
	// enabled says whether to answer at all: when no one reads the logs.
	enabled func() bool

	once         sync.Once
	stateType    tftypes.Type
	nullIdentity *tfprotov6.ResourceIdentityData
}

const unchangedPlanType = "facebook_page_agency"

// plan returns the answer to req, or false when the framework must give it.
func (u *unchangedPlans) plan(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, bool) {
	if !u.enabled() || req.TypeName != unchangedPlanType || len(req.PriorPrivate) != 0 ||
		req.PriorState == nil || req.ProposedNewState == nil || len(req.PriorState.MsgPack) == 0 ||
		!bytes.Equal(req.PriorState.MsgPack, req.ProposedNewState.MsgPack) {
		return nil, false
	}
	if !u.load(ctx) {
		return nil, false
	}
	prior, err := req.PriorState.Unmarshal(u.stateType)
	if err != nil || !tasksAllReported(prior) {
		return nil, false
	}
	identity := req.PriorIdentity
	if identity == nil {
		identity = u.nullIdentity
	}
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedIdentity: identity}, true
}

// load reads the state and identity types of the agency resource once.
func (u *unchangedPlans) load(ctx context.Context) bool {
	u.once.Do(func() {
		schemas, err := u.framework.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
		if err != nil || len(schemas.Diagnostics) != 0 || schemas.IdentitySchemas[unchangedPlanType] == nil {
			return
		}
		provider, err := u.framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil || len(provider.Diagnostics) != 0 || provider.ResourceSchemas[unchangedPlanType] == nil {
			return
		}
		identityType := schemas.IdentitySchemas[unchangedPlanType].ValueType()
		null, err := tfprotov6.NewDynamicValue(identityType, tftypes.NewValue(identityType, nil))
		if err != nil {
			return
		}
		u.stateType = provider.ResourceSchemas[unchangedPlanType].ValueType()
		u.nullIdentity = &tfprotov6.ResourceIdentityData{IdentityData: &null}
	})
	return u.stateType != nil
}

// tasksAllReported reports whether every task of the agency's
// permitted_tasks is known and among its effective_tasks.
func tasksAllReported(state tftypes.Value) bool {
	var attrs map[string]tftypes.Value
	if state.As(&attrs) != nil {
		return false
	}
	permitted, ok := knownStrings(attrs["permitted_tasks"])
	if !ok {
		return false
	}
	effective, ok := knownStrings(attrs["effective_tasks"])
	if !ok {
		return false
	}
	for _, task := range permitted {
		if !slices.Contains(effective, task) {
			return false
		}
	}
	return true
}

// knownStrings returns the elements of a known, non-null set of known,
// non-null strings.
func knownStrings(v tftypes.Value) ([]string, bool) {
	if !v.IsKnown() || v.IsNull() {
		return nil, false
	}
	var elems []tftypes.Value
	if v.As(&elems) != nil {
		return nil, false
	}
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		var s string
		if !e.IsKnown() || e.IsNull() || e.As(&s) != nil {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}
