// Command providerschema prints the provider's schema in the JSON form of
// `terraform providers schema -json`, without Terraform: it serves the
// provider in-process and asks it for its schema.
//
// `make docs` feeds this to tfplugindocs (--providers-schema) instead of
// letting tfplugindocs run the terraform on PATH, because a Terraform older
// than 1.14 leaves actions out of its output, and so out of the docs.
//
//	go run ./tools/providerschema [-key NAME] [-o FILE]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/pageops/terraform-provider-facebook/internal/provider"
)

func main() {
	// tfplugindocs v0.25 looks the schema up by the bare provider name
	// ("facebook") or under registry.terraform.io/hashicorp/, never under
	// the provider's real source address: `make docs` passes -key facebook.
	key := flag.String("key", provider.Address, "key of the provider in provider_schemas")
	out := flag.String("o", "", "file to write (its directory is created); standard output if empty")
	flag.Parse()

	// The server the released binary serves (main.go).
	server := provider.NewProtocol6Server(provider.New("docs")())()
	doc, err := render(context.Background(), server, *key)
	if err == nil {
		err = write(*out, doc)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "providerschema:", err)
		os.Exit(1)
	}
}

// render returns the whole document for server's provider, filed under key,
// as one line of JSON like Terraform prints it.
func render(ctx context.Context, server tfprotov6.ProviderServer, key string) ([]byte, error) {
	schema, err := providerSchema(ctx, server)
	if err != nil {
		return nil, err
	}
	doc, err := json.Marshal(&tfjson.ProviderSchemas{
		FormatVersion: "1.0",
		Schemas:       map[string]*tfjson.ProviderSchema{key: schema},
	})
	return append(doc, '\n'), err
}

func write(path string, doc []byte) error {
	if path == "" {
		_, err := os.Stdout.Write(doc)
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	return os.WriteFile(path, doc, 0o600)
}
