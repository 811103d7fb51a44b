package cmd_test

import (
	"bytes"
	"debug/buildinfo"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// binary is the slaaudit built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "slaaudit-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binary = filepath.Join(dir, "slaaudit")
	build := exec.Command("go", buildArgs(dir)...)
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build slaaudit:", err)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildArgs are the arguments of `go build` for the end-to-end binary. The
// binary is built like the tests: with the race detector when they run with
// it, and with coverage in their mode when they measure it. A covered binary
// writes its counters to GOCOVERDIR, set here for every run:
// $SLAAUDIT_E2E_GOCOVERDIR, else the tests' -test.gocoverdir (so
// .ci/coverage merges the binary's runs with the unit tests'), else a
// directory removed after the tests.
func buildArgs(tmp string) []string {
	args := []string{"build", "-o", binary}
	if raceEnabled {
		args = append(args, "-race")
	}
	if mode := testing.CoverMode(); mode != "" {
		args = append(args, "-cover", "-covermode="+mode)
		dir := os.Getenv("SLAAUDIT_E2E_GOCOVERDIR")
		if f := flag.Lookup("test.gocoverdir"); dir == "" && f != nil {
			dir = f.Value.String()
		}
		if dir == "" {
			dir = filepath.Join(tmp, "covdata")
			if err := os.Mkdir(dir, 0o755); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
		}
		// The binary runs from the repository root, the tests from cmd.
		if abs, err := filepath.Abs(dir); err == nil {
			dir = abs
		}
		// Without GOCOVERDIR a covered binary warns on stderr, which the
		// tests read.
		os.Setenv("GOCOVERDIR", dir)
	}
	return append(args, "..")
}

// runCLI runs the built binary from the repository root, off a terminal, and
// returns stdout, stderr and the exit status.
func runCLI(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	c := exec.Command(binary, args...)
	c.Dir = ".."
	c.Env = append(os.Environ(), env...)
	var out, errOut bytes.Buffer
	c.Stdout, c.Stderr = &out, &errOut
	err := c.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run slaaudit: %v", err)
	}
	return out.String(), errOut.String(), code
}

// golden compares got with testdata/<name>, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./cmd -update rewrites it)\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// assertBalanced checks SPEC §3.7 on a JSON report.
func assertBalanced(t *testing.T, jsonOut string) {
	t.Helper()
	// SPEC §10: rows = audited + excluded + rejected + outside period +
	// filtered, for every JSON report.
	var doc struct {
		Counts struct {
			Rows, Audited, Excluded, Rejected, Filtered int
			OutsidePeriod                               int `json:"outside_period"`
		} `json:"counts"`
	}
	if err := json.Unmarshal([]byte(jsonOut), &doc); err != nil {
		t.Fatalf("JSON output: %v\n%s", err, jsonOut)
	}
	c := doc.Counts
	if c.Rows != c.Audited+c.Excluded+c.Rejected+c.OutsidePeriod+c.Filtered {
		t.Errorf("rows %d != audited %d + excluded %d + rejected %d + outside %d + filtered %d",
			c.Rows, c.Audited, c.Excluded, c.Rejected, c.OutsidePeriod, c.Filtered)
	}
}

