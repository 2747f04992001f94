package metaspec

import (
	"os"
	"regexp"
)

// The nodejs SDK's page.js declares each enum as a getter returning a
// frozen object of lower_case keys and Meta's values,
//
//	static get PermittedTasks (): Object {
//	  return Object.freeze({
//	    advertise: 'ADVERTISE',
//
// and each edge as a method calling getEdge, createEdge or deleteEdge with
// the edge's path. It carries no parameter lists.
var (
	nodeEnum      = regexp.MustCompile(`(?s)static get (\w+) \(\): Object \{\s*return Object\.freeze\(\{(.*?)\}\);`)
	nodeEnumValue = regexp.MustCompile(`\w+: '([^']*)'`)
	nodeEdge      = regexp.MustCompile(`(?s)\.(getEdge|createEdge|deleteEdge)\(\s*(?:\w+,\s*)*'/(\w+)'`)
	edgeMethods   = map[string]string{"getEdge": "GET", "createEdge": "POST", "deleteEdge": "DELETE"}
)

// readNodeJS reads src/objects/page.js of github.com/facebook/facebook-nodejs-business-sdk.
// Its edges have nil Params: the file does not say.
func readNodeJS(path string, scope *Spec) (*Spec, error) {
	b, err := os.ReadFile(path) //nolint:gosec // G304: the path the maintainer named
	if err != nil {
		return nil, err
	}
	js := string(b)
	getters := map[string][]string{}
	for _, m := range nodeEnum.FindAllStringSubmatch(js, -1) {
		values := []string{}
		for _, v := range nodeEnumValue.FindAllStringSubmatch(m[2], -1) {
			values = append(values, v[1])
		}
		getters[m[1]] = values
	}
	edges := map[string]bool{}
	for _, m := range nodeEdge.FindAllStringSubmatch(js, -1) {
		edges[edgeMethods[m[1]]+" /{page-id}/"+m[2]] = true
	}
	out := &Spec{}
	for _, want := range scope.Edges {
		if edges[want.Key()] {
			out.Edges = append(out.Edges, Edge{Method: want.Method, Edge: want.Edge})
		}
	}
	for _, want := range scope.Enums {
		if values, ok := getters[want.SDKName]; ok {
			out.Enums = append(out.Enums, Enum{Name: want.Name, SDKName: want.SDKName, Values: values})
		}
	}
	return out, nil
}
