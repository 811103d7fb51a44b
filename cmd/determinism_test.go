package cmd_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// sampleArgs audit the README's sample export with its accounts file.
var sampleArgs = []string{"testdata/export-2026-10.csv", "--accounts", "testdata/accounts.csv",
	"--month", "2026-10", "--as-of", "2026-11-01T07:00:00Z"}

// reportFormats lists every text format of check and credits.
var reportFormats = []struct{ command, format string }{
	{"check", "table"}, {"check", "markdown"}, {"check", "json"}, {"check", "csv"},
	{"check", "junit"}, {"check", "github"},
	{"credits", "table"}, {"credits", "csv"}, {"credits", "json"},
}

// TestDeterministicOutput runs every format three times, with GOMAXPROCS 1,
// 2 and 8, and once more in another local time zone, and wants the same
// bytes each time (SPEC §7: byte-for-byte deterministic for the same input,
// flags and --as-of).
func TestDeterministicOutput(t *testing.T) {
	envs := [][]string{
		{"GOMAXPROCS=1"},
		{"GOMAXPROCS=2"},
		{"GOMAXPROCS=8"},
		// The machine's zone is not the report's zone.
		{"GOMAXPROCS=2", "TZ=Asia/Kolkata"},
	}
	for _, rf := range reportFormats {
		t.Run(rf.command+"-"+rf.format, func(t *testing.T) {
			args := append([]string{rf.command}, sampleArgs...)
			args = append(args, "-o", rf.format)
			var first string
			var firstErr string
			firstCode := -1
			for i, env := range envs {
				out, errOut, code := runCLI(t, env, args...)
				if out == "" {
					t.Fatalf("%v: no output (exit %d, stderr %q)", env, code, errOut)
				}
				if i == 0 {
					first, firstErr, firstCode = out, errOut, code
					continue
				}
				if out != first || errOut != firstErr || code != firstCode {
					t.Errorf("with %v the output differs from %v (exit %d vs %d)\n%s", env, envs[0], code, firstCode, firstDiff(first, out))
				}
			}
		})
	}
}

// TestDeterministicOutputSplit: exports large enough that workers read
// them in many chunks at once (cmd/pipeline.go: 32 KiB each), CSV, NDJSON
// and a JSON array, give the same bytes with GOMAXPROCS 1 (never split), 2 (split
// for table and NDJSON) and 8 (split, decided by Judges), with duplicates
// across chunks and rows outside the period.
func TestDeterministicOutputSplit(t *testing.T) {
	for _, ext := range []string{"csv", "ndjson", "json"} {
		checkSameOnAnyCores(t, ext, "", "duplicate ticket id")
	}
}

// TestDeterministicOutputSplitHistory: histories in CSV, NDJSON and a
// JSON array, large enough that workers read them in many chunks
// (ingest.Options.HistoryWorkers: 32 KiB each), give the same bytes with
// GOMAXPROCS 1 (read on one goroutine), 2 and 8, with the events of their
// second half again at their end, so that tickets are contradicted (a
// second created event) from chunks far from their first.
func TestDeterministicOutputSplitHistory(t *testing.T) {
	for _, ext := range []string{"csv", "ndjson", "json"} {
		checkSameOnAnyCores(t, ext, "history", "second created event")
	}
}

// checkSameOnAnyCores writes a sample export of format ext (a history with
// shape "history"), with its second half again at its end, and checks
// that -o json, csv (not for a history) and table give the same bytes
// with GOMAXPROCS 1, 2 and 8; -o json must say marker, which the repeated
// half causes.
func checkSameOnAnyCores(t *testing.T, ext, shape, marker string) {
	t.Helper()
	// A history has some four events a ticket, and its -o csv says
	// nothing that -o json does not (the race detector makes every run
	// slow).
	tickets, seed, formats := "30000", "3", []string{"json", "csv", "table"}
	if shape != "" {
		tickets, seed, formats = "8000", "5", []string{"json", "table"}
	}
	args := []string{"sample", "--tickets", tickets, "--seed", seed, "--month", "2026-10", "--bad", "300", "--outside", "200", "--format", ext}
	if shape != "" {
		args = append(args, "--shape", shape)
	}
	export, errOut, code := runCLI(t, nil, args...)
	if code != 0 {
		t.Fatalf("sample: exit %d: %s", code, errOut)
	}
	// The second half again: every id in it is met again in later chunks
	// than its first.
	lines := strings.SplitAfter(export, "\n")
	if ext == "json" {
		// "[", a record a line, "]": the second half of the records
		// again before the "]".
		recs := lines[1 : len(lines)-2]
		body := strings.TrimSuffix(strings.Join(lines[:len(lines)-2], ""), "\n")
		again := strings.TrimSuffix(strings.Join(recs[len(recs)/2:], ""), "\n")
		export = body + ",\n" + again + "\n]\n"
	} else {
		export += strings.Join(lines[len(lines)/2:], "")
	}
	name := strings.TrimSpace(shape + " " + ext)
	if len(export) < 40*32<<10 {
		t.Fatalf("%s: %d bytes, too few chunks", name, len(export))
	}
	path := filepath.Join(t.TempDir(), "big."+ext)
	if err := os.WriteFile(path, []byte(export), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range formats {
		args := []string{"check", path, "--month", "2026-10", "--as-of", "2026-11-01T07:00:00Z", "-o", format}
		var first string
		for _, procs := range []string{"1", "2", "8"} {
			out, errOut, code := runCLI(t, []string{"GOMAXPROCS=" + procs}, args...)
			if code != 1 || out == "" {
				t.Fatalf("%s: GOMAXPROCS=%s -o %s: exit %d, stderr %q", name, procs, format, code, errOut)
			}
			if first == "" {
				first = out
				if format == "json" && !strings.Contains(out, marker) {
					t.Fatalf("%s: no %q: the export does not exercise the ordered merge", name, marker)
				}
				continue
			}
			if out != first {
				t.Errorf("%s -o %s: GOMAXPROCS=%s differs from 1\n%s", name, format, procs, firstDiff(first, out))
			}
		}
	}
}

// firstDiff shows where two outputs first differ.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(i-80, 0)
	return "first: …" + a[from:min(i+80, len(a))] + "…\nthen:  …" + b[from:min(i+80, len(b))] + "…"
}

