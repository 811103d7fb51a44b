package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/slaaudit/slaaudit/audit/report"
)

// These tests run the commands in process, the way the cli/cli commands are
// tested: a table per command checks that flags land in the options (the
// command built with a runF that captures them), and a table over Run
// checks what each command writes and the exit status, with IO over
// buffers. The end-to-end tests run the same through the built binary.

// parse builds a command with newCmd and a runF that captures its options,
// runs it on args, and returns the options and stderr.
func parse[O any](t *testing.T, newCmd func(*IO, func(*O) error) *cobra.Command, args ...string) (*O, string) {
	t.Helper()
	ios, _, errOut := testIO(false)
	var got *O
	c := newCmd(ios, func(o *O) error { got = o; return nil })
	c.SetArgs(args)
	c.SetOut(ios.Out)
	c.SetErr(ios.ErrOut)
	if err := c.Execute(); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	if got == nil {
		t.Fatalf("%v: runF not called", args)
	}
	return got, errOut.String()
}

// given is f as the command line gives it: without the -o values the
// command binds.
func given(f outputFlags) outputFlags {
	f.formats = ""
	return f
}

func TestCheckFlags(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, o *checkOptions)
	}{
		{name: "defaults", args: []string{"a.csv"}, check: func(t *testing.T, o *checkOptions) {
			want := outputFlags{output: "table"}
			if given(o.outputFlags) != want || o.failOn != "breach" || o.annotations != report.DefaultAnnotations || o.allowEmpty || o.detail {
				t.Errorf("options = %+v", *o)
			}
		}},
		{name: "files in order, stdin included", args: []string{"a.csv", "-", "b.json"}, check: func(t *testing.T, o *checkOptions) {
			if want := []string{"a.csv", "-", "b.json"}; !reflect.DeepEqual(o.files, want) {
				t.Errorf("files = %q, want %q", o.files, want)
			}
		}},
		{name: "output flags", args: []string{"a.csv", "-o", "json", "--output-file", "r.json", "-q", "--no-color"}, check: func(t *testing.T, o *checkOptions) {
			if want := (outputFlags{output: "json", outputFile: "r.json", quiet: true, noColor: true}); given(o.outputFlags) != want {
				t.Errorf("output flags = %+v, want %+v", o.outputFlags, want)
			}
		}},
		{name: "check's own flags", args: []string{"a.csv", "--fail-on", "severe", "--annotations", "3", "--allow-empty", "--detail"}, check: func(t *testing.T, o *checkOptions) {
			if o.failOn != "severe" || o.annotations != 3 || !o.allowEmpty || !o.detail {
				t.Errorf("options = %+v", *o)
			}
		}},
		{name: "audit and report flags", args: []string{"a.csv", "--month", "2026-10", "--by", "customer,week", "--by", "plan", "--limit", "5", "--delimiter", ";", "--map", "id=Key"}, check: func(t *testing.T, o *checkOptions) {
			if o.month != "2026-10" || o.limit != 5 || o.delimiter != ";" || !reflect.DeepEqual(o.by, []string{"customer,week", "plan"}) || !reflect.DeepEqual(o.maps, []string{"id=Key"}) {
				t.Errorf("options = %+v", *o)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, _ := parse(t, newCmdCheck, tc.args...)
			tc.check(t, o)
		})
	}
}

func TestCreditsFlags(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		want     outputFlags
		detail   bool
		wantWarn bool
	}{
		{name: "defaults", args: []string{"a.csv"}, want: outputFlags{output: "table"}},
		{name: "the output surface of check", args: []string{"a.csv", "-o", "csv", "--output-file", "c.csv", "-q", "--no-color", "--detail"},
			want: outputFlags{output: "csv", outputFile: "c.csv", quiet: true, noColor: true}, detail: true},
		{name: "--out is --output-file, with a warning", args: []string{"a.csv", "-o", "xlsx", "--out", "c.xlsx"},
			want: outputFlags{output: "xlsx", outputFile: "c.xlsx"}, wantWarn: true},
		{name: "--out under -q warns not", args: []string{"a.csv", "--out", "c.csv", "-q"},
			want: outputFlags{output: "table", outputFile: "c.csv", quiet: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, errOut := parse(t, newCmdCredits, tc.args...)
			if given(o.outputFlags) != tc.want || o.detail != tc.detail {
				t.Errorf("output flags = %+v, detail %v; want %+v, %v", o.outputFlags, o.detail, tc.want, tc.detail)
			}
			const warn = "slaaudit: warning: --out is deprecated; use --output-file\n"
			if got := errOut == warn; got != tc.wantWarn || !tc.wantWarn && errOut != "" {
				t.Errorf("stderr = %q, want the warning: %v", errOut, tc.wantWarn)
			}
		})
	}
}