func TestCLI(t *testing.T) {
	asOf := "--as-of=2026-11-01T07:00:00Z"
	tests := []struct {
		name     string
		args     []string
		env      []string
		wantCode int
		// stderr is matched exactly when wantErr is set, else must be empty.
		wantErr string
	}{
		{name: "clean", args: []string{"check", "testdata/e2e/clean.csv", asOf}, wantCode: 0},
		{name: "clean-json", args: []string{"check", "testdata/e2e/clean.csv", asOf, "-o", "json"}, wantCode: 0},
		{name: "breaches", args: []string{"check", "testdata/e2e/breaches.csv", asOf, "--month", "2026-10"}, wantCode: 1},
		{name: "breaches-json", args: []string{"check", "testdata/e2e/breaches.csv", asOf, "--month", "2026-10", "-o", "json"}, wantCode: 1},
		{name: "breaches-fail-on-none", args: []string{"check", "testdata/e2e/breaches.csv", asOf, "--fail-on", "none"}, wantCode: 0},
		{name: "breaches-fail-on-severe", args: []string{"check", "testdata/e2e/breaches.csv", asOf, "--fail-on", "severe", "--quiet"}, wantCode: 1},
		{name: "malformed", args: []string{"check", "testdata/e2e/malformed.csv", asOf}, wantCode: 2,
			wantErr: "slaaudit: testdata/e2e/malformed.csv:3: column 84: extraneous or missing \" in quoted-field (in the record that starts on line 2)\n"},
		{name: "rejected", args: []string{"check", "testdata/e2e/rejected.csv", asOf}, wantCode: 0},
		{name: "rejected-json", args: []string{"check", "testdata/e2e/rejected.csv", asOf, "-o", "json"}, wantCode: 0},
		{name: "rejected-strict", args: []string{"check", "testdata/e2e/rejected.csv", asOf, "--strict", "--quiet"}, wantCode: 2,
			wantErr: "slaaudit: 6 row(s) rejected (--strict)\n"},
		{name: "usage-bad-format", args: []string{"check", "testdata/e2e/clean.csv", "-o", "yaml"}, wantCode: 2,
			wantErr: "slaaudit: -o: unknown format \"yaml\" (table, markdown, json, csv, junit, github or html)\nUsage: slaaudit check FILE... [flags]\nRun 'slaaudit check --help' for every flag, and examples.\n"},
		{name: "usage-no-file", args: []string{"check"}, wantCode: 2,
			wantErr: "slaaudit: check needs at least one FILE to audit (- reads stdin); got none\nUsage: slaaudit check FILE... [flags]\nRun 'slaaudit check --help' for every flag, and examples.\n"},
		{name: "missing-file", args: []string{"check", "testdata/e2e/nope.csv", asOf}, wantCode: 2,
			wantErr: "slaaudit: testdata/e2e/nope.csv: no such file or directory\n"},
		{name: "plans", args: []string{"plans"}, wantCode: 0},
		{name: "plans-yaml", args: []string{"plans", "-o", "yaml"}, wantCode: 0},
		// The sample export of the README's first command, in every format.
		{name: "sample-table", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf}, wantCode: 1},
		{name: "sample-json", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf, "-o", "json"}, wantCode: 1},
		{name: "sample-markdown", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf, "-o", "markdown"}, wantCode: 1},
		{name: "sample-csv", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf, "-o", "csv"}, wantCode: 1},
		{name: "sample-junit", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf, "-o", "junit"}, wantCode: 1},
		{name: "sample-github", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf, "-o", "github"}, wantCode: 1},
		{name: "sample-array-json", args: []string{"check", "testdata/export-2026-10.json", "--month", "2026-10", asOf, "-o", "json", "--fail-on", "none"}, wantCode: 0},
		{name: "sample-accounts-json", args: []string{"check", "testdata/export-2026-10.csv", "--accounts", "testdata/accounts.csv", "--month", "2026-10", asOf, "-o", "json"}, wantCode: 1},
		{name: "credits-table", args: []string{"credits", "testdata/export-2026-10.csv", "--accounts", "testdata/accounts.csv", "--month", "2026-10", asOf, "--detail"}, wantCode: 0},
		{name: "credits-csv", args: []string{"credits", "testdata/export-2026-10.csv", "--accounts", "testdata/accounts.csv", "--month", "2026-10", asOf, "-o", "csv"}, wantCode: 0},
		{name: "credits-json", args: []string{"credits", "testdata/export-2026-10.csv", "--accounts", "testdata/accounts.csv", "--month", "2026-10", asOf, "-o", "json"}, wantCode: 0},
		// Helpdesk presets: each helpdesk's own export, unedited.
		{name: "preset-zendesk-csv", args: []string{"check", "testdata/presets/zendesk.csv", "--preset", "zendesk", "--input-tz", "America/Los_Angeles",
			"--accounts", "testdata/accounts.csv", "--default-plan", "premium", asOf}, wantCode: 1},
		{name: "preset-zendesk-no-tz", args: []string{"check", "testdata/presets/zendesk.csv", "--preset", "zendesk", "--default-plan", "premium", asOf, "--quiet", "--strict"}, wantCode: 2,
			wantErr: "slaaudit: nothing audited: 15 of 15 row(s) were rejected, most for submitted_at (15), e.g. testdata/presets/zendesk.csv:2: submitted_at: \"2026-10-02 09:15\" has no time zone; pass --input-tz (for example --input-tz America/Los_Angeles) (Zendesk CSV exports write times without a zone, in the account's time zone (Admin Center > Account > Localization)); pass --allow-empty to accept an empty audit\n"},
		{name: "preset-zendesk-json", args: []string{"check", "testdata/presets/zendesk.json", "--preset", "zendesk", "--default-plan", "premium", asOf, "-o", "json"}, wantCode: 1},
		{name: "preset-freshdesk", args: []string{"check", "testdata/presets/freshdesk.csv", "--preset", "freshdesk", "--input-tz", "America/Los_Angeles",
			"--accounts", "testdata/accounts.csv", "--default-plan", "premium", asOf}, wantCode: 1},
		{name: "preset-zammad", args: []string{"check", "testdata/presets/zammad.csv", "--preset", "zammad", "--input-tz", "America/Los_Angeles",
			"--accounts", "testdata/accounts.csv", "--default-plan", "premium", asOf}, wantCode: 1},
		{name: "preset-helpscout-json", args: []string{"check", "testdata/presets/helpscout.json", "--preset", "helpscout", "--default-plan", "premium", asOf, "-o", "json"}, wantCode: 1},
		{name: "preset-unknown", args: []string{"check", "testdata/presets/zendesk.csv", "--preset", "kayako"}, wantCode: 2,
			wantErr: "slaaudit: --preset: \"kayako\": unknown preset (want freshdesk, helpscout, intercom, jira, zammad, zendesk)\nUsage: slaaudit check FILE... [flags]\nRun 'slaaudit check --help' for every flag, and examples.\n"},
		// A ticket history: the same tickets as the rows sample's first 50.
		{name: "history-json", args: []string{"check", "testdata/history-2026-10.csv", "--month", "2026-10", asOf, "-o", "json"}, wantCode: 1},
		{name: "history-table", args: []string{"check", "testdata/history-2026-10.csv", "--month", "2026-10", asOf}, wantCode: 1},
		// SPEC §10: breakdowns, due soon, lists, sort, limit and filters.
		{name: "sample-by-table", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf,
			"--by", "customer", "--by", "week", "--due-within", "4h"}, wantCode: 1},
		{name: "sample-by-markdown", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf,
			"--by", "customer", "--by", "week", "--due-within", "4h", "-o", "markdown"}, wantCode: 1},
		{name: "sample-by-json", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf,
			"--by", "customer", "--by", "week", "--due-within", "4h", "-o", "json"}, wantCode: 1},
		{name: "sample-by-csv", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf,
			"--by", "customer", "--by", "week", "--due-within", "4h", "-o", "csv"}, wantCode: 1},
		{name: "sample-by-time", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf,
			"--by", "weekday,hour", "--by", "day", "--by", "channel", "--by", "priority", "--by", "plan", "--by", "month"}, wantCode: 1},
		{name: "sample-sort-limit", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf,
			"--sort", "late", "--limit", "3"}, wantCode: 1},
		{name: "sample-filter-json", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf,
			"--customer", "acme", "--customer", "initech", "--plan", "Premium Support", "-o", "json"}, wantCode: 1},
		{name: "sample-filter", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf,
			"--customer", "acme", "--customer", "initech"}, wantCode: 1},
		{name: "credits-filter", args: []string{"credits", "testdata/export-2026-10.csv", "--accounts", "testdata/accounts.csv",
			"--month", "2026-10", asOf, "--customer", "acme", "--detail"}, wantCode: 0},
		// SPEC §13: a filter that leaves nothing is an empty audit, and says so.
		{name: "sample-filter-nobody", args: []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOf,
			"--customer", "Acme", "--quiet"}, wantCode: 2,
			wantErr: "slaaudit: nothing audited: 293 of 306 row(s) were filtered out by --customer or --plan (customers match exactly, after trimming spaces); " +
				"8 of 306 row(s) were submitted 2026-10-01 → 2026-11-03, outside the period 2026-10-01 → 2026-11-01 (America/Los_Angeles); check --month, --from and --to; " +
				"5 of 306 row(s) were rejected, most for submitted_at (2), e.g. testdata/export-2026-10.csv:36: submitted_at: \"2026-10-07T25:61:00-07:00\" is not a time (hour out of range); " +
				"pass --allow-empty to accept an empty audit\n"},
		{name: "usage-bad-by", args: []string{"check", "testdata/e2e/clean.csv", "--by", "team"}, wantCode: 2,
			wantErr: "slaaudit: --by: \"team\" is not one of customer, channel, priority, plan, month, week, day, weekday, hour\nUsage: slaaudit check FILE... [flags]\nRun 'slaaudit check --help' for every flag, and examples.\n"},
		{name: "usage-bad-due-within", args: []string{"check", "testdata/e2e/clean.csv", "--due-within", "4 hours"}, wantCode: 2,
			wantErr: "slaaudit: --due-within: \"4 hours\" is not a duration like 4h, 90m or 1h30m\nUsage: slaaudit check FILE... [flags]\nRun 'slaaudit check --help' for every flag, and examples.\n"},
		{name: "usage-bad-plan", args: []string{"check", "testdata/e2e/clean.csv", "--plan", "gold"}, wantCode: 2,
			wantErr: "slaaudit: --plan: unknown plan \"gold\" (limited, standard, premium, 24x7)\nUsage: slaaudit check FILE... [flags]\nRun 'slaaudit check --help' for every flag, and examples.\n"},
		{name: "usage-bad-limit", args: []string{"check", "testdata/e2e/clean.csv", "--limit", "-1"}, wantCode: 2,
			wantErr: "slaaudit: --limit: -1 is negative (0 shows every ticket)\nUsage: slaaudit check FILE... [flags]\nRun 'slaaudit check --help' for every flag, and examples.\n"},
		{name: "credits-no-accounts", args: []string{"credits", "testdata/export-2026-10.csv"}, wantCode: 2,
			wantErr: "slaaudit: credits needs --accounts FILE: the customers' plans, term contracts and fees\nUsage: slaaudit credits FILE... --accounts ACCOUNTS [flags]\nRun 'slaaudit credits --help' for every flag, and examples.\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tc.env, tc.args...)
			if code != tc.wantCode {
				t.Errorf("exit status = %d, want %d\nstderr: %s", code, tc.wantCode, errOut)
			}
			if errOut != tc.wantErr {
				t.Errorf("stderr = %q, want %q", errOut, tc.wantErr)
			}
			if strings.Contains(out, "\x1b[") {
				t.Errorf("colour escape codes off a terminal")
			}
			if strings.HasSuffix(tc.name, "-json") {
				assertBalanced(t, out)
			}
			golden(t, filepath.Join("e2e", tc.name+".golden"), out)
		})
	}
}

// TestBinaryBuiltLikeTheTests: the end-to-end binary has the race detector
// exactly when the tests do, and writes coverage when they measure it.
func TestBinaryBuiltLikeTheTests(t *testing.T) {
	info, err := buildinfo.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	// The tests' own build says whether they run with -race; raceEnabled
	// (race_test.go) must agree, and the binary follow.
	tests := false
	if own, ok := debug.ReadBuildInfo(); ok {
		for _, s := range own.Settings {
			tests = tests || s.Key == "-race" && s.Value == "true"
		}
	}
	if got := settings["-race"] == "true"; got != tests || raceEnabled != tests {
		t.Errorf("binary -race = %v, raceEnabled = %v, tests -race = %v", got, raceEnabled, tests)
	}
	if testing.CoverMode() == "" {
		return
	}
	dir := os.Getenv("GOCOVERDIR")
	before, _ := os.ReadDir(dir)
	if _, _, code := runCLI(t, nil, "version"); code != 0 {
		t.Fatalf("version: exit %d", code)
	}
	after, _ := os.ReadDir(dir)
	if dir == "" || len(after) <= len(before) {
		t.Errorf("a run under -cover wrote no counters to GOCOVERDIR %q", dir)
	}
}
