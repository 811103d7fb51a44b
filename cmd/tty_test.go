package cmd_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// stream says where one of the child's standard streams goes.
type stream int

const (
	toPipe stream = iota // a pipe read into a buffer
	toTTY                // a pseudo-terminal
)

// run is one run of the built binary with stdout and stderr on a terminal or
// a pipe.
type run struct {
	args           []string
	env            []string
	stdin          *os.File // nil: no stdin
	stdout, stderr stream
	// cols is the terminal's width; 0 is 200, wide enough that no table
	// is fitted.
	cols uint16
}

// cleanEnv is the environment without the variables that decide colour.
func cleanEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "NO_COLOR=") || strings.HasPrefix(kv, "FORCE_COLOR=") || strings.HasPrefix(kv, "TERM=") {
			continue
		}
		env = append(env, kv)
	}
	return append(append(env, "TERM=xterm-256color"), extra...)
}

// do runs r from the repository root and returns stdout, stderr and the exit
// status. It skips the test when no pseudo-terminal can be opened.
func (r run) do(t *testing.T) (string, string, int) {
	t.Helper()
	c := exec.Command(binary, r.args...)
	c.Dir = ".."
	c.Env = cleanEnv(r.env...)
	if r.stdin != nil {
		c.Stdin = r.stdin
	}
	var outs [2]bytes.Buffer
	var ptys []*os.File
	var copies []chan struct{}
	for i, s := range []stream{r.stdout, r.stderr} {
		w := io.Writer(&outs[i])
		if s == toTTY {
			ptmx, tty, err := pty.Open()
			if err != nil {
				t.Skipf("no pseudo-terminal: %v", err)
			}
			cols := r.cols
			if cols == 0 {
				cols = 200 // wide enough that no line is cut
			}
			if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: cols}); err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			go func(buf *bytes.Buffer) {
				defer close(done)
				io.Copy(buf, ptmx) // ends with EIO once the child has closed the terminal
			}(&outs[i])
			defer ptmx.Close()
			ptys = append(ptys, tty)
			copies = append(copies, done)
			w = tty
		}
		if i == 0 {
			c.Stdout = w
		} else {
			c.Stderr = w
		}
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	for _, tty := range ptys {
		tty.Close() // the child holds its own copy
	}
	err := c.Wait()
	for _, done := range copies {
		<-done
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run slaaudit: %v", err)
	}
	return outs[0].String(), outs[1].String(), code
}

// hasSGRColour reports whether s sets a foreground colour; cursor movements
// (\x1b[A, \x1b[K) are not colour.
func hasSGRColour(s string) bool {
	return strings.Contains(s, "\x1b[3") || strings.Contains(s, "\x1b[9")
}

func TestColourOnATerminal(t *testing.T) {
	args := []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", "--as-of", "2026-11-01T07:00:00Z"}
	tests := []struct {
		name string
		run  run
		want bool
	}{
		{name: "terminal", run: run{args: args, stdout: toTTY}, want: true},
		{name: "terminal with NO_COLOR", run: run{args: args, env: []string{"NO_COLOR=1"}, stdout: toTTY}},
		// A dumb terminal cannot show colour (the last TERM wins).
		{name: "terminal with TERM=dumb", run: run{args: args, env: []string{"TERM=dumb"}, stdout: toTTY}},
		{name: "terminal with --no-color", run: run{args: append(args, "--no-color"), stdout: toTTY}},
		{name: "pipe", run: run{args: args, stdout: toPipe}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := tc.run.do(t)
			if code != 1 {
				t.Errorf("exit = %d, want 1 (the sample has breaches); stderr %q", code, errOut)
			}
			if !strings.Contains(out, "Premium") {
				t.Errorf("no report on stdout:\n%s", out)
			}
			if got := hasSGRColour(out); got != tc.want {
				t.Errorf("colour on stdout = %v, want %v", got, tc.want)
			}
			if errOut != "" {
				t.Errorf("stderr = %q, want nothing (the sample is too small for a progress bar)", errOut)
			}
		})
	}
}