func TestExplainFlags(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		wantFiles []string
		wantID    string
		want      outputFlags
	}{
		{name: "the last argument is the id", args: []string{"a.csv", "b.csv", "4711"}, wantFiles: []string{"a.csv", "b.csv"}, wantID: "4711",
			want: outputFlags{output: "text"}},
		{name: "the id is trimmed", args: []string{"a.csv", " 4711 "}, wantFiles: []string{"a.csv"}, wantID: "4711", want: outputFlags{output: "text"}},
		{name: "the output surface of check", args: []string{"a.csv", "1", "-o", "json", "--output-file", "e.json", "-q", "--no-color"},
			wantFiles: []string{"a.csv"}, wantID: "1", want: outputFlags{output: "json", outputFile: "e.json", quiet: true, noColor: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, _ := parse(t, newCmdExplain, tc.args...)
			if !reflect.DeepEqual(o.files, tc.wantFiles) || o.id != tc.wantID || given(o.outputFlags) != tc.want {
				t.Errorf("files %q, id %q, output %+v; want %q, %q, %+v", o.files, o.id, o.outputFlags, tc.wantFiles, tc.wantID, tc.want)
			}
		})
	}
}

func TestOtherCommandsFlags(t *testing.T) {
	t.Run("plans", func(t *testing.T) {
		o, _ := parse(t, newCmdPlans, "--plans", "p.yaml", "-o", "yaml", "--no-color")
		if o.plansFile != "p.yaml" || o.output != "yaml" || !o.noColor {
			t.Errorf("options = %+v", *o)
		}
	})
	t.Run("sample", func(t *testing.T) {
		o, _ := parse(t, newCmdSample, "--tickets", "5", "--seed", "9", "--month", "2026-10", "--shape", "history", "--format", "ndjson", "--bad", "1", "--pending", "2", "--outside", "3")
		if o.Tickets != 5 || o.Seed != 9 || o.Month != "2026-10" || o.Shape != "history" || o.Format != "ndjson" || o.Bad != 1 || o.Pending != 2 || o.Outside != 3 {
			t.Errorf("options = %+v", o.Options)
		}
	})
	t.Run("presets show", func(t *testing.T) {
		o, _ := parse(t, newCmdPresetsShow, "zendesk")
		if o.name != "zendesk" {
			t.Errorf("name = %q", o.name)
		}
	})
	t.Run("man", func(t *testing.T) {
		o, _ := parse(t, newCmdMan, "out/man1")
		if o.dir != "out/man1" || o.root == nil {
			t.Errorf("options = %+v", *o)
		}
	})
	t.Run("presets", func(t *testing.T) { parse(t, newCmdPresets) })
	t.Run("version", func(t *testing.T) { parse(t, newCmdVersion) })
}

// TestSampleDefaultMonth: without --month, sample writes the month before
// now's, in Pacific time (on the 1st at 05:00 UTC it is still the last day
// of the month before in Pacific time).
func TestSampleDefaultMonth(t *testing.T) {
	tests := []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 11, 15, 12, 0, 0, 0, time.UTC), "2026-10"},
		{time.Date(2026, 11, 1, 5, 0, 0, 0, time.UTC), "2026-09"},
		{time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), "2025-12"},
	}
	for _, tc := range tests {
		ios, out, _ := testIO(false)
		o := &sampleOptions{IO: ios, now: func() time.Time { return tc.now }}
		o.Tickets, o.Seed, o.Shape, o.Format = 3, 1, "rows", "csv"
		if err := sampleRun(o); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), ","+tc.want+"-") {
			t.Errorf("now %v: sample lacks submissions in %s:\n%s", tc.now, tc.want, out)
		}
	}
}

