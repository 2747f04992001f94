// Package metaspec holds the provider's excerpt of Meta's SDK specification
// (page_spec.json): the Page edges the provider calls, their parameters and
// the enums of those parameters. The client's enum tables are generated
// from it (internal/graph, go generate), and `make meta-drift` compares it
// with a newer copy of Meta's definitions. Only tools and tests import it:
// the provider reads the generated tables, never this package.
package metaspec

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"slices"
)

// Spec is what one copy of Meta's definitions says about the edges the
// provider calls. A copy that does not carry parameters (the nodejs SDK)
// leaves Params nil.
type Spec struct {
	About   string   `json:"about,omitempty"`
	Sources []Source `json:"sources,omitempty"`
	Edges   []Edge   `json:"edges"`
	Enums   []Enum   `json:"enums"`
}

// Source is where a copy came from.
type Source struct {
	Repository string `json:"repository"`
	Path       string `json:"path"`
	Commit     string `json:"commit"`
	Date       string `json:"date"`
	UsedFor    string `json:"used_for"`
}

// Edge is one method on one edge of the Page node, such as POST agencies.
type Edge struct {
	Method string  `json:"method"`
	Edge   string  `json:"edge"`
	Params []Param `json:"params"`
}

// Param is a parameter of an edge, as the codegen spec types it.
type Param struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Required bool   `json:"required"`
}

// Enum is one enum of a parameter: Name is its codegen name
// (pageagencies_permitted_tasks_enum_param), SDKName the name the nodejs
// SDK gives its getter (PermittedTasks).
type Enum struct {
	Name    string   `json:"name"`
	SDKName string   `json:"sdk_name"`
	Values  []string `json:"values"`
}

// Key names an edge method, such as "POST /{page-id}/agencies".
func (e Edge) Key() string { return e.Method + " /{page-id}/" + e.Edge }

//go:embed page_spec.json
var excerpt []byte

// Excerpt is the checked-in excerpt.
func Excerpt() (*Spec, error) {
	var s Spec
	if err := json.Unmarshal(excerpt, &s); err != nil {
		return nil, fmt.Errorf("page_spec.json: %w", err)
	}
	return &s, nil
}

// EnumValues returns the values of the enum with the given codegen name.
func (s *Spec) EnumValues(name string) ([]string, bool) {
	for _, e := range s.Enums {
		if e.Name == name {
			return e.Values, true
		}
	}
	return nil, false
}

// Read reads a copy of Meta's definitions, restricted to the edges and
// enums of scope: a directory is taken for the codegen repository's
// api_specs/specs (Page.json and enum_types.json), a file for the nodejs
// SDK's src/objects/page.js.
func Read(path string, scope *Spec) (*Spec, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return readCodegen(path, scope)
	}
	return readNodeJS(path, scope)
}

func (s *Spec) edge(key string) (Edge, bool) {
	i := slices.IndexFunc(s.Edges, func(e Edge) bool { return e.Key() == key })
	if i < 0 {
		return Edge{}, false
	}
	return s.Edges[i], true
}
