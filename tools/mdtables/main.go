// Command mdtables checks that every Markdown table in the given files or
// directories (recursively, *.md) has as many cells in each row as in its
// header. tfplugindocs validate and the registries' renderers accept a row
// with too many or too few cells and draw a broken table; this catches it
// before a user sees it.
//
//	go run ./tools/mdtables docs
//
// It prints one line per bad row, "file:line: N cells, header has M", and
// exits 1 when there is any.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: mdtables PATH...")
		os.Exit(2)
	}
	bad := 0
	for _, root := range os.Args[1:] {
		//nolint:gosec // G703: walks the paths the caller named, to read them
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
				return err
			}
			text, err := os.ReadFile(path) //nolint:gosec // G304: the files to check are the caller's
			if err != nil {
				return err
			}
			for _, p := range Check(string(text)) {
				fmt.Printf("%s:%d: %s\n", path, p.Line, p.Message)
				bad++
			}
			return nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "mdtables:", err)
			os.Exit(2)
		}
	}
	if bad > 0 {
		fmt.Fprintf(os.Stderr, "mdtables: %d table rows do not match their header\n", bad)
		os.Exit(1)
	}
}
