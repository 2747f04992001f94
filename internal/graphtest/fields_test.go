package graphtest

import (
	"reflect"
	"strings"
	"testing"
)

func TestSelectFields(t *testing.T) {
	known := map[string]fieldSpec{"id": {}, "name": {}, "people": {subNode: "User", subFields: []string{"id", "name", "email"}}}
	cases := []struct {
		raw       string
		names     []string
		subs      map[string][]string
		errCode   int
		errSubstr string
	}{
		{"", []string{"id", "name"}, map[string][]string{}, 0, ""},
		{"name", []string{"id", "name"}, map[string][]string{}, 0, ""},
		{" name , id ,,", []string{"id", "name"}, map[string][]string{}, 0, ""},
		{"name,name", []string{"id", "name"}, map[string][]string{}, 0, ""},
		{"people{email}", []string{"id", "people"}, map[string][]string{"people": {"id", "email"}}, 0, ""},
		{"people{name,id},name", []string{"id", "people", "name"}, map[string][]string{"people": {"name", "id"}}, 0, ""},
		{"people", []string{"id", "people"}, map[string][]string{}, 0, ""},
		{"nope", nil, nil, 100, "(#100) Tried accessing nonexisting field (nope) on node type (Thing)"},
		{"people{phone}", nil, nil, 100, "(#100) Tried accessing nonexisting field (phone) on node type (User)"},
		{"name{x}", nil, nil, 100, "subfields"},
		{"people{name", nil, nil, 2500, "Syntax error"},
		{"people}name", nil, nil, 2500, "Syntax error"},
		{"people{name}x", nil, nil, 2500, "Syntax error"},
		{"people.limit(2)", nil, nil, 100, "people.limit(2)"},
	}
	for _, c := range cases {
		sel, g := selectFields(c.raw, []string{"name"}, known, "Thing")
		if c.errCode != 0 {
			if g == nil || g.Code != c.errCode || !strings.Contains(g.Message, c.errSubstr) {
				t.Errorf("%q: got %+v, want code %d with %q", c.raw, g, c.errCode, c.errSubstr)
			}
			continue
		}
		if g != nil {
			t.Errorf("%q: %v", c.raw, g.Message)
			continue
		}
		if !reflect.DeepEqual(sel.names, c.names) || !reflect.DeepEqual(sel.subs, c.subs) {
			t.Errorf("%q: got %v %v, want %v %v", c.raw, sel.names, sel.subs, c.names, c.subs)
		}
	}
}

func TestParseRoute(t *testing.T) {
	cases := map[string]route{
		"/":                         {},
		"/v19.0":                    {version: "v19.0"},
		"/v19.0/1":                  {version: "v19.0", nodeID: "1", endpoint: EndpointPage},
		"/1/agencies":               {nodeID: "1", edge: "agencies", endpoint: EndpointAgencies},
		"/v3.3/1/conversations/":    {version: "v3.3", nodeID: "1", edge: "conversations", endpoint: EndpointConversations},
		"/v19.0/1/thread_owner":     {version: "v19.0", nodeID: "1", edge: "thread_owner", endpoint: EndpointThreadOwner},
		"/v19.0/1/messages":         {version: "v19.0", nodeID: "1", edge: "messages", endpoint: EndpointMessages},
		"/v19.0/1/feed":             {version: "v19.0", nodeID: "1", edge: "feed"},
		"/v19.0/1/agencies/2":       {version: "v19.0", nodeID: "1", edge: "agencies", extra: "/2"},
		"/v19/1":                    {nodeID: "v19", edge: "1"},
		"/v19.0//agencies":          {version: "v19.0", extra: "//agencies"},
		"/v19.0/v19.0/1":            {version: "v19.0", nodeID: "v19.0", edge: "1"},
		"/v19.0/1/agencies/x/y/z/w": {version: "v19.0", nodeID: "1", edge: "agencies", extra: "/x/y/z/w"},
	}
	for path, want := range cases {
		if got := parseRoute(path); got != want {
			t.Errorf("%s: got %+v, want %+v", path, got, want)
		}
	}
}