// runCase is one in-process run of Run: exit status, and what stdout and
// stderr must hold ("" in errExact means stderr must be empty unless
// errHas is given).
type runCase struct {
	name     string
	args     []string
	code     int
	outHas   []string
	outEmpty bool
	errExact string
	errHas   []string
}

func (tc runCase) run(t *testing.T, ios *IO, out, errOut *bytes.Buffer) {
	t.Helper()
	if code := Run(tc.args, ios); code != tc.code {
		t.Errorf("exit status %d, want %d\nstderr: %s", code, tc.code, errOut)
	}
	for _, w := range tc.outHas {
		if !strings.Contains(out.String(), w) {
			t.Errorf("stdout lacks %q:\n%s", w, out)
		}
	}
	if tc.outEmpty && out.Len() > 0 {
		t.Errorf("stdout = %q, want nothing", out)
	}
	if tc.errExact != "" || len(tc.errHas) == 0 {
		if errOut.String() != tc.errExact {
			t.Errorf("stderr = %q, want %q", errOut, tc.errExact)
		}
	}
	for _, w := range tc.errHas {
		if !strings.Contains(errOut.String(), w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
}

func runCases(t *testing.T, cases []runCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ios, out, errOut := testIO(false)
			tc.run(t, ios, out, errOut)
		})
	}
}

const (
	asOf     = "--as-of=2026-11-01T07:00:00Z"
	export   = "../testdata/export-2026-10.csv"
	accounts = "../testdata/accounts.csv"
	clean    = "../testdata/e2e/clean.csv"
	breaches = "../testdata/e2e/breaches.csv"
	rejected = "../testdata/e2e/rejected.csv"
)

func usage(cmd, use string) string {
	return "Usage: " + use + "\nRun '" + cmd + " --help' for every flag, and examples.\n"
}

