package metaspec

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// readCodegen reads api_specs/specs of github.com/facebook/facebook-business-sdk-codegen:
// the Page node's apis (Page.json) and the enums (enum_types.json).
func readCodegen(dir string, scope *Spec) (*Spec, error) {
	var page struct {
		APIs []struct {
			Method   string `json:"method"`
			Endpoint string `json:"endpoint"`
			Params   []struct {
				Name     string `json:"name"`
				Type     string `json:"type"`
				Required bool   `json:"required"`
			} `json:"params"`
		} `json:"apis"`
	}
	if err := readJSON(filepath.Join(dir, "Page.json"), &page); err != nil {
		return nil, err
	}
	var enums []struct {
		Name   string   `json:"name"`
		Values []string `json:"values"`
	}
	if err := readJSON(filepath.Join(dir, "enum_types.json"), &enums); err != nil {
		return nil, err
	}
	out := &Spec{}
	for _, want := range scope.Edges {
		for _, api := range page.APIs {
			if api.Method != want.Method || api.Endpoint != want.Edge {
				continue
			}
			e := Edge{Method: api.Method, Edge: api.Endpoint, Params: []Param{}}
			for _, p := range api.Params {
				e.Params = append(e.Params, Param{Name: p.Name, Type: p.Type, Required: p.Required})
			}
			out.Edges = append(out.Edges, e)
		}
	}
	for _, want := range scope.Enums {
		for _, e := range enums {
			if e.Name == want.Name {
				out.Enums = append(out.Enums, Enum{Name: e.Name, SDKName: want.SDKName, Values: e.Values})
			}
		}
	}
	return out, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path) //nolint:gosec // G304: the path the maintainer named
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