// runIn runs the built binary in dir and returns its exit status.
func runIn(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	c := exec.Command(binary, args...)
	c.Dir = dir
	var out, errOut bytes.Buffer
	c.Stdout, c.Stderr = &out, &errOut
	err := c.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return out.String(), errOut.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run slaaudit: %v", err)
	}
	return out.String(), errOut.String(), 0
}

// snapshot records the names, contents and modification times of a
// directory's files.
type snapshot map[string]struct {
	data  string
	mtime time.Time
}

func takeSnapshot(t *testing.T, dir string) snapshot {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := snapshot{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		s[e.Name()] = struct {
			data  string
			mtime time.Time
		}{string(data), info.ModTime()}
	}
	return s
}

func (s snapshot) names() []string {
	var n []string
	for k := range s {
		n = append(n, k)
	}
	slices.Sort(n)
	return n
}

// copyInputs copies the sample export and accounts file into a new
// directory.
func copyInputs(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"export-2026-10.csv", "accounts.csv"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, name, data)
	}
	return dir
}

// TestNeverWritesNextToInputs runs every format, to stdout and to
// --output-file elsewhere, with the inputs and the working directory in one
// folder, and wants that folder unchanged afterwards: slaaudit never writes
// next to or over its inputs.
func TestNeverWritesNextToInputs(t *testing.T) {
	in := copyInputs(t)
	before := takeSnapshot(t, in)
	outDir := t.TempDir()
	for _, rf := range reportFormats {
		args := []string{rf.command, "export-2026-10.csv", "--accounts", "accounts.csv",
			"--month", "2026-10", "--as-of", "2026-11-01T07:00:00Z", "-o", rf.format}
		if _, errOut, code := runIn(t, in, args...); code > 1 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		report := filepath.Join(outDir, rf.command+"."+rf.format)
		if _, errOut, code := runIn(t, in, append(args, "--output-file", report)...); code > 1 {
			t.Fatalf("%v --output-file: exit %d: %s", args, code, errOut)
		}
		if _, err := os.Stat(report); err != nil {
			t.Errorf("--output-file %s: %v", report, err)
		}
	}
	after := takeSnapshot(t, in)
	if !slices.Equal(after.names(), before.names()) {
		t.Errorf("input folder holds %v, want only the inputs %v", after.names(), before.names())
	}
	for name, b := range before {
		if a := after[name]; a.data != b.data || !a.mtime.Equal(b.mtime) {
			t.Errorf("input %s was modified", name)
		}
	}
	if got := takeSnapshot(t, outDir).names(); len(got) != len(reportFormats) {
		t.Errorf("output folder holds %v, want one report per format and no temporary files", got)
	}
}