// TestUsageErrorsTyped: every mistake in a command line, whichever layer
// finds it (cobra's flag parsing, an Args function, the command line's
// first word, a command's own check), is a *usageError: exit 2, one line,
// then the usage.
func TestUsageErrorsTyped(t *testing.T) {
	checkUse := usage("slaaudit check", "slaaudit check FILE... [flags]")
	runCases(t, []runCase{
		{name: "unknown command", args: []string{"chek", "x.csv"}, code: 2,
			errExact: "slaaudit: unknown command \"chek\"; did you mean check?\n" + usage("slaaudit", "slaaudit COMMAND [flags]")},
		{name: "unknown command after a flag", args: []string{"--help=false", "zzz"}, code: 2,
			errHas: []string{`slaaudit: unknown command "zzz" (commands: check, completion, credits, explain, man, plans, presets, sample, version)`}},
		{name: "unknown subcommand", args: []string{"presets", "shw"}, code: 2,
			errExact: "slaaudit: unknown command \"shw\" for presets; did you mean show?\n" + usage("slaaudit presets", "slaaudit presets [flags]")},
		{name: "completion takes no arguments", args: []string{"completion", "bash", "extra"}, code: 2,
			errHas: []string{`slaaudit: completion bash takes no arguments; got 1 argument: "extra"`, "Usage: slaaudit completion bash"}},
		{name: "presets show needs a name", args: []string{"presets", "show"}, code: 2,
			errHas: []string{"slaaudit: presets show needs one preset NAME; got none\n"}},
		{name: "presets show takes one name", args: []string{"presets", "show", "a", "b"}, code: 2,
			errHas: []string{`slaaudit: presets show takes one preset NAME; got 2 arguments: "a" "b"`}},
		{name: "version takes no arguments", args: []string{"version", "x"}, code: 2,
			errHas: []string{`slaaudit: version takes no arguments; got 1 argument: "x"`}},
		{name: "unknown flag", args: []string{"check", clean, "--ouput", "json"}, code: 2,
			errExact: "slaaudit: unknown flag --ouput (did you mean --output?)\n" + checkUse},
		{name: "unknown shorthand", args: []string{"check", clean, "-z"}, code: 2, errExact: "slaaudit: unknown flag -z\n" + checkUse},
		{name: "unknown shorthand in a group", args: []string{"check", clean, "-zq"}, code: 2, errExact: "slaaudit: unknown flag -z (in -zq)\n" + checkUse},
		{name: "flag needs a value", args: []string{"check", clean, "--fail-on"}, code: 2,
			errExact: "slaaudit: --fail-on needs a value: exit 1 on: breach, severe or none\n" + checkUse},
		{name: "not a number", args: []string{"check", clean, "--annotations", "x"}, code: 2,
			errExact: "slaaudit: --annotations: \"x\" is not a whole number\n" + checkUse},
		{name: "not a bool", args: []string{"check", clean, "--quiet=maybe"}, code: 2,
			errExact: "slaaudit: --quiet: \"maybe\" is not true or false\n" + checkUse},
		{name: "check -o", args: []string{"check", clean, "-o", "xml"}, code: 2,
			errExact: "slaaudit: -o: unknown format \"xml\" (table, markdown, json, csv, junit, github or html)\n" + checkUse},
		{name: "check --fail-on", args: []string{"check", clean, "--fail-on", "late"}, code: 2,
			errExact: "slaaudit: --fail-on: \"late\" is not breach, severe or none\n" + checkUse},
		{name: "check --annotations", args: []string{"check", clean, "--annotations", "-1"}, code: 2,
			errHas: []string{"slaaudit: --annotations: -1 is negative"}},
		{name: "stdin twice", args: []string{"check", "-", "-"}, code: 2, errExact: "slaaudit: stdin (-) can be read only once\n" + checkUse},
		{name: "an option ingest refuses, with a suggestion", args: []string{"check", clean, "--preset", "zendsk"}, code: 2,
			errExact: "slaaudit: --preset: \"zendsk\": unknown preset (want freshdesk, helpscout, intercom, jira, zammad, zendesk) (did you mean zendesk?)\n" + checkUse},
		{name: "a delimiter ingest refuses", args: []string{"check", clean, "--delimiter", "\n"}, code: 2,
			errExact: "slaaudit: --delimiter: \"\\n\": cannot separate CSV fields (it is a quote or a line end)\n" + checkUse},
		{name: "a shape ingest refuses", args: []string{"check", clean, "--shape", "events"}, code: 2,
			errExact: "slaaudit: --shape: \"events\": unknown shape (want rows, history)\n" + checkUse},
		{name: "credits -o", args: []string{"credits", clean, "--accounts", accounts, "-o", "pdf"}, code: 2,
			errHas: []string{"slaaudit: -o: unknown format \"pdf\" (table, markdown, csv, json, xlsx or html)\n"}},
		{name: "credits without accounts", args: []string{"credits", clean}, code: 2,
			errHas: []string{"slaaudit: credits needs --accounts FILE"}},
		{name: "explain -o", args: []string{"explain", clean, "1", "-o", "table"}, code: 2,
			errHas: []string{"slaaudit: -o: unknown format \"table\" (text or json)\n"}},
		{name: "explain blank id", args: []string{"explain", clean, " "}, code: 2, errHas: []string{"slaaudit: TICKET_ID is blank\n"}},
		{name: "plans -o", args: []string{"plans", "-o", "csv"}, code: 2,
			errExact: "slaaudit: -o: unknown format \"csv\" (table, json or yaml)\n" + usage("slaaudit plans", "slaaudit plans [flags]")},
		{name: "presets show unknown", args: []string{"presets", "show", "zendsk"}, code: 2,
			errHas: []string{`slaaudit: unknown preset "zendsk" (did you mean zendesk?) (freshdesk,`}},
		{name: "sample options", args: []string{"sample", "--tickets", "-1"}, code: 2, errHas: []string{"Usage: slaaudit sample [flags]"}},
	})
}

