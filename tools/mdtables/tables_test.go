package main

import (
	"reflect"
	"testing"
)

func TestCheckFindsRowsThatDoNotMatchTheHeader(t *testing.T) {
	text := "# T\n\n" +
		"| kind | name | Graph API |\n" +
		"|---|---|---|\n" +
		"| resource | `a` | `GET /x` |\n" +
		"| data source | `b` | `GET/POST /y` | `extra` | more |\n" + // line 6: 5 cells
		"| action | `c` |\n" + // line 7: 2 cells
		"| code | `a\\|b` | x \\| y |\n" + // escaped pipes, in code too: 3 cells
		"| code | `a|b` | y |\n" + // line 9: a pipe in code still splits (GFM): 4 cells
		"\n" +
		"```\n| not | a | table |\n|---|---|\n| x |\n```\n" +
		"a | b\n--|--\n1 | 2 | 3\n" // line 18: no outer pipes, 3 cells
	got := Check(text)
	want := []Problem{
		{6, "5 cells, header has 3"},
		{7, "2 cells, header has 3"},
		{9, "4 cells, header has 3"},
		{18, "3 cells, header has 2"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

func TestCheckPassesGoodTables(t *testing.T) {
	text := "| a | b |\n|:--|--:|\n| 1 | 2 |\n|  | `x\\|y` |\n\nText with a | pipe.\n"
	if got := Check(text); len(got) != 0 {
		t.Fatalf("%+v", got)
	}
}

func TestCheckReportsABadDelimiterRow(t *testing.T) {
	if got := Check("| a | b | c |\n|---|---|\n| 1 | 2 | 3 |\n"); !reflect.DeepEqual(got, []Problem{{2, "delimiter row has 2 cells, header has 3"}}) {
		t.Fatalf("%+v", got)
	}
}
