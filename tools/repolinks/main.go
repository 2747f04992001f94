// Command repolinks fails when a symbolic link committed to the repository
// points outside it (an absolute target, or a relative one that climbs out),
// such as a link into one machine's cache, which means nothing on another
// clone. Run it from anywhere inside the repository:
//
//	go run ./tools/repolinks
package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path"
	"strings"
)

func main() {
	ctx := context.Background()
	out, err := exec.CommandContext(ctx, "git", "ls-files", "-s", "-z").Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "repolinks: git ls-files:", err)
		os.Exit(2)
	}
	bad := 0
	for _, l := range Links(out) {
		target, err := exec.CommandContext(ctx, "git", "cat-file", "blob", l.Object).Output() //nolint:gosec // G204: the object id comes from git itself
		if err != nil {
			fmt.Fprintf(os.Stderr, "repolinks: %s: %v\n", l.Path, err)
			os.Exit(2)
		}
		if reason := Outside(l.Path, string(target)); reason != "" {
			fmt.Printf("%s -> %s: %s\n", l.Path, target, reason)
			bad++
		}
	}
	if bad > 0 {
		fmt.Fprintf(os.Stderr, "repolinks: %d committed links point outside the repository: git rm them\n", bad)
		os.Exit(1)
	}
}

// Link is a symbolic link in the index.
type Link struct{ Path, Object string }

// Links picks the symbolic links (mode 120000) out of `git ls-files -s -z`.
func Links(lsFiles []byte) []Link {
	var links []Link
	for _, rec := range bytes.Split(lsFiles, []byte{0}) {
		// "<mode> <object> <stage>\t<path>"
		meta, p, ok := strings.Cut(string(rec), "\t")
		fields := strings.Fields(meta)
		if ok && len(fields) == 3 && fields[0] == "120000" {
			links = append(links, Link{Path: p, Object: fields[1]})
		}
	}
	return links
}

// Outside says why a link at linkPath (relative to the repository's root)
// with the given target points outside the repository, or "" if it does not.
func Outside(linkPath, target string) string {
	if target == "" {
		return "empty target"
	}
	if path.IsAbs(target) || strings.HasPrefix(target, "~") {
		return "absolute target"
	}
	resolved := path.Join(path.Dir(linkPath), target)
	if resolved == ".." || strings.HasPrefix(resolved, "../") {
		return "climbs out of the repository"
	}
	return ""
}
