package main

import (
	"reflect"
	"testing"
)

func TestLinksPicksSymbolicLinks(t *testing.T) {
	ls := "100644 aaaa 0\tREADME.md\x00120000 bbbb 0\t.tmp-cli\x00120000 cccc 0\tdocs/a b\x00"
	want := []Link{{".tmp-cli", "bbbb"}, {"docs/a b", "cccc"}}
	if got := Links([]byte(ls)); !reflect.DeepEqual(got, want) {
		t.Fatalf("%+v", got)
	}
}

func TestOutside(t *testing.T) {
	for _, c := range []struct {
		link, target string
		outside      bool
	}{
		{".tmp-cli", "/work/cache/cli", true},
		{"a", "~/cache", true},
		{"a", "../elsewhere", true},
		{"docs/a", "../../elsewhere", true},
		{"docs/a", "../..", true},
		{"a", "", true},
		{"docs/a", "../README.md", false},
		{"a", "docs/index.md", false},
		{"docs/x/a", "../../tools/../README.md", false},
	} {
		if got := Outside(c.link, c.target) != ""; got != c.outside {
			t.Errorf("%s -> %s: outside %v, want %v", c.link, c.target, got, c.outside)
		}
	}
}
