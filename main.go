package main

import (
	"flag"
	"log"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/pageops/terraform-provider-facebook/internal/provider"
)

// version is set by the release build (goreleaser -X main.version).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()

	provider.TuneGC()

	var opts []tf6server.ServeOpt
	if debug {
		// A debugger session prints the provider's logs itself: keep them.
		opts = append(opts, tf6server.WithManagedDebug())
	} else {
		// Log lines no one asked for cost more than the rest of a plan.
		if provider.QuietUnrequestedLogs() {
			opts = append(opts, tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
		}
	}
	// Served through provider.NewProtocol6Server rather than
	// providerserver.Serve: see there why.
	err := tf6server.Serve(provider.Address, provider.NewProtocol6Server(provider.New(version)()), opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}