// TestUsageErrorIsTyped: Run recognises a usage error by its type alone,
// however deeply wrapped; an exit status wins over it, and an error in
// cobra's words is no usage error.
func TestUsageErrorIsTyped(t *testing.T) {
	const hint = "Usage: slaaudit boom [flags]\nRun 'slaaudit boom --help' for every flag, and examples.\n"
	tests := []struct {
		name    string
		err     error
		code    int
		wantErr string
	}{
		{"usage error", usagef("bad"), 2, "slaaudit: bad\n" + hint},
		{"wrapped usage error", fmt.Errorf("context: %w", usagef("bad")), 2, "slaaudit: context: bad\n" + hint},
		{"joined usage error", errors.Join(errors.New("one"), usagef("two")), 2, "slaaudit: one two\n" + hint},
		{"exit status over a usage error", &exitError{statusBreach, usagef("bad")}, 1, "slaaudit: bad\n"},
		{"a bare exit status", &exitError{code: statusBreach}, 1, ""},
		{"cobra's words", errors.New("unknown flag: --x"), 2, "slaaudit: unknown flag: --x\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ios, _, errOut := testIO(false)
			root := NewRootCmd(ios)
			root.AddCommand(&cobra.Command{Use: "boom", RunE: func(*cobra.Command, []string) error { return tc.err }})
			if code := run(root, []string{"boom"}, ios); code != tc.code {
				t.Errorf("exit status %d, want %d", code, tc.code)
			}
			if errOut.String() != tc.wantErr {
				t.Errorf("stderr = %q, want %q", errOut, tc.wantErr)
			}
		})
	}
}

