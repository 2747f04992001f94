package graphtest

import (
	"fmt"
	"slices"
	"strings"
)

// fieldSpec describes one field of a node type for `fields=` selection.
type fieldSpec struct {
	subNode   string   // node type of nested objects; "" = no subfields
	subFields []string // fields of the nested objects
}

// selection is a parsed and validated `fields` parameter: the chosen fields
// in request order, and for nested fields the chosen subfields.
type selection struct {
	names []string
	subs  map[string][]string
}

// selectFields parses raw (e.g. "id,name,participants{name,email}") against
// the node's known fields. Absent or empty means defaults. Graph always
// returns a node's id, so "id" is added when missing (that is why
// ?fields=access_token answers {"id", "access_token"}).
//
// assumption: field modifiers such as participants.limit(5) are not modelled
// and are refused as unknown fields.
func selectFields(raw string, defaults []string, known map[string]fieldSpec, node string) (selection, *GraphError) {
	sel := selection{subs: map[string][]string{}}
	items, g := splitFields(raw)
	if g != nil {
		return sel, g
	}
	if len(items) == 0 {
		items = defaults
	}
	seen := map[string]bool{}
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			sel.names = append(sel.names, name)
		}
	}
	if _, ok := known["id"]; ok {
		add("id")
	}
	for _, item := range items {
		name, sub, hasSub := strings.Cut(item, "{")
		name = strings.TrimSpace(name)
		spec, ok := known[name]
		if !ok {
			return sel, errUnknownField(name, node)
		}
		if hasSub {
			if spec.subNode == "" {
				// assumption: Meta's wording for subfields on a scalar is unknown;
				// it is refused as a parameter error.
				return sel, errParam("Field %s does not support subfields", name)
			}
			subItems, g := splitFields(strings.TrimSuffix(sub, "}"))
			if g != nil {
				return sel, g
			}
			var chosen []string
			for _, s := range subItems {
				if !slices.Contains(spec.subFields, s) {
					return sel, errUnknownField(s, spec.subNode)
				}
				if !slices.Contains(chosen, s) {
					chosen = append(chosen, s)
				}
			}
			if !slices.Contains(chosen, "id") && slices.Contains(spec.subFields, "id") {
				chosen = append([]string{"id"}, chosen...)
			}
			sel.subs[name] = chosen
		}
		add(name)
	}
	return sel, nil
}

// splitFields splits a fields list at top-level commas, keeping "{...}"
// groups whole, and checks that braces balance (Meta answers 2500, "Error
// parsing graph query", for syntax errors).
func splitFields(raw string) ([]string, *GraphError) {
	var items []string
	depth, start := 0, 0
	flush := func(end int) {
		if s := strings.TrimSpace(raw[start:end]); s != "" {
			items = append(items, s)
		}
	}
	for i, c := range raw {
		switch c {
		case '{':
			depth++
		case '}':
			depth--
			if depth < 0 {
				return nil, errFieldSyntax(i, raw)
			}
		case ',':
			if depth == 0 {
				flush(i)
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, errFieldSyntax(len(raw), raw)
	}
	flush(len(raw))
	for _, it := range items {
		// After the closing brace of a group nothing may follow.
		if i := strings.IndexByte(it, '}'); i >= 0 && i != len(it)-1 {
			return nil, errFieldSyntax(i, raw)
		}
	}
	return items, nil
}

func errFieldSyntax(pos int, raw string) *GraphError {
	return &GraphError{Message: fmt.Sprintf("Syntax error \"Unbalanced braces\" at character %d: %s", pos, raw), Type: typeOAuth, Code: 2500}
}

// idAndName starts a node's answer with the "id" and "name" fields that sel
// asks for. A node without a name leaves "name" out, as Meta does; the
// caller adds the node's other fields.
func idAndName(sel selection, id, name string) map[string]any {
	body := map[string]any{}
	for _, f := range sel.names {
		switch {
		case f == "id":
			body["id"] = id
		case f == "name" && name != "":
			body["name"] = name
		}
	}
	return body
}
