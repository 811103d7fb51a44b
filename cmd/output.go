package cmd

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/report"
)

// reportTarget is where a report goes: the command's Out, or a file written
// atomically (a temporary file in the same folder, renamed into place only
// when the whole report was written). A failed audit leaves no partial file.
type reportTarget struct {
	w    *bufio.Writer
	tmp  *os.File
	path string
}

// openTarget opens path for a report, or Out when path is empty. It refuses to
// write over any of the inputs.
func openTarget(ios *IO, path string, inputs []string) (*reportTarget, error) {
	if path == "" || path == "-" {
		return &reportTarget{w: bufio.NewWriterSize(ios.Out, 64<<10)}, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, usagef("--output-file: %v", err)
	}
	for _, in := range inputs {
		if in == "-" {
			continue
		}
		if inAbs, err := filepath.Abs(in); err == nil && sameFile(abs, inAbs) {
			return nil, usagef("--output-file: %s is an input; slaaudit never writes over its inputs", path)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".*.tmp")
	if err != nil {
		return nil, &exitError{statusError, fmt.Errorf("--output-file: %w", err)}
	}
	return &reportTarget{w: bufio.NewWriterSize(tmp, 64<<10), tmp: tmp, path: abs}, nil
}

func sameFile(a, b string) bool {
	if a == b {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// Writer is where the report is rendered.
func (t *reportTarget) Writer() io.Writer { return t.w }

// Commit flushes the report and, for a file, renames it into place.
func (t *reportTarget) Commit() error {
	if err := t.w.Flush(); err != nil {
		t.Abort()
		return &exitError{statusError, fmt.Errorf("write report: %w", err)}
	}
	if t.tmp == nil {
		return nil
	}
	if err := t.tmp.Close(); err != nil {
		os.Remove(t.tmp.Name())
		return &exitError{statusError, fmt.Errorf("write %s: %w", t.path, err)}
	}
	if err := os.Rename(t.tmp.Name(), t.path); err != nil {
		os.Remove(t.tmp.Name())
		return &exitError{statusError, fmt.Errorf("write %s: %w", t.path, err)}
	}
	return nil
}

// Render renders res into the target and commits it; on failure nothing is
// left behind. A nil target (--quiet) renders nothing.
func (t *reportTarget) Render(render renderFunc, res *audit.Result, m report.Meta, o report.Options) error {
	if t == nil {
		return nil
	}
	if err := render(t.w, res, m, o); err != nil {
		t.Abort()
		return &exitError{statusError, fmt.Errorf("render report: %w", err)}
	}
	return t.Commit()
}

// Abort discards a report that will not be completed. It is safe on a nil
// target.
func (t *reportTarget) Abort() {
	if t != nil && t.tmp != nil {
		t.tmp.Close()
		os.Remove(t.tmp.Name())
	}
}
