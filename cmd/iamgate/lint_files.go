package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// lintInput is one file to lint, or why it is not linted.
type lintInput struct {
	name string

	// walked is set for a file found by a directory walk, which is skipped
	// when it is clearly not a policy, template or plan.
	walked bool

	// skipped, when not empty, is the reason the file is not linted.
	skipped string

	// err, when not nil, is the reason the file cannot be read.
	err error
}

// lintExtensions are the file name extensions a directory walk lints.
var lintExtensions = map[string]bool{".json": true, ".yaml": true, ".yml": true, ".template": true}

// expandPaths replaces each directory by the policy files below it, in
// lexical order; files named directly are kept whatever their extension.
// A path that does not exist is a usage error. Within a walk, a path that
// an --exclude glob matches is left out, a file that is not regular is
// skipped, and one that cannot be read (a dangling symbolic link) is
// returned with its error. The walk stops when ctx is canceled.
func expandPaths(ctx context.Context, paths, exclude []string) ([]lintInput, error) {
	var inputs []lintInput
	for _, p := range paths {
		if p == "-" {
			inputs = append(inputs, lintInput{name: p})
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			// A path that does not exist is a mistake on the command line.
			return nil, &lintUsageError{msg: err.Error()}
		}
		if !info.IsDir() {
			in := lintInput{name: p}
			if !info.Mode().IsRegular() {
				in.err = notRegularError(info.Mode())
			}
			inputs = append(inputs, in)
			continue
		}
		walkRoot := p
		if linfo, err := os.Lstat(p); err == nil && linfo.Mode()&fs.ModeSymlink != 0 {
			// WalkDir does not follow a root that is a symbolic link.
			walkRoot = p + string(filepath.Separator)
		}
		found, err := walkLintDir(ctx, walkRoot, exclude)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, found...)
	}
	return inputs, nil
}

// walkLintDir returns the inputs below the directory root.
func walkLintDir(ctx context.Context, root string, exclude []string) ([]lintInput, error) {
	var found []lintInput
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if err != nil {
			if path == root {
				return err
			}
			// An unreadable subdirectory is reported, and the walk goes on.
			found = append(found, lintInput{name: path, err: describeReadError(err)})
			return nil
		}
		if path == root {
			return nil
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") || excluded(exclude, root, path) {
				return filepath.SkipDir
			}
			return nil
		}
		if !lintExtensions[strings.ToLower(filepath.Ext(path))] || excluded(exclude, root, path) {
			return nil
		}
		found = append(found, walkedInput(path, d))
		return nil
	})
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("iamgate lint: interrupted while walking %s: %w", root, ctxErr)
		}
		return nil, fmt.Errorf("iamgate lint: walking %s: %w", root, err)
	}
	sort.Slice(found, func(i, j int) bool { return found[i].name < found[j].name })
	return found, nil
}

// walkedInput classifies a file found by a walk. A symbolic link is
// followed: to a regular file it is linted, and a dangling one is an
// error for that file.
func walkedInput(path string, d fs.DirEntry) lintInput {
	in := lintInput{name: path, walked: true}
	mode := d.Type()
	if mode&fs.ModeSymlink != 0 {
		info, err := os.Stat(path)
		if err != nil {
			in.err = symlinkError(path, err)
			return in
		}
		mode = info.Mode()
	}
	if !mode.IsRegular() {
		in.skipped = "not a regular file: " + fileKind(mode)
	}
	return in
}

// excluded reports whether a glob matches path as walked, path relative
// to the walk's root, or its base name. Globs use filepath.Match syntax
// over forward slashes, so * does not cross a directory.
func excluded(globs []string, root, path string) bool {
	if len(globs) == 0 {
		return false
	}
	names := []string{filepath.ToSlash(path), filepath.Base(path)}
	if rel, err := filepath.Rel(root, path); err == nil {
		names = append(names, filepath.ToSlash(rel))
	}
	for _, g := range globs {
		for _, name := range names {
			if ok, _ := filepath.Match(g, name); ok {
				return true
			}
		}
	}
	return false
}

// fileKind names the kind of a file that is not regular.
func fileKind(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeDevice != 0, mode&fs.ModeCharDevice != 0:
		return "a device"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}

// notRegularError is the error for a non-regular file named directly,
// which is never opened: opening a FIFO blocks until a writer appears.
func notRegularError(mode fs.FileMode) error {
	return fmt.Errorf("is %s, not a regular file: name a regular file, or pipe the policy to standard input "+
		"and name -", fileKind(mode))
}

// symlinkError describes a symbolic link whose target cannot be read.
func symlinkError(path string, err error) error {
	target, lerr := os.Readlink(path)
	if lerr != nil {
		return describeReadError(err)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("symbolic link to %s, which does not exist: fix or remove the link", target)
	}
	return fmt.Errorf("symbolic link to %s, which cannot be read: %w", target, describeReadError(err))
}

// describeReadError drops the file name from an *fs.PathError, because
// output prints the name beside the error.
func describeReadError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s failed: %w", pe.Op, pe.Err)
	}
	return err
}

// maxLintInput bounds one input, read whole into memory.
const maxLintInput = 32 << 20

// lintStdin is the standard input that "-" reads; tests replace it.
var lintStdin io.Reader = os.Stdin

// errLintInterrupted reports that a signal canceled the run.
var errLintInterrupted = errors.New("iamgate lint: interrupted")

// readLintInput reads one input whole. A file is opened without blocking
// and rejected unless it is a regular file of at most maxLintInput bytes.
// Standard input is read until EOF or until ctx is canceled.
func readLintInput(ctx context.Context, name string) ([]byte, error) {
	if name == "-" {
		return readStdin(ctx)
	}
	// O_NONBLOCK keeps open from waiting for a writer if the file was
	// replaced by a FIFO after expandPaths looked at it.
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, describeReadError(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, describeReadError(err)
	}
	if !info.Mode().IsRegular() {
		return nil, notRegularError(info.Mode())
	}
	if info.Size() > maxLintInput {
		return nil, tooLargeError(info.Size())
	}
	return readLintLimited(f)
}

func readLintLimited(r io.Reader) ([]byte, error) {
	src, err := io.ReadAll(io.LimitReader(r, maxLintInput+1))
	if err != nil {
		return nil, describeReadError(err)
	}
	if len(src) > maxLintInput {
		return nil, tooLargeError(int64(len(src)))
	}
	return src, nil
}

func tooLargeError(size int64) error {
	return fmt.Errorf("%d bytes is larger than the %d-byte limit (32 MiB) on one input: split it", size, maxLintInput)
}

// readStdin reads standard input in a goroutine, so that a signal can
// end a read that would otherwise never return. The goroutine is left blocked, as
// the process is about to exit.
func readStdin(ctx context.Context) ([]byte, error) {
	type result struct {
		src []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		src, err := readLintLimited(lintStdin)
		done <- result{src, err}
	}()
	select {
	case r := <-done:
		return r.src, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("interrupted while reading standard input: %w", ctx.Err())
	}
}
