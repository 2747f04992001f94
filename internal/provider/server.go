package provider

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Address is the provider's registry address.
const Address = "registry.terraform.io/pageops/facebook"

// NewProtocol6Server returns the protocol 6 server Terraform talks to, for
// main and for the acceptance tests alike.
//
// The framework (terraform-plugin-framework v1.19, internal/proto6server
// registerContext) keeps the cancel function of every RPC's context until
// StopProvider, which Terraform only sends on interruption. Each one holds
// the whole context of its RPC: the gRPC stream and the per-call loggers,
// some 13 KB. A plan makes about four RPCs per resource, so the provider
// grew by about 50 KB per resource and passed 100 MiB at a thousand. The
// server below hands the framework, on the RPCs made per resource
// instance, a context it detaches from the RPC's once the RPC has returned,
// so that what the framework keeps is a few dozen bytes.
//
// Upstream: registerContext in
// https://github.com/hashicorp/terraform-plugin-framework/blob/v1.19.0/internal/proto6server/serve.go.
// No issue is filed there yet; this is its text, to file as it stands:
//
//	proto6server: registerContext keeps every RPC's context until StopProvider
//
//	Server.registerContext appends the cancel function of a
//	context.WithCancel(rpcCtx) to s.contextCancels on every RPC, and only
//	cancelRegisteredContexts (StopProvider) ever empties the slice. Terraform
//	sends StopProvider only on interruption, so a plan of N resources keeps
//	about 4N cancel functions, each holding its RPC's context (gRPC stream,
//	loggers): ~50 KB per resource, over 100 MiB at 1000 resources.
//	Expected: the cancel function is dropped (and called) when the RPC
//	returns; StopProvider cancels only the RPCs in flight.
//
// The wrapper can go once the framework drops a context's cancel function
// when its RPC returns; the make bench memory target (under 100 MiB at 5000
// resources) shows whether it has.
func NewProtocol6Server(p provider.Provider) func() tfprotov6.ProviderServer {
	framework := providerserver.NewProtocol6(p)
	return func() tfprotov6.ProviderServer { return releaseContexts(framework()) }
}

// releaseContexts wraps the framework's server, or returns it unchanged if
// it lacks an interface the wrapper must forward (a framework upgrade); a
// unit test makes sure that does not pass unnoticed.
func releaseContexts(s tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	full, ok := s.(frameworkServer)
	if !ok {
		return s
	}
	return contextReleasingServer{frameworkServer: full}
}

// frameworkServer is every interface tf6server looks for, so that wrapping
// hides none (list resources, actions and state stores are found by type
// assertion).
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ProviderServerWithListResource //nolint:staticcheck // SA1019: deprecated, but tf6server still finds these methods through it
	tfprotov6.ProviderServerWithActions      //nolint:staticcheck // SA1019: as above
	tfprotov6.ProviderServerWithStateStores  //nolint:staticcheck // SA1019: as above
}

// contextReleasingServer forwards everything to the framework, which
// answers every request; the RPCs Terraform makes per resource, data source, ephemeral resource, function call or action get a
// releasable context. The streaming RPCs (ListResource, InvokeAction, the
// state store byte streams) are left alone: their results are produced
// after the call returns, under its context. The remaining RPCs are made
// once per run.
type contextReleasingServer struct {
	frameworkServer
}

// released runs rpc with a context that stops referring to ctx once rpc
// returns; from then on it reads as cancelled and carries no values.
func released[Req, Resp any](ctx context.Context, req Req, rpc func(context.Context, Req) (Resp, error)) (Resp, error) {
	rc := &releasableContext{}
	rc.inner.Store(&ctx)
	defer rc.inner.Store(&cancelledContext)
	return rpc(rc, req)
}

// cancelledContext is what a released context delegates to.
var cancelledContext = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

// releasableContext delegates to the RPC's context until released. Go's
// context package finds the nearest cancellable ancestor through Value, so
// contexts derived from it still register with (and are cancelled by) the
// RPC's context directly.
type releasableContext struct {
	inner atomic.Pointer[context.Context]
}

func (c *releasableContext) ctx() context.Context { return *c.inner.Load() }

func (c *releasableContext) Deadline() (deadline time.Time, ok bool) { return c.ctx().Deadline() }
func (c *releasableContext) Done() <-chan struct{}                   { return c.ctx().Done() }
func (c *releasableContext) Err() error                              { return c.ctx().Err() }
func (c *releasableContext) Value(key any) any                       { return c.ctx().Value(key) }

func (s contextReleasingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return released(ctx, req, s.frameworkServer.ValidateResourceConfig)
}

func (s contextReleasingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return released(ctx, req, s.frameworkServer.UpgradeResourceState)
}

func (s contextReleasingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return released(ctx, req, s.frameworkServer.ReadResource)
}

func (s contextReleasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return released(ctx, req, s.frameworkServer.PlanResourceChange)
}

func (s contextReleasingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return released(ctx, req, s.frameworkServer.ApplyResourceChange)
}

func (s contextReleasingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return released(ctx, req, s.frameworkServer.ImportResourceState)
}

func (s contextReleasingServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return released(ctx, req, s.frameworkServer.MoveResourceState)
}

func (s contextReleasingServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return released(ctx, req, s.frameworkServer.UpgradeResourceIdentity)
}

func (s contextReleasingServer) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return released(ctx, req, s.frameworkServer.GenerateResourceConfig)
}

func (s contextReleasingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return released(ctx, req, s.frameworkServer.ValidateDataResourceConfig)
}

func (s contextReleasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return released(ctx, req, s.frameworkServer.ReadDataSource)
}

func (s contextReleasingServer) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return released(ctx, req, s.frameworkServer.ValidateEphemeralResourceConfig)
}

func (s contextReleasingServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return released(ctx, req, s.frameworkServer.OpenEphemeralResource)
}

func (s contextReleasingServer) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return released(ctx, req, s.frameworkServer.RenewEphemeralResource)
}

func (s contextReleasingServer) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return released(ctx, req, s.frameworkServer.CloseEphemeralResource)
}

func (s contextReleasingServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return released(ctx, req, s.frameworkServer.CallFunction)
}

func (s contextReleasingServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return released(ctx, req, s.frameworkServer.ValidateActionConfig)
}

func (s contextReleasingServer) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return released(ctx, req, s.frameworkServer.PlanAction)
}

func (s contextReleasingServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return released(ctx, req, s.frameworkServer.ValidateListResourceConfig)
}
