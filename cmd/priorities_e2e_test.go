package cmd_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The worked example of the README's "Targets per priority": the example
// plans file and the sample export that uses every priority, in every
// report that says which target a ticket was held to (SPEC §11).
func TestTargetsPerPriority(t *testing.T) {
	plansFile := []string{"--plans", "testdata/plans/priorities.yaml"}
	check := func(extra ...string) []string {
		return append(append([]string{"check", "testdata/plans/priorities-export.csv", "--month", "2026-11",
			"--as-of", "2026-12-01T05:00:00Z"}, plansFile...), extra...)
	}
	explain := func(id string, extra ...string) []string {
		return append(append([]string{"explain", "testdata/plans/priorities-export.csv", id,
			"--month", "2026-11", "--as-of", "2026-12-01T05:00:00Z"}, plansFile...), extra...)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		// want are substrings the golden must hold, so that a rewritten
		// golden still says what the case is about.
		want []string
	}{
		{name: "table", args: check(), wantCode: 1, want: []string{
			`unknown priorities 4 (plan default applied): "Blocker" ×1, "Sev 2" ×2, "urgentish" ×1`,
			"│ 2002 │ acme     │ Business / urgent │", // P1: urgent's 1h, not the default 4h
			"│ 2009 │ initech  │ Business          │", // medium: normal, no own window
			"│ 2021 │ hooli    │ Standard / low    │ business  │ 2026-11-25 Wed 15:00 EST │ 2026-11-30 Mon 15:00 EST │",
		}},
		{name: "json", args: check("-o", "json"), wantCode: 1, want: []string{
			`"target": "business/urgent"`, `"target": "standard/low"`, `"target": "basic"`, `"target": null`,
			"\"unknown_priorities\": {\n    \"tickets\": 4,",
			`priority \"Sev 2\" matches no priority of the plans file (urgent, high, normal, low); the plan's default windows apply`,
		}},
		{name: "csv", args: check("-o", "csv"), wantCode: 1, want: []string{
			"id,customer,plan,channel,priority,source,submitted_at,target,class,",
			"2004,globex,business,web,p-1,testdata/plans/priorities-export.csv:5,2026-11-09T14:00:00Z,business/urgent,business,3600,",
		}},
		{name: "markdown", args: check("-o", "markdown"), wantCode: 1, want: []string{
			`unknown priorities 4 (plan default applied): "Blocker" ×1, "Sev 2" ×2, "urgentish" ×1`,
			"| 2006 | globex | Business / high | off hours |",
		}},
		{name: "explain-alias", args: explain("2004"), wantCode: 0, want: []string{
			`Target:   business/urgent: priority "p-1" names urgent, and Business has windows of its own for urgent (1h business, 1h off hours).`,
		}},
		{name: "explain-default", args: explain("2008"), wantCode: 0, want: []string{
			`Target:   business: priority "Normal"; Business has no windows of its own for normal, so the plan's default applies (4h business, 8h off hours), without a warning.`,
		}},
		{name: "explain-blank", args: explain("2014"), wantCode: 0, want: []string{
			`Target:   business: the priority is "-", without letters or digits, so it is not checked`,
		}},
		{name: "explain-unknown-json", args: explain("2016", "-o", "json"), wantCode: 0, want: []string{
			`"target": "business",`, `"value": "Sev 2",`, `"match": "unknown",`, `"priority": null,`, `"own": false,`,
		}},
		{name: "explain-holiday-weekend-json", args: explain("2021", "-o", "json"), wantCode: 0, want: []string{
			`"target": "standard/low",`, `"match": "known",`, `"own": true,`, `"business_seconds": 57600,`,
			`"deadline": "2026-11-30T20:00:00Z"`,
		}},
		{name: "plans", args: []string{"plans", "--plans", "testdata/plans/priorities.yaml"}, wantCode: 0, want: []string{
			"│   urgent (business / off hours) │ 1h / 1h             │ 2h / 2h             │ default (48h / 48h) │",
			`  urgent: "P1", "1", "1 - Critical", "critical"`,
		}},
		{name: "plans-json", args: []string{"plans", "--plans", "testdata/plans/priorities.yaml", "-o", "json"}, wantCode: 0, want: []string{
			`"priorities": [`, `"response_by_priority": [`, `"target": "standard/low"`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, nil, tc.args...)
			if code != tc.wantCode || errOut != "" {
				t.Errorf("exit status = %d (want %d), stderr %q", code, tc.wantCode, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q", w)
				}
			}
			if tc.name == "json" {
				assertBalanced(t, out)
			}
			golden(t, filepath.Join("e2e", "priorities-"+tc.name+".golden"), out)
		})
	}
}

// A plans file with per-priority windows, printed with plans -o yaml and
// read back, audits the example export byte for byte as the original.
func TestPrioritiesYAMLRoundTripAuditsIdentically(t *testing.T) {
	printed, errOut, code := runCLI(t, nil, "plans", "--plans", "testdata/plans/priorities.yaml", "-o", "yaml")
	if code != 0 || errOut != "" {
		t.Fatalf("plans -o yaml: exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		`  - {key: urgent, aliases: [P1, "1", 1 - Critical, critical]}`,
		"    response_by_priority:\n      urgent: {business: 1h, off_hours: 1h}\n      high: {business: 2h, off_hours: 4h}\n      low: {business: 8h, off_hours: 24h}\n",
	} {
		if !strings.Contains(printed, want) {
			t.Errorf("plans -o yaml lacks %q:\n%s", want, printed)
		}
	}
	path := filepath.Join(t.TempDir(), "plans.yaml")
	if err := os.WriteFile(path, []byte(printed), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"check", "testdata/plans/priorities-export.csv", "--as-of", "2026-12-01T05:00:00Z", "-o", "json"}
	want, _, wantCode := runCLI(t, nil, append(args, "--plans", "testdata/plans/priorities.yaml")...)
	got, errOut, gotCode := runCLI(t, nil, append(args, "--plans", path)...)
	if errOut != "" || gotCode != wantCode {
		t.Fatalf("with the printed file: exit %d (want %d), stderr %q", gotCode, wantCode, errOut)
	}
	if got != want {
		t.Errorf("the printed plans file audits differently from the original")
	}
}

// SPEC §11 validation, end to end: path-named errors and exit status 2.
func TestInvalidPriorityPlansExit2(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"priority-by-alias.yaml", `plans[1].response_by_priority.P1: "P1" is not a priority key but a name of priority "urgent"; write the key: urgent`},
		{"priority-entry-no-off-hours.yaml", `plans[0].response_by_priority.low.off_hours: missing (for example 24h)`},
		{"priority-names-alike.yaml", `priorities[1].aliases[0]: "p-1" matches the same values as priorities[0].aliases[0] "P1" (both normalise to "p1"); priority names must differ in their letters or digits`},
	} {
		path := "testdata/plans/bad/" + tc.file
		for _, args := range [][]string{
			{"check", "testdata/plans/priorities-export.csv", "--plans", path},
			{"plans", "--plans", path},
		} {
			out, errOut, code := runCLI(t, nil, args...)
			if code != 2 || out != "" {
				t.Errorf("%v: exit %d, stdout %q; want 2 and nothing", args, code, out)
			}
			if want := "slaaudit: " + path + ": " + tc.want + "\n"; errOut != want {
				t.Errorf("%v: stderr\n got %q\nwant %q", args, errOut, want)
			}
		}
	}
}
