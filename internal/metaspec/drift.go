package metaspec

import (
	"fmt"
	"slices"
)

// Drift lists what changed from old to newer for the edges and enums of
// scope: edges and enums that appeared or went away, enum values and
// parameters added or removed, and parameters whose type or requiredness
// changed. Parameters are compared only when both copies carry them (the
// nodejs SDK does not). Each line names the edge or enum; no line means no
// change.
func Drift(old, newer, scope *Spec) []string {
	var out []string
	for _, e := range scope.Edges {
		key := e.Key()
		o, inOld := old.edge(key)
		n, inNew := newer.edge(key)
		switch {
		case inOld && !inNew:
			out = append(out, "edge removed: "+key)
			continue
		case !inOld && inNew:
			out = append(out, "edge added: "+key)
			continue
		case !inOld:
			continue
		}
		if o.Params == nil || n.Params == nil {
			continue
		}
		for _, p := range o.Params {
			i := slices.IndexFunc(n.Params, func(q Param) bool { return q.Name == p.Name })
			switch {
			case i < 0:
				out = append(out, fmt.Sprintf("%s: parameter removed: %s", key, p.Name))
			case n.Params[i] != p:
				out = append(out, fmt.Sprintf("%s: parameter %s changed: %s to %s", key, p.Name, describe(p), describe(n.Params[i])))
			}
		}
		for _, p := range n.Params {
			if !slices.ContainsFunc(o.Params, func(q Param) bool { return q.Name == p.Name }) {
				out = append(out, fmt.Sprintf("%s: parameter added: %s", key, describe(p)))
			}
		}
	}
	for _, e := range scope.Enums {
		o, inOld := old.EnumValues(e.Name)
		n, inNew := newer.EnumValues(e.Name)
		switch {
		case inOld && !inNew:
			out = append(out, "enum removed: "+e.Name)
			continue
		case !inOld && inNew:
			out = append(out, "enum added: "+e.Name)
			continue
		case !inOld:
			continue
		}
		for _, v := range n {
			if !slices.Contains(o, v) {
				out = append(out, fmt.Sprintf("%s (%s): value added: %s", e.Name, e.SDKName, v))
			}
		}
		for _, v := range o {
			if !slices.Contains(n, v) {
				out = append(out, fmt.Sprintf("%s (%s): value removed: %s", e.Name, e.SDKName, v))
			}
		}
	}
	return out
}

func describe(p Param) string {
	s := p.Name + " " + p.Type
	if p.Required {
		s += " (required)"
	}
	return s
}