// TestOutputFileAtomic checks that --output-file is replaced only by a
// complete report: a failed audit leaves the old file and no temporary
// file, and no input — tickets, accounts or plans — is ever the output.
func TestOutputFileAtomic(t *testing.T) {
	malformed, err := os.ReadFile(filepath.Join("..", "testdata", "e2e", "malformed.csv"))
	if err != nil {
		t.Fatal(err)
	}
	plansFile, err := os.ReadFile(filepath.Join("..", "testdata", "plans", "custom.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const previous = "previous report\n"
	tests := []struct {
		name string
		// args run in a folder holding export-2026-10.csv, accounts.csv
		// and plans.yaml; {out} is the report in another folder.
		args []string
		// fails: the run must exit 2 and leave the old report.
		fails bool
	}{
		{name: "failed audit keeps the old report", args: []string{"check", "{malformed}", "-o", "json", "--output-file", "{out}"}, fails: true},
		{name: "output over the input is refused", args: []string{"check", "export-2026-10.csv", "-o", "json", "--output-file", "export-2026-10.csv"}, fails: true},
		{name: "output over the accounts file is refused", args: []string{"check", "export-2026-10.csv", "--accounts", "accounts.csv", "--output-file", "./accounts.csv"}, fails: true},
		{name: "output over the plans file is refused", args: []string{"check", "export-2026-10.csv", "--plans", "plans.yaml", "--output-file", "plans.yaml"}, fails: true},
		{name: "a complete report replaces the old one", args: []string{"check", "export-2026-10.csv", "--as-of", "2026-11-01T07:00:00Z", "-o", "json", "--output-file", "{out}"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := copyInputs(t)
			writeFile(t, in, "plans.yaml", plansFile)
			outDir := t.TempDir()
			report := writeFile(t, outDir, "sla.json", []byte(previous))
			writeFile(t, outDir, "malformed.csv", malformed)
			before := takeSnapshot(t, in)
			var args []string
			for _, a := range tc.args {
				switch a {
				case "{out}":
					a = report
				case "{malformed}":
					a = filepath.Join(outDir, "malformed.csv")
				}
				args = append(args, a)
			}
			stdout, stderr, code := runIn(t, in, args...)

			after := takeSnapshot(t, in)
			var problems []string
			for name, b := range before {
				if a := after[name]; a.data != b.data || !a.mtime.Equal(b.mtime) {
					problems = append(problems, "input "+name+" was modified")
				}
			}
			if !slices.Equal(after.names(), before.names()) {
				problems = append(problems, fmt.Sprintf("input folder holds %v", after.names()))
			}
			if tc.fails && code != 2 {
				problems = append(problems, fmt.Sprintf("exit %d, want 2 (stderr %q)", code, stderr))
			}
			for _, p := range problems {
				t.Error(p)
			}
			if stdout != "" {
				t.Errorf("stdout %.200q with --output-file", stdout)
			}
			got, err := os.ReadFile(report)
			if err != nil {
				t.Fatal(err)
			}
			if tc.fails && string(got) != previous {
				t.Errorf("sla.json = %.200q, want the previous report", got)
			}
			if !tc.fails && !bytes.HasPrefix(got, []byte("{")) {
				t.Errorf("sla.json = %.200q, want a JSON report", got)
			}
			if names := takeSnapshot(t, outDir).names(); !slices.Equal(names, []string{"malformed.csv", "sla.json"}) {
				t.Errorf("output folder holds %v, want no temporary file", names)
			}
		})
	}
}

// TestStdinMappedAsPiped: an export on stdin gives the same report whether
// stdin is redirected from the file, which is then mapped (ingest's
// mapping), or a pipe, which is read, CSV and NDJSON: at GOMAXPROCS 2 with
// -o table both are split; with -o json both are read on one goroutine,
// row by row; at GOMAXPROCS 1 with -o table the file is read in place
// (ingest.Reader.SplitMapped) and the pipe row by row (pipelineMode).
func TestStdinMappedAsPiped(t *testing.T) {
	dir := t.TempDir()
	for _, ext := range []string{"csv", "ndjson"} {
		export, errOut, code := runCLI(t, nil, "sample", "--tickets", "20000", "--seed", "5", "--month", "2026-10",
			"--bad", "100", "--format", ext)
		if code != 0 {
			t.Fatalf("sample: exit %d: %s", code, errOut)
		}
		if len(export) < 1<<20 {
			t.Fatalf("the export has %d bytes, too few to be mapped", len(export))
		}
		path := filepath.Join(dir, "big."+ext)
		if err := os.WriteFile(path, []byte(export), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, run := range [][2]string{{"2", "table"}, {"2", "json"}, {"1", "table"}} {
			checkStdinMappedAsPiped(t, ext, path, export, run[0], run[1])
		}
	}
}

// checkStdinMappedAsPiped runs check -o format at GOMAXPROCS procs on the
// export at path, stdin redirected from it and piped.
func checkStdinMappedAsPiped(t *testing.T, ext, path, export, procs, format string) {
	t.Helper()
	var outs [2]string
	for i, piped := range []bool{false, true} {
		c := exec.Command(binary, "check", "-", "--month", "2026-10", "--as-of", "2026-11-01T07:00:00Z", "-o", format)
		c.Env = append(os.Environ(), "GOMAXPROCS="+procs)
		if piped {
			c.Stdin = strings.NewReader(export)
		} else {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			c.Stdin = f
		}
		var out, errOut bytes.Buffer
		c.Stdout, c.Stderr = &out, &errOut
		err := c.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Fatalf("%s piped=%v: %v, want exit 1; stderr %s", ext, piped, err, errOut.String())
		}
		outs[i] = out.String()
	}
	if outs[0] != outs[1] {
		t.Errorf("%s, GOMAXPROCS=%s -o %s: stdin from the file differs from a pipe\n%s", ext, procs, format, firstDiff(outs[1], outs[0]))
	}
}