func TestCommandsRun(t *testing.T) {
	dir := t.TempDir()
	runCases(t, []runCase{
		{name: "check clean", args: []string{"check", clean, asOf}, code: 0, outHas: []string{"Attainment"}},
		{name: "check breaches exit 1", args: []string{"check", breaches, asOf, "--month", "2026-10"}, code: 1, outHas: []string{"201"}},
		{name: "check --fail-on none", args: []string{"check", breaches, asOf, "--fail-on", "none", "-q"}, code: 0, outEmpty: true},
		{name: "check --fail-on severe", args: []string{"check", breaches, asOf, "--fail-on", "severe", "-q"}, code: 1, outEmpty: true},
		{name: "check --strict", args: []string{"check", rejected, asOf, "--strict", "-q"}, code: 2, errHas: []string{"row(s) rejected (--strict)"}},
		{name: "check json", args: []string{"check", breaches, asOf, "-o", "json"}, code: 1, outHas: []string{`"schema_version"`, `"tickets"`}},
		{name: "check csv", args: []string{"check", breaches, asOf, "-o", "csv"}, code: 1, outHas: []string{"id,", "201"}},
		{name: "check csv --by", args: []string{"check", breaches, asOf, "-o", "csv", "--by", "customer"}, code: 1, outHas: []string{"acme"}},
		{name: "check junit", args: []string{"check", breaches, asOf, "-o", "junit"}, code: 1, outHas: []string{"<testsuites", "201"}},
		{name: "check github", args: []string{"check", breaches, asOf, "-o", "github", "--annotations", "1"}, code: 1, outHas: []string{"::error"}},
		{name: "check markdown", args: []string{"check", breaches, asOf, "-o", "markdown", "--limit", "1"}, code: 1, outHas: []string{"|"}},
		{name: "check html", args: []string{"check", breaches, asOf, "-o", "html", "--by", "week"}, code: 1, outHas: []string{"<!DOCTYPE html>"}},
		{name: "check with accounts and --detail", args: []string{"check", export, asOf, "--month", "2026-10", "--accounts", accounts, "--detail"}, code: 1,
			outHas: []string{"acme"}},
		{name: "check nothing audited", args: []string{"check", breaches, asOf, "--month", "2025-01"}, code: 2,
			errHas: []string{"nothing audited", "outside the period", "--allow-empty"}},
		{name: "check nothing audited, allowed", args: []string{"check", breaches, asOf, "--month", "2025-01", "--allow-empty", "-q"}, code: 0, outEmpty: true},
		{name: "check nothing audited, filtered", args: []string{"check", breaches, asOf, "--customer", "nobody"}, code: 2,
			errHas: []string{"filtered out by --customer or --plan"}},
		{name: "check nothing audited, all rejected", args: []string{"check", "../testdata/trust/zoneless.csv", asOf}, code: 2,
			errHas: []string{"nothing audited", "rejected, most for"}},
		{name: "check no rows", args: []string{"check", "../testdata/trust/no-rows.csv", asOf}, code: 0,
			errExact: "slaaudit: note: the input has no ticket rows; nothing was audited\n"},
		{name: "check missing file", args: []string{"check", "../testdata/e2e/nope.csv", asOf}, code: 2,
			errExact: "slaaudit: ../testdata/e2e/nope.csv: no such file or directory\n"},
		{name: "check missing plans file", args: []string{"check", clean, asOf, "--plans", "nope.yaml"}, code: 2,
			errExact: "slaaudit: read plans: open nope.yaml: no such file or directory\n"},
		{name: "check warns about an input", args: []string{"check", "../testdata/presets/zammad/export.csv", "--preset", "zammad", "--input-tz", "America/New_York", asOf, "--fail-on", "none", "-o", "json"},
			code: 0, errHas: []string{"slaaudit: warning: ../testdata/presets/zammad/export.csv: zone: the file's Timezone: line states Europe/Berlin"}},
		{name: "check -q warns not", args: []string{"check", "../testdata/presets/zammad/export.csv", "--preset", "zammad", "--input-tz", "America/New_York", asOf, "--fail-on", "none", "-q"},
			code: 0, outEmpty: true},
		{name: "check -q --output-file", args: []string{"check", breaches, asOf, "-q", "-o", "json", "--output-file", filepath.Join(dir, "r.json")}, code: 1, outEmpty: true},

		{name: "credits table", args: []string{"credits", export, "--accounts", accounts, "--month", "2026-10", asOf}, code: 0, outHas: []string{"acme"}},
		{name: "credits csv --detail", args: []string{"credits", export, "--accounts", accounts, "--month", "2026-10", asOf, "-o", "csv", "--detail"}, code: 0, outHas: []string{"acme"}},
		{name: "credits markdown", args: []string{"credits", export, "--accounts", accounts, "--month", "2026-10", asOf, "-o", "markdown"}, code: 0, outHas: []string{"|"}},
		{name: "credits html", args: []string{"credits", export, "--accounts", accounts, "--month", "2026-10", asOf, "-o", "html"}, code: 0, outHas: []string{"<!DOCTYPE html>"}},
		{name: "credits --out", args: []string{"credits", export, "--accounts", accounts, "--month", "2026-10", asOf, "-o", "xlsx", "--out", filepath.Join(dir, "c.xlsx")}, code: 0,
			outEmpty: true, errExact: "slaaudit: warning: --out is deprecated; use --output-file\n"},
		{name: "credits nothing audited", args: []string{"credits", export, "--accounts", accounts, "--month", "2025-01", asOf}, code: 2, errHas: []string{"nothing audited"}},
		{name: "credits --strict", args: []string{"credits", export, "--accounts", accounts, asOf, "--strict", "-q"}, code: 2, errHas: []string{"(--strict)"}},

		{name: "explain", args: []string{"explain", export, "1064", asOf, "--month", "2026-10"}, code: 0, outHas: []string{"Ticket 1064: breached"}},
		{name: "explain json", args: []string{"explain", export, "1064", asOf, "-o", "json"}, code: 0, outHas: []string{`"late_seconds": 358`}},
		{name: "explain -q", args: []string{"explain", export, "1064", asOf, "-q"}, code: 0, outEmpty: true},
		{name: "explain --output-file", args: []string{"explain", export, "1064", asOf, "--output-file", filepath.Join(dir, "e.txt")}, code: 0, outEmpty: true},
		{name: "explain unknown id", args: []string{"explain", export, "4711", asOf}, code: 2,
			errExact: "slaaudit: ticket \"4711\" not found among 306 tickets read (6 rows rejected)\n"},
		{name: "explain rejected id", args: []string{"explain", rejected, "401", asOf}, code: 0, outHas: []string{"Ticket 401"}},
		{name: "explain rejected row", args: []string{"explain", export, "1249", asOf}, code: 2,
			errExact: "slaaudit: ticket \"1249\" was rejected: ../testdata/export-2026-10.csv:252: plan: unknown plan \"Gold\"\n"},
		{name: "explain outside the period", args: []string{"explain", export, "1296", asOf, "--month", "2026-10"}, code: 2,
			errHas: []string{"outside the period 2026-10-01 → 2026-11-01", "drop --month"}},
		{name: "explain outside an instant period", args: []string{"explain", export, "1296", asOf, "--from", "2026-10-01T12:00:00Z", "--to", "2026-11-01"}, code: 2,
			errHas: []string{"outside the period 2026-10-01 05:00 PDT → 2026-11-01"}},

		{name: "plans", args: []string{"plans"}, code: 0, outHas: []string{"Premium"}},
		{name: "plans json", args: []string{"plans", "-o", "json"}, code: 0, outHas: []string{`"premium"`}},
		{name: "plans yaml", args: []string{"plans", "-o", "yaml"}, code: 0, outHas: []string{"key: premium"}},
		{name: "plans missing file", args: []string{"plans", "--plans", "nope.yaml"}, code: 2, errExact: "slaaudit: read plans: open nope.yaml: no such file or directory\n"},
		{name: "presets", args: []string{"presets"}, code: 0, outHas: []string{"NAME", "zendesk"}},
		{name: "presets show", args: []string{"presets", "show", "zendesk"}, code: 0, outHas: []string{"name: zendesk"}},
		{name: "sample", args: []string{"sample", "--tickets", "2", "--month", "2026-10"}, code: 0, outHas: []string{"id,", "2026-10-"}},
		{name: "version", args: []string{"version"}, code: 0, outHas: []string{"slaaudit "}},
		{name: "help", args: []string{"help"}, code: 0, outHas: []string{"Available Commands"}},
		{name: "no arguments", args: nil, code: 0, outHas: []string{"Available Commands"}},
		{name: "man", args: []string{"man", filepath.Join(dir, "man1")}, code: 0},
	})
	if _, err := os.Stat(filepath.Join(dir, "man1", "slaaudit-check.1")); err != nil {
		t.Errorf("man wrote no slaaudit-check.1: %v", err)
	}
	for _, f := range []string{"r.json", "c.xlsx", "e.txt"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
}

// TestCreditsXLSXRefusesATerminal: a binary format never goes to a
// terminal; --output-file or a redirect is required.
func TestCreditsXLSXRefusesATerminal(t *testing.T) {
	ios, out, errOut := testIO(false)
	ios.IsTTY = true
	runCase{args: []string{"credits", export, "--accounts", accounts, asOf, "-o", "xlsx"}, code: 2, outEmpty: true,
		errHas: []string{"slaaudit: -o xlsx writes a binary file: pass --output-file FILE, or redirect stdout\n"}}.run(t, ios, out, errOut)
}

// TestColourFollowsIOAndFlags: a report is coloured only on a terminal,
// without NO_COLOR, --no-color or --output-file.
func TestColourFollowsIOAndFlags(t *testing.T) {
	tests := []struct {
		ios   IO
		flags outputFlags
		want  bool
	}{
		{IO{IsTTY: true}, outputFlags{}, true},
		{IO{IsTTY: false}, outputFlags{}, false},
		{IO{IsTTY: true, NoColor: true}, outputFlags{}, false},
		{IO{IsTTY: true}, outputFlags{noColor: true}, false},
		{IO{IsTTY: true}, outputFlags{outputFile: "r.txt"}, false},
	}
	for _, tc := range tests {
		if got := tc.flags.color(&tc.ios); got != tc.want {
			t.Errorf("IO %+v, flags %+v: colour %v, want %v", tc.ios, tc.flags, got, tc.want)
		}
	}
}

// TestOutputFileRefusedInProcess: --output-file refuses what is not a
// regular file, a missing folder and every file the command reads, before
// auditing, with exit status 2 and stdout untouched (SPEC §12).
func TestOutputFileRefusedInProcess(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.csv")
	plansFile := filepath.Join(dir, "plans.yaml")
	for _, f := range []string{input, plansFile} {
		src := clean
		if f == plansFile {
			src = "../testdata/plans/custom.yaml"
		}
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "nothing"), filepath.Join(dir, "dangling")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/null", filepath.Join(dir, "devnull")); err != nil {
		t.Fatal(err)
	}
	check := func(target string, extra ...string) []string {
		return append([]string{"check", input, asOf, "--output-file", target}, extra...)
	}
	runCases(t, []runCase{
		{name: "a directory", args: check(dir), code: 2, outEmpty: true, errHas: []string{"is a directory; give the path of a regular file"}},
		{name: "a device", args: check("/dev/null"), code: 2, outEmpty: true, errHas: []string{"is a device"}},
		{name: "a link into /dev", args: check(filepath.Join(dir, "devnull")), code: 2, outEmpty: true, errHas: []string{"is a symbolic link to /dev/null"}},
		{name: "a link to nothing", args: check(filepath.Join(dir, "dangling")), code: 2, outEmpty: true, errHas: []string{"is a symbolic link to nothing that exists"}},
		{name: "a missing folder", args: check(filepath.Join(dir, "no", "r.txt")), code: 2, outEmpty: true, errHas: []string{"does not exist"}},
		{name: "the input", args: check(input), code: 2, outEmpty: true, errHas: []string{"is the input " + input + "; slaaudit never writes over its inputs"}},
		{name: "the plans file", args: check(plansFile, "--plans", plansFile), code: 2, outEmpty: true, errHas: []string{"is the input " + plansFile}},
		{name: "explain, the input", args: []string{"explain", input, "101", asOf, "--output-file", input}, code: 2, errHas: []string{"never writes over its inputs"}},
		{name: "credits, the accounts", args: []string{"credits", input, "--accounts", accounts, asOf, "--output-file", accounts}, code: 2, errHas: []string{"never writes over its inputs"}},
	})
	if b, err := os.ReadFile(input); err != nil || len(b) == 0 {
		t.Errorf("the input was touched: %v", err)
	}
}