func TestProgressBarOnATerminal(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	gen := exec.Command(binary, "sample", "--tickets", "100000", "--month", "2026-10")
	gen.Stdout = f
	if err := gen.Run(); err != nil {
		t.Fatalf("slaaudit sample: %v", err)
	}
	f.Close()
	stdin := func(t *testing.T) *os.File {
		f, err := os.Open(big)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}

	args := []string{"check", big, "--as-of", "2026-11-01", "-o", "markdown"}
	tests := []struct {
		name      string
		run       func(t *testing.T) run
		wantBar   bool
		wantColor bool
		wantOut   bool
	}{
		{name: "stderr on a terminal", run: func(*testing.T) run { return run{args: args, stderr: toTTY} },
			wantBar: true, wantColor: true, wantOut: true},
		{name: "NO_COLOR", run: func(*testing.T) run { return run{args: args, env: []string{"NO_COLOR=1"}, stderr: toTTY} },
			wantBar: true, wantOut: true},
		{name: "--no-color", run: func(*testing.T) run { return run{args: append(args, "--no-color"), stderr: toTTY} },
			wantBar: true, wantOut: true},
		{name: "stdin redirected from the file", run: func(t *testing.T) run {
			return run{args: []string{"check", "-", "--as-of", "2026-11-01", "-o", "markdown"}, stdin: stdin(t), stderr: toTTY}
		}, wantBar: true, wantColor: true, wantOut: true},
		{name: "stderr to a pipe", run: func(*testing.T) run { return run{args: args, stderr: toPipe} }, wantOut: true},
		{name: "--quiet", run: func(*testing.T) run { return run{args: append(args, "--quiet"), stderr: toTTY} }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := tc.run(t).do(t)
			if code != 1 {
				t.Errorf("exit = %d, want 1; stderr %q", code, errOut)
			}
			if gotBar := strings.Contains(errOut, "tickets/s"); gotBar != tc.wantBar {
				t.Errorf("progress bar on stderr = %v, want %v:\n%q", gotBar, tc.wantBar, errOut)
			}
			if tc.wantBar && !strings.Contains(errOut, "100.00K tickets") {
				t.Errorf("last frame does not count 100.00K tickets:\n%q", errOut)
			}
			if !tc.wantBar && errOut != "" {
				t.Errorf("stderr = %q, want nothing", errOut)
			}
			if got := hasSGRColour(errOut); got != tc.wantColor {
				t.Errorf("colour in the bar = %v, want %v:\n%q", got, tc.wantColor, errOut)
			}
			if strings.Contains(out, "tickets/s") || strings.Contains(out, "\x1b[") {
				t.Errorf("progress or escape codes on stdout")
			}
			if gotOut := strings.HasPrefix(out, "## slaaudit check"); gotOut != tc.wantOut {
				t.Errorf("report on stdout = %v, want %v:\n%.200s", gotOut, tc.wantOut, out)
			}
		})
	}
}

func TestQuietPrintsOnlyErrors(t *testing.T) {
	asOf := "--as-of=2026-11-01T07:00:00Z"
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{name: "check with breaches", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf, "-q"}, wantCode: 1},
		{name: "check clean", args: []string{"check", "testdata/e2e/clean.csv", asOf, "--quiet"}, wantCode: 0},
		{name: "check missing file", args: []string{"check", "testdata/e2e/nope.csv", asOf, "--quiet"}, wantCode: 2,
			wantErr: "slaaudit: testdata/e2e/nope.csv: no such file or directory\n"},
		{name: "check rejected under --strict", args: []string{"check", "testdata/e2e/rejected.csv", asOf, "--strict", "--quiet"}, wantCode: 2,
			wantErr: "slaaudit: 6 row(s) rejected (--strict)\n"},
		{name: "credits", args: []string{"credits", "testdata/export-2026-10.csv", "--accounts", "testdata/accounts.csv", "--month", "2026-10", asOf, "--quiet"}, wantCode: 0},
		{name: "credits without accounts", args: []string{"credits", "testdata/export-2026-10.csv", "--quiet"}, wantCode: 2,
			wantErr: "slaaudit: credits needs --accounts FILE: the customers' plans, term contracts and fees\nUsage: slaaudit credits FILE... --accounts ACCOUNTS [flags]\nRun 'slaaudit credits --help' for every flag, and examples.\n"},
	}
	for _, tc := range tests {
		for _, stdout := range []stream{toPipe, toTTY} {
			name := tc.name
			if stdout == toTTY {
				name += " on a terminal"
			}
			t.Run(name, func(t *testing.T) {
				out, errOut, code := run{args: tc.args, stdout: stdout, stderr: toPipe}.do(t)
				if code != tc.wantCode {
					t.Errorf("exit = %d, want %d", code, tc.wantCode)
				}
				if out != "" {
					t.Errorf("stdout = %q, want nothing", out)
				}
				if errOut != tc.wantErr {
					t.Errorf("stderr = %q, want %q", errOut, tc.wantErr)
				}
			})
		}
	}
}
