package cmd_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var escapes = regexp.MustCompile("\x1b\\[[0-9;]*[A-Za-z]")

// widest is the width of the widest line of a terminal's output, escape
// sequences aside.
func widest(out string) int {
	w := 0
	for _, line := range strings.Split(strings.ReplaceAll(out, "\r", ""), "\n") {
		if n := utf8.RuneCountInString(escapes.ReplaceAllString(line, "")); n > w {
			w = n
		}
	}
	return w
}

// SPEC §10 "Fits the terminal": on a terminal the table fits its width
// (text cut with …), --wide shows everything, and off a terminal — a pipe
// or --output-file — nothing is cut.
func TestTableFitsTheTerminalWidth(t *testing.T) {
	args := []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", "--as-of", "2026-11-01T07:00:00Z",
		"--by", "customer", "--by", "week", "--due-within", "4h"}
	t.Run("80 columns", func(t *testing.T) {
		out, errOut, code := run{args: args, stdout: toTTY, cols: 80}.do(t)
		if code != 1 {
			t.Fatalf("exit = %d; stderr %q", code, errOut)
		}
		// The header's prose lines are the terminal's to wrap; every table
		// line fits.
		for _, line := range strings.Split(strings.ReplaceAll(out, "\r", ""), "\n") {
			plain := escapes.ReplaceAllString(line, "")
			if n := utf8.RuneCountInString(plain); n > 80 && !strings.Contains(plain, ": ") {
				t.Errorf("line of %d columns on an 80-column terminal: %q", n, plain)
			}
		}
		if !strings.Contains(out, "…") {
			t.Errorf("nothing was cut on an 80-column terminal:\n%s", out)
		}
	})
	t.Run("--wide", func(t *testing.T) {
		out, _, _ := run{args: append(args, "--wide"), stdout: toTTY, cols: 80}.do(t)
		if w := widest(out); w <= 120 {
			t.Errorf("--wide: widest line %d columns, want the full tables", w)
		}
	})
	t.Run("pipe", func(t *testing.T) {
		out, _, _ := run{args: args, stdout: toPipe, cols: 80}.do(t)
		if w := widest(out); w <= 120 || strings.Contains(out, "…") {
			t.Errorf("off a terminal: widest line %d, cut %v; want nothing cut", w, strings.Contains(out, "…"))
		}
	})
	t.Run("--output-file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "report.txt")
		run{args: append(args, "--output-file", file), stdout: toTTY, cols: 80}.do(t)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if w := widest(string(data)); w <= 120 {
			t.Errorf("--output-file: widest line %d, want nothing cut", w)
		}
	})
}
