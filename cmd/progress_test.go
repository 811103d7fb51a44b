package cmd

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jedib0t/go-pretty/v6/progress"

	"github.com/slaaudit/slaaudit/audit/sample"
)

// writeSample writes a generated export to the file name in dir and
// returns its path.
func writeSample(t *testing.T, dir, name string, o sample.Options) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := sample.Write(w, o); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// sparseFile makes a file of size bytes without writing them.
func sparseFile(t *testing.T, dir, name string, size int64) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestProgressOnlyWhenWorthIt(t *testing.T) {
	dir := t.TempDir()
	big := sparseFile(t, dir, "big.csv", progressMinBytes)
	half := sparseFile(t, dir, "half.csv", progressMinBytes/2)
	small := sparseFile(t, dir, "small.csv", 1<<10)
	bigStdin, err := os.Open(big)
	if err != nil {
		t.Fatal(err)
	}
	defer bigStdin.Close()

	tests := []struct {
		name   string
		ios    IO
		inputs []string
		want   bool
	}{
		{name: "big file on a terminal", ios: IO{ErrIsTTY: true}, inputs: []string{big}, want: true},
		{name: "halves add up", ios: IO{ErrIsTTY: true}, inputs: []string{half, half}, want: true},
		{name: "stdin redirected from a big file", ios: IO{ErrIsTTY: true, In: bigStdin}, inputs: []string{"-"}, want: true},
		{name: "stderr not a terminal", ios: IO{ErrIsTTY: false}, inputs: []string{big}, want: false},
		{name: "small file", ios: IO{ErrIsTTY: true}, inputs: []string{small}, want: false},
		{name: "one half", ios: IO{ErrIsTTY: true}, inputs: []string{half}, want: false},
		{name: "stdin of unknown size", ios: IO{ErrIsTTY: true, In: strings.NewReader("")}, inputs: []string{"-"}, want: false},
		{name: "missing file", ios: IO{ErrIsTTY: true}, inputs: []string{filepath.Join(dir, "nope.csv")}, want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var errOut bytes.Buffer
			ios := tc.ios
			ios.ErrOut = &errOut
			p := startProgress(&ios, tc.inputs, false)
			if got := p != nil; got != tc.want {
				t.Errorf("progress bar = %v, want %v", got, tc.want)
			}
			p.stop(false)
			if !tc.want && errOut.Len() > 0 {
				t.Errorf("no bar, but ErrOut = %q", errOut.String())
			}
		})
	}
}

// TestProgressStopRightAfterStart is the race between Stop and go-pretty's
// Render setting itself up: stop must not hang, nor leave Render running.
func TestProgressStopRightAfterStart(t *testing.T) {
	big := sparseFile(t, t.TempDir(), "big.csv", progressMinBytes)
	for range 50 {
		var errOut bytes.Buffer
		p := startProgress(&IO{ErrIsTTY: true, ErrOut: &errOut}, []string{big}, false)
		p.stop(false)
		select {
		case <-p.done:
		default:
			t.Fatal("stop returned before Render did")
		}
		if !strings.Contains(errOut.String(), "done") {
			t.Fatalf("last frame = %q, want it to say done", errOut.String())
		}
	}
}

func TestProgressWhileChecking(t *testing.T) {
	dir := t.TempDir()
	big := writeSample(t, dir, "big.csv", sample.Options{Tickets: 60000, Seed: 1, Month: "2026-10"})
	fi, err := os.Stat(big)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() < progressMinBytes {
		t.Fatalf("sample is %d bytes, want at least %d", fi.Size(), progressMinBytes)
	}
	sgr := func(s string) bool { return strings.Contains(s, "\x1b[3") || strings.Contains(s, "\x1b[9") }
	tests := []struct {
		name      string
		noColor   bool
		args      []string
		wantColor bool
	}{
		{name: "colour", wantColor: true},
		{name: "NO_COLOR", noColor: true},
		{name: "--no-color", args: []string{"--no-color"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			ios := &IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, ErrIsTTY: true, NoColor: tc.noColor}
			args := append([]string{"check", big, "--as-of", "2026-11-01", "--fail-on", "none", "-o", "markdown"}, tc.args...)
			if code := Run(args, ios); code != statusOK {
				t.Fatalf("exit = %d, want 0; stderr %q", code, errOut.String())
			}
			got := errOut.String()
			// The last frame says how many rows were read, and how many bytes.
			for _, want := range []string{"60.00K tickets", "tickets/s", "done", "[" + progress.FormatBytes(fi.Size()) + " in "} {
				if !strings.Contains(got, want) {
					t.Errorf("stderr lacks %q:\n%q", want, got)
				}
			}
			if sgr(got) != tc.wantColor {
				t.Errorf("colour codes in the bar = %v, want %v:\n%q", sgr(got), tc.wantColor, got)
			}
			if strings.Contains(out.String(), "tickets/s") {
				t.Errorf("progress written to Out")
			}
			if !strings.HasPrefix(out.String(), "## slaaudit check") {
				t.Errorf("no report on Out:\n%s", out.String())
			}
		})
	}
}

func TestProgressStopsOnFileError(t *testing.T) {
	dir := t.TempDir()
	big := writeSample(t, dir, "big.csv", sample.Options{Tickets: 60000, Seed: 1, Month: "2026-10"})
	f, err := os.OpenFile(big, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	// An unterminated quote: a file error at the end of the file.
	if _, err := f.WriteString("x,\"broken\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var out, errOut bytes.Buffer
	ios := &IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, ErrIsTTY: true, NoColor: true}
	if code := Run([]string{"check", big, "--as-of", "2026-11-01", "-o", "markdown"}, ios); code != statusError {
		t.Fatalf("exit = %d, want 2; stderr %q", code, errOut.String())
	}
	got := errOut.String()
	if !strings.Contains(got, "stopped") {
		t.Errorf("last frame does not say stopped:\n%q", got)
	}
	// The error comes after the bar's last frame, on a line of its own.
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "slaaudit: "+big+":") {
		t.Errorf("last line of stderr = %q, want the file error", last)
	}
	if out.Len() != 0 {
		t.Errorf("report written after a file error: %q", out.String())
	}
}
