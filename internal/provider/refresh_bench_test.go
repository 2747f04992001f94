package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// BenchmarkRefreshAgency is the provider's share of a refreshing plan of
// one facebook_page_agency, below the terraform CLI: the RPCs Terraform
// sends per instance (UpgradeResourceState, ValidateResourceConfig,
// ReadResource, PlanResourceChange), on a Page of 500 agencies whose
// listing is already shared. Profile it with -cpuprofile. "logs read"
// is the provider with its logs on; "logs unread" is the provider as main
// serves it when no one asked for logs (QuietUnrequestedLogs, which stops
// the provider's own log fields and masks: the SDK's levels come from the
// environment, which this benchmark does not change). The framework answers
// every RPC in both.
func BenchmarkRefreshAgency(b *testing.B) {
	f := newAgencyRefresh(b)
	for _, wanted := range []bool{true, false} {
		name := map[bool]string{true: "logs read", false: "logs unread"}[wanted]
		b.Run(name, func(b *testing.B) {
			defer func(was bool) { logsWanted = was }(logsWanted)
			logsWanted = wanted
			refreshAgency(b, f)
		})
	}
}

func refreshAgency(b *testing.B, f *agencyRefresh) {
	p, ctx, typeName := f.p, context.Background(), "facebook_page_agency"
	b.ReportAllocs()
	for b.Loop() {
		up, err := p.server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: typeName, RawState: &tfprotov6.RawState{JSON: f.rawState}})
		if err != nil || hasError(up.Diagnostics) {
			b.Fatalf("UpgradeResourceState: %v %s", err, diagsText(up.Diagnostics))
		}
		v, err := p.server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: f.config})
		if err != nil || hasError(v.Diagnostics) {
			b.Fatalf("ValidateResourceConfig: %v %s", err, diagsText(v.Diagnostics))
		}
		r, err := p.server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: up.UpgradedState})
		if err != nil || hasError(r.Diagnostics) {
			b.Fatalf("ReadResource: %v %s", err, diagsText(r.Diagnostics))
		}
		pl, err := p.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: typeName,
			PriorState: r.NewState, ProposedNewState: r.NewState, Config: f.config, PriorPrivate: r.Private})
		if err != nil || hasError(pl.Diagnostics) {
			b.Fatalf("PlanResourceChange: %v %s", err, diagsText(pl.Diagnostics))
		}
		if len(pl.RequiresReplace) != 0 {
			b.Fatalf("a refresh with no change planned a replacement: %v", pl.RequiresReplace)
		}
	}
}
