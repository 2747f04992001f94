package provider

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type ballastKey struct{}

// ballast stands for everything an RPC's context holds (stream, loggers).
type ballast struct{ _ [64 << 10]byte }

// callPerResourceRPCs makes the RPCs a plan makes per resource on s, each
// with a context holding its own ballast, cancelled afterwards as gRPC
// does, and returns weak pointers to the ballasts.
func callPerResourceRPCs(t *testing.T, s tfprotov6.ProviderServer) []weak.Pointer[ballast] {
	t.Helper()
	var refs []weak.Pointer[ballast]
	call := func(rpc func(context.Context)) {
		b := &ballast{}
		refs = append(refs, weak.Make(b))
		ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ballastKey{}, b))
		rpc(ctx)
		cancel()
	}
	for range 3 {
		call(func(ctx context.Context) {
			_, _ = s.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "facebook_page_agency"})
		})
		call(func(ctx context.Context) {
			_, _ = s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "facebook_no_such_resource"})
		})
		call(func(ctx context.Context) {
			_, _ = s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "facebook_no_such_resource"})
		})
	}
	return refs
}

func retained(refs []weak.Pointer[ballast]) int {
	runtime.GC()
	runtime.GC()
	n := 0
	for _, r := range refs {
		if r.Value() != nil {
			n++
		}
	}
	return n
}

func TestRPCContextsAreReleasedAfterTheCall(t *testing.T) {
	s := NewProtocol6Server(&facebookProvider{version: "test"})()
	if _, ok := s.(contextReleasingServer); !ok {
		t.Fatalf("the server is a %T: the framework server no longer has every interface the wrapper forwards", s)
	}
	refs := callPerResourceRPCs(t, s)
	if n := retained(refs); n != 0 {
		t.Fatalf("%d of %d RPC contexts are still reachable after their calls", n, len(refs))
	}
	runtime.KeepAlive(s)

	// The reason for the wrapper: without it, the framework keeps them. If
	// this starts failing, the framework fixed it and the wrapper can go.
	raw := providerserver.NewProtocol6(&facebookProvider{version: "test"})()
	rawRefs := callPerResourceRPCs(t, raw)
	if n := retained(rawRefs); n != len(rawRefs) {
		t.Errorf("without the wrapper only %d of %d RPC contexts stay reachable: the framework may no longer keep them; reconsider contextReleasingServer", n, len(rawRefs))
	}
	runtime.KeepAlive(raw)
}

func TestReleasedContextBehavesLikeTheRPCsUntilItReturns(t *testing.T) {
	b := &ballast{}
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), ballastKey{}, b))
	var kept context.Context
	var derived context.Context
	_, _ = released(parent, 0, func(ctx context.Context, _ int) (int, error) {
		if ctx.Value(ballastKey{}) != b || ctx.Done() != parent.Done() || ctx.Err() != nil {
			t.Error("during the call the context must show the RPC's values and cancellation")
		}
		var cancelDerived context.CancelFunc
		derived, cancelDerived = context.WithCancel(ctx)
		t.Cleanup(cancelDerived) // the test wants it cancelled through the RPC's context
		kept = ctx
		return 0, nil
	})
	cancel() // gRPC cancels the stream's context when the RPC ends
	if !errors.Is(derived.Err(), context.Canceled) {
		t.Fatal("a context derived during the call was not cancelled with the RPC's")
	}
	if kept.Value(ballastKey{}) != nil || !errors.Is(kept.Err(), context.Canceled) {
		t.Fatal("after the call the context must hold nothing and read as cancelled")
	}
	select {
	case <-kept.Done():
	default:
		t.Fatal("after the call Done must be closed")
	}
}
