package main

import (
	"fmt"
	"regexp"
	"strings"
)

// Problem is a table row whose cell count differs from its header's.
type Problem struct {
	Line    int // 1-based
	Message string
}

// delimiterRow is a GitHub Flavored Markdown table's second line, such as
// "|---|:---:|" (https://github.github.com/gfm/#tables-extension-).
var delimiterRow = regexp.MustCompile(`^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$`)

// Check returns every row of every table in text whose number of cells is
// not its header's. Fenced code blocks are skipped.
func Check(text string) []Problem {
	lines := strings.Split(text, "\n")
	var problems []Problem
	fence := ""
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if f := fenceOf(line); f != "" {
			switch {
			case fence == "":
				fence = f
			case strings.HasPrefix(line, fence):
				fence = ""
			}
			continue
		}
		if fence != "" || i+1 >= len(lines) || !strings.Contains(line, "|") {
			continue
		}
		delim := strings.TrimSpace(lines[i+1])
		if !delimiterRow.MatchString(delim) || !strings.Contains(delim, "-") {
			continue
		}
		want := len(cells(line))
		if got := len(cells(delim)); got != want {
			problems = append(problems, Problem{i + 2, fmt.Sprintf("delimiter row has %d cells, header has %d", got, want)})
		}
		j := i + 2
		for ; j < len(lines); j++ {
			row := strings.TrimSpace(lines[j])
			if row == "" || !strings.Contains(row, "|") {
				break
			}
			if got := len(cells(row)); got != want {
				problems = append(problems, Problem{j + 1, fmt.Sprintf("%d cells, header has %d", got, want)})
			}
		}
		i = j - 1
	}
	return problems
}

// fenceOf is the fence a line opens or closes (``` or ~~~), or "".
func fenceOf(line string) string {
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(line, f) {
			return f
		}
	}
	return ""
}

// cells splits a table row into its cells: every pipe separates cells
// except an escaped one (\|), even inside a code span, as GitHub Flavored
// Markdown reads it; a leading or trailing pipe does not start or end an
// extra cell.
func cells(row string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(row); i++ {
		c := row[i]
		switch {
		case c == '\\' && i+1 < len(row) && row[i+1] == '|':
			cur.WriteString(`\|`)
			i++
		case c == '|':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	out = append(out, cur.String())
	if strings.HasPrefix(row, "|") {
		out = out[1:]
	}
	if strings.HasSuffix(row, "|") && !strings.HasSuffix(row, `\|`) && len(out) > 0 {
		out = out[:len(out)-1]
	}
	return out
}
