package conformance

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
)

//go:embed suite skip.yaml
var embedded embed.FS

// Suite is the conformance suite built into the package: the tree under
// conformance/suite, with case files named by their path below it, such
// as "eval/operators.yaml". It lets a binary installed without the
// repository run the suite. LoadFS(Suite, ".") loads it.
var Suite fs.FS = mustSub(embedded, "suite")

// SkipListName is the file name of a skip list, which sits beside the
// suite directory it applies to.
const SkipListName = "skip.yaml"

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(fmt.Sprintf("conformance: embedded %s: %v", dir, err))
	}
	return sub
}

// EmbeddedSkipList returns the skip list built into the package, which
// applies to Suite.
func EmbeddedSkipList() (*SkipList, error) {
	data, err := embedded.ReadFile(SkipListName)
	if err != nil {
		return nil, fmt.Errorf("conformance: embedded skip list: %w", err)
	}
	return ParseSkipList("(embedded) "+SkipListName, data)
}

// LoadFS loads every case file under root in fsys, in lexical order,
// skipping world files as LoadDirs does. Files that cases name, such as
// world and policy files, are read from fsys too.
func LoadFS(fsys fs.FS, root string) ([]*Case, error) {
	var files []string
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && isCaseFile(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	sort.Strings(files)

	var cases []*Case
	for _, f := range files {
		data, err := readFSFile(fsys, f, maxCaseFileBytes)
		if err != nil {
			return nil, fmt.Errorf("conformance: %w", err)
		}
		cs, err := parse(f, path.Dir(f), fsys, data)
		if err != nil {
			return nil, err
		}
		cases = append(cases, cs...)
	}
	return cases, nil
}

// FindSkipList returns the skip list that applies to a case file or
// directory on disk: the SkipListName file in the nearest ancestor of
// path (path itself included) that holds both that file and a "suite"
// directory. It returns "" when no ancestor does.
func FindSkipList(path string) (string, error) {
	dir, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("conformance: %w", err)
	}
	for {
		skip := filepath.Join(dir, SkipListName)
		if isFile(skip) && isDir(filepath.Join(dir, "suite")) {
			return skip, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

func isFile(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}
