// Command goreleaserhost writes a second GoReleaser configuration: the
// release configuration with every build narrowed to one platform, for
// `make release-test`, which rehearses the release on the host only.
// GoReleaser has no flag for that on `release` (`--single-target` is for
// `goreleaser build` alone), so the YAML is edited as YAML: each build's
// goos and goarch become the one platform and its ignore list goes;
// everything else is the release configuration as it is.
//
//	go run ./tools/goreleaserhost -goos linux -goarch amd64 < .goreleaser.yml > host.yml
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"gopkg.in/yaml.v3"
)

func main() {
	goos := flag.String("goos", "", "the one GOOS to build for")
	goarch := flag.String("goarch", "", "the one GOARCH to build for")
	flag.Parse()
	if err := narrow(os.Stdin, os.Stdout, *goos, *goarch); err != nil {
		fmt.Fprintln(os.Stderr, "goreleaserhost:", err)
		os.Exit(1)
	}
}

func narrow(in io.Reader, out io.Writer, goos, goarch string) error {
	if goos == "" || goarch == "" {
		return errors.New("-goos and -goarch are required")
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(in).Decode(&doc); err != nil {
		return err
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return errors.New("the configuration is not a YAML mapping")
	}
	builds := value(doc.Content[0], "builds")
	if builds == nil || builds.Kind != yaml.SequenceNode || len(builds.Content) == 0 {
		return errors.New("the configuration has no builds list")
	}
	for i, b := range builds.Content {
		if b.Kind != yaml.MappingNode || value(b, "goos") == nil || value(b, "goarch") == nil {
			return fmt.Errorf("build %d has no goos and goarch lists to narrow", i)
		}
		set(b, "goos", goos)
		set(b, "goarch", goarch)
		remove(b, "ignore")
	}
	enc := yaml.NewEncoder(out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	return enc.Close()
}

// value is the value of key in mapping m, or nil.
func value(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// set makes key's value in m a one-item list of item, in flow style.
func set(m *yaml.Node, key, item string) {
	*value(m, key) = yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Tag: "!!str", Value: item, Style: yaml.DoubleQuotedStyle},
	}}
}

func remove(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}
