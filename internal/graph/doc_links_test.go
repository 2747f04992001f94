package graph

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
)

// notMetaCalls are the exported Client methods that call no Graph API
// endpoint, so have no Meta page to link.
var notMetaCalls = map[string]bool{
	"Secrets":                true, // the credentials to mask
	"VersionMismatchWarning": true, // what an earlier answer's version header said
}

// Every exported Client method that calls Meta links the Meta reference
// page it implements, as go-github links GitHub's: a reader checks the
// client against Meta from the comment, without searching.
func TestEveryClientMethodLinksMetasPage(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	methods := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() || notMetaCalls[fn.Name.Name] || !isClientReceiver(fn.Recv) {
				continue
			}
			methods++
			if fn.Doc == nil || !strings.Contains(fn.Doc.Text(), "https://developers.facebook.com/docs/") {
				t.Errorf("%s: (*Client).%s links no page of https://developers.facebook.com/docs/", name, fn.Name.Name)
			}
		}
	}
	// A parse that found nothing would pass the loop above.
	if methods < 20 {
		t.Fatalf("found %d exported Client methods, want the 20 or more the client has", methods)
	}
}

func isClientReceiver(recv *ast.FieldList) bool {
	star, ok := recv.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	id, ok := star.X.(*ast.Ident)
	return ok && id.Name == "Client"
}