// TestFlagValuesExplained: a value a flag cannot take is refused with what
// was probably meant.
func TestFlagValuesExplained(t *testing.T) {
	runCases(t, []runCase{
		{name: "a zone abbreviation", args: []string{"check", clean, "--input-tz", "PST"}, code: 2,
			errHas: []string{`--input-tz: unknown time zone "PST" (did you mean America/Los_Angeles, the civil time with its daylight saving, or Etc/GMT+8, the fixed offset?`}},
		{name: "an abbreviation of no offset", args: []string{"check", clean, "--input-tz", "pt"}, code: 2,
			errHas: []string{`(did you mean America/Los_Angeles? slaaudit takes IANA zone names)`}},
		{name: "a zone miscapitalised", args: []string{"check", clean, "--input-tz", "europe/berlin"}, code: 2,
			errHas: []string{`(did you mean Europe/Berlin? zone names are case-sensitive)`}},
		{name: "a zone misspelt", args: []string{"check", clean, "--input-tz", "Europe/Berln"}, code: 2,
			errHas: []string{`(did you mean Europe/Berlin?)`}},
		{name: "Local", args: []string{"check", clean, "--input-tz", "Local"}, code: 2, errHas: []string{`unknown time zone "Local"`}},
		{name: "a bad plans file", args: []string{"plans", "--plans", "../testdata/plans/bad/credits-over-100.yaml"}, code: 2,
			errExact: "slaaudit: ../testdata/plans/bad/credits-over-100.yaml: credits.cap: \"150\" is not a percentage from 0 to 100\n"},
	})
}
