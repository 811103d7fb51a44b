package cmd_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// cliCase is one run of the built binary and what it must do: the exit
// status, what stdout and stderr must contain (each string), what they must
// not, and when errExact is set, stderr exactly.
type cliCase struct {
	name      string
	args      []string
	env       []string
	code      int
	outHas    []string
	outHasNot []string
	errHas    []string
	errExact  *string
	errHasNot []string
	emptyOut  bool
	emptyErr  bool
}

func exactly(s string) *string { return &s }

func runCases(t *testing.T, cases []cliCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tc.env, tc.args...)
			if code != tc.code {
				t.Errorf("exit status = %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			for _, s := range tc.outHas {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tc.outHasNot {
				if strings.Contains(out, s) {
					t.Errorf("stdout has %q:\n%s", s, out)
				}
			}
			for _, s := range tc.errHas {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errOut)
				}
			}
			for _, s := range tc.errHasNot {
				if strings.Contains(errOut, s) {
					t.Errorf("stderr has %q:\n%s", s, errOut)
				}
			}
			if tc.errExact != nil && errOut != *tc.errExact {
				t.Errorf("stderr = %q, want %q", errOut, *tc.errExact)
			}
			if tc.emptyOut && out != "" {
				t.Errorf("stdout is not empty:\n%s", out)
			}
			if tc.emptyErr && errOut != "" {
				t.Errorf("stderr is not empty:\n%s", errOut)
			}
		})
	}
}

const asOfFixed = "--as-of=2026-11-01T07:00:00Z"

// SPEC §13: rows read but nothing audited is exit 2 with the reason; an
// input with no rows is exit 0 with a note.
func TestEmptyAuditFails(t *testing.T) {
	runCases(t, []cliCase{
		{name: "month-off-by-one", args: []string{"check", "testdata/e2e/clean.csv", "--month", "2026-09", asOfFixed, "-o", "junit"}, code: 2,
			emptyOut: true,
			errExact: exactly("slaaudit: nothing audited: 4 of 4 row(s) were submitted 2026-10-05 → 2026-10-20, outside the period 2026-09-01 → 2026-10-01 (America/Los_Angeles); check --month, --from and --to; pass --allow-empty to accept an empty audit\n")},
		{name: "allow-empty", args: []string{"check", "testdata/e2e/clean.csv", "--month", "2026-09", asOfFixed, "--allow-empty"}, code: 0,
			outHas: []string{"rows 4 = audited 0 + excluded 0 + rejected 0 + outside period 4"}, emptyErr: true},
		{name: "every-time-zoneless", args: []string{"check", "testdata/trust/zoneless.csv", asOfFixed, "-q"}, code: 2,
			errExact: exactly(`slaaudit: nothing audited: 3 of 3 row(s) were rejected, most for submitted_at (3), e.g. testdata/trust/zoneless.csv:2: submitted_at: "2026-10-05 09:00:00" has no time zone; pass --input-tz (for example --input-tz America/Los_Angeles); pass --allow-empty to accept an empty audit` + "\n")},
		{name: "credits-nothing-audited", args: []string{"credits", "testdata/export-2026-10.csv", "--accounts", "testdata/accounts.csv", "--month", "2025-10", asOfFixed}, code: 2,
			emptyOut: true, errHas: []string{"nothing audited: 301 of 306 row(s) were submitted", "outside the period 2025-10-01 → 2025-11-01"}},
		{name: "no-rows-is-ok", args: []string{"check", "testdata/trust/no-rows.csv", asOfFixed, "-o", "json"}, code: 0,
			outHas:   []string{`"rows": 0`},
			errExact: exactly("slaaudit: note: the input has no ticket rows; nothing was audited\n")},
		{name: "no-rows-quiet", args: []string{"check", "testdata/trust/no-rows.csv", asOfFixed, "-q"}, code: 0, emptyErr: true, emptyOut: true},
	})
}

// explain of a row rejected for any reason gives the rejection, exit 2
// (a row rejected for its time used to say "not found").
func TestExplainRejectedRowSaysWhy(t *testing.T) {
	const file = "testdata/e2e/rejected.csv"
	runCases(t, []cliCase{
		{name: "bad-time", args: []string{"explain", file, "403", asOfFixed}, code: 2, emptyOut: true,
			errExact: exactly(`slaaudit: ticket "403" was rejected: testdata/e2e/rejected.csv:4: submitted_at: "2026-13-05T09:00:00-07:00" is not a time (month out of range)` + "\n")},
		{name: "zoneless-time", args: []string{"explain", file, "404", asOfFixed}, code: 2, emptyOut: true,
			errHas: []string{`ticket "404" was rejected: testdata/e2e/rejected.csv:5: submitted_at: "2026-10-05 09:00" has no time zone`}},
		{name: "unknown-plan", args: []string{"explain", file, "405", asOfFixed}, code: 2, emptyOut: true,
			errHas: []string{`ticket "405" was rejected: testdata/e2e/rejected.csv:6: plan: unknown plan "Platinum"`}},
		{name: "response-before-submission", args: []string{"explain", file, "406", asOfFixed}, code: 2, emptyOut: true,
			errHas: []string{`ticket "406" was rejected: testdata/e2e/rejected.csv:8: first_response_at: response`}},
		{name: "zoneless-every-row", args: []string{"explain", "testdata/trust/zoneless.csv", "1202", asOfFixed}, code: 2, emptyOut: true,
			errHas: []string{`ticket "1202" was rejected: testdata/trust/zoneless.csv:3: submitted_at:`}, errHasNot: []string{"not found"}},
		{name: "history-reply-before-created", args: []string{"explain", "testdata/trust/history-bad.csv", "9", asOfFixed}, code: 2, emptyOut: true,
			errHas: []string{`ticket "9" was rejected: testdata/trust/history-bad.csv:`}, errHasNot: []string{"not found"}},
		{name: "history-zoneless-event", args: []string{"explain", "testdata/trust/history-bad.csv", "10", asOfFixed}, code: 2, emptyOut: true,
			errHas: []string{`ticket "10" was rejected: testdata/trust/history-bad.csv:6: at: "2026-10-03 10:00" has no time zone`}},
		{name: "really-absent", args: []string{"explain", file, "999", asOfFixed}, code: 2, emptyOut: true,
			errHas: []string{`ticket "999" not found`}},
	})
}

// explain takes -q and --output-file like check (SPEC §12: --quiet
// silences stdout, never a requested file).
func TestExplainQuietAndOutputFile(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/why.txt"
	runCases(t, []cliCase{
		{name: "quiet", args: []string{"explain", "testdata/e2e/rejected.csv", "401", asOfFixed, "-q"}, code: 0, emptyOut: true, emptyErr: true},
		{name: "quiet-output-file", args: []string{"explain", "testdata/e2e/rejected.csv", "401", asOfFixed, "-q", "--output-file", path}, code: 0, emptyOut: true, emptyErr: true},
	})
	assertFileHas(t, path, "Ticket 401: met")
	runCases(t, []cliCase{
		{name: "output-file-json", args: []string{"explain", "testdata/e2e/rejected.csv", "401", asOfFixed, "-o", "json", "--output-file", path}, code: 0, emptyOut: true, emptyErr: true},
	})
	assertFileHas(t, path, `"id": "401"`)
}

// The default --as-of is the clock's to the second, and the report says
// that --as-of makes it reproducible.
func TestDefaultAsOfSaysNotReproducible(t *testing.T) {
	runCases(t, []cliCase{
		{name: "default", args: []string{"check", "testdata/e2e/clean.csv"}, code: 0,
			outHas: []string{"— now; pass --as-of to make this report reproducible"}},
		{name: "fixed", args: []string{"check", "testdata/e2e/clean.csv", asOfFixed}, code: 0,
			outHasNot: []string{"reproducible"}},
	})
	out, _, _ := runCLI(t, nil, "check", "testdata/e2e/clean.csv", "-o", "json")
	if !asOfSecondRE.MatchString(out) {
		t.Errorf("as_of is not whole seconds:\n%s", out)
	}
}

var asOfSecondRE = regexp.MustCompile(`"as_of": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"`)

// assertFileHas checks that the file at path contains want.
func assertFileHas(t *testing.T, path, want string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), want) {
		t.Errorf("%s lacks %q:\n%s", path, want, b)
	}
}

// -o github prints at most --annotations ::error lines, severe first then
// by lateness, at most as many ::warning lines for rejected rows, and one
// ::notice with the totals and what was not annotated (GitHub shows 10
// annotations of a kind per step, so 919 lines in submission order showed
// the oldest breaches and dropped the severe ones).
func TestGitHubAnnotatesTheWorstFirst(t *testing.T) {
	sample := []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", asOfFixed, "-o", "github"}
	out, errOut, code := runCLI(t, nil, sample...)
	if code != 1 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	var errors, warnings, notices []string
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "::error "):
			errors = append(errors, l)
		case strings.HasPrefix(l, "::warning "):
			warnings = append(warnings, l)
		case strings.HasPrefix(l, "::notice "):
			notices = append(notices, l)
		default:
			t.Errorf("not a workflow command: %q", l)
		}
	}
	if len(errors) != 10 || len(warnings) != 6 || len(notices) != 1 || !strings.HasPrefix(lines[len(lines)-1], "::notice ") {
		t.Fatalf("got %d errors, %d warnings, %d notices (want 10, 6, 1 last):\n%s", len(errors), len(warnings), len(notices), out)
	}
	// Severe first (the sample has 40 severe breaches), then by lateness.
	var prev string
	for i, l := range errors {
		if !strings.Contains(l, "title=Severe SLA breach::") {
			t.Errorf("error %d is not severe: %s", i, l)
		}
		late := lateRE.FindStringSubmatch(l)
		if late == nil {
			t.Fatalf("no lateness in %s", l)
		}
		if prev != "" && lateOrder(late[1]) > lateOrder(prev) {
			t.Errorf("error %d (late %s) is later than the one before (late %s)", i, late[1], prev)
		}
		prev = late[1]
	}
	if !strings.Contains(errors[0], "1021 (acme, Premium) unanswered, late 29d07h") {
		t.Errorf("the worst breach is not first: %s", errors[0])
	}
	if !strings.Contains(notices[0], "breached 53 (severe 40)") || !strings.Contains(notices[0], "not annotated: 43 breach(es)") {
		t.Errorf("notice lacks the totals or the count not annotated: %s", notices[0])
	}

	runCases(t, []cliCase{
		{name: "annotations-2", args: append(sample, "--annotations", "2"), code: 1, emptyErr: true,
			outHas: []string{"not annotated: 51 breach(es) and 4 rejected row(s)"}},
		{name: "annotations-0", args: append(sample, "--annotations", "0"), code: 1, emptyErr: true,
			outHasNot: []string{"::error", "::warning"}, outHas: []string{"not annotated: 53 breach(es) and 6 rejected row(s)"}},
		{name: "annotations-all", args: append(sample, "--annotations", "1000"), code: 1, emptyErr: true,
			outHasNot: []string{"not annotated"}},
		{name: "annotations-negative", args: append(sample, "--annotations", "-1"), code: 2, emptyOut: true,
			errHas: []string{"--annotations: -1 is negative"}},
		{name: "control-characters", args: []string{"check", "testdata/trust/control.csv", asOfFixed, "-o", "github"}, code: 1,
			outHasNot: []string{"\x1b", "\x07", "\x08", "\x0c"}, outHas: []string{`evil\x1b]52;c;aGk=\x07corp`}},
	})
	for _, n := range []string{"2", "1000"} {
		out, _, _ := runCLI(t, nil, append(sample, "--annotations", n)...)
		want := map[string]int{"2": 2, "1000": 53}[n]
		if got := strings.Count(out, "::error "); got != want {
			t.Errorf("--annotations %s: %d ::error lines, want %d", n, got, want)
		}
	}
}

var lateRE = regexp.MustCompile(`late (\d+d\d\dh|\d+h\d\dm|\d+m\d\ds|\d+s) `)

// lateOrder turns FormatLate's text back into a comparable number.
func lateOrder(s string) int {
	var a, b int
	switch {
	case strings.Contains(s, "d"):
		fmt.Sscanf(s, "%dd%dh", &a, &b)
		return (a*24 + b) * 3600
	case strings.Contains(s, "h"):
		fmt.Sscanf(s, "%dh%dm", &a, &b)
		return a*3600 + b*60
	case strings.Contains(s, "m"):
		fmt.Sscanf(s, "%dm%ds", &a, &b)
		return a*60 + b
	}
	fmt.Sscanf(s, "%ds", &a)
	return a
}

// A credit row whose percent the cap cut says so in every format, and
// credits -o csv --detail gives one row per breach (id, late by, severe),
// sorted.
func TestCreditsShowTheCap(t *testing.T) {
	base := []string{"credits", "testdata/export-2026-10.csv", "--accounts", "testdata/accounts/readme.csv", "--month", "2026-10", asOfFixed}
	runCases(t, []cliCase{
		{name: "table", args: base, code: 0, emptyErr: true,
			outHas:    []string{"│ umbrella │ 2026-10 │ 24x7     │ yes  │        6 │      5 │ 50% (capped from 55%) │ 4800.00 │ 2400.00 │"},
			outHasNot: []string{"30% (capped"}},
		{name: "markdown", args: append(base, "-o", "markdown"), code: 0, emptyErr: true,
			outHas: []string{"| umbrella | 2026-10 | 24x7 | yes | 6 | 5 | 50% (capped from 55%) | 4800.00 | 2400.00 | USD |  |"}},
		{name: "json", args: append(base, "-o", "json"), code: 0, emptyErr: true,
			outHas: []string{`"percent": "50",
      "uncapped_percent": "55",`, `"percent": "30",
      "uncapped_percent": "30",`}},
		{name: "csv", args: append(base, "-o", "csv"), code: 0, emptyErr: true,
			outHas: []string{"customer,month,plan,term_contract,breaches,severe,percent,uncapped_percent,monthly_fee,currency,amount,reason\n",
				"umbrella,2026-10,24x7,true,6,5,50,55,4800.00,USD,2400.00,\n",
				"soylent,2026-10,limited,false,0,0,0,0,99.00,USD,0.00,no term contract\n"}},
	})
	out, _, code := runCLI(t, nil, append(base, "-o", "csv", "--detail")...)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"customer", "month", "plan", "account_from", "ticket", "submitted_at", "late_seconds", "late", "severe", "unanswered"}
	if !slices.Equal(rows[0], wantHeader) {
		t.Fatalf("header %q, want %q", rows[0], wantHeader)
	}
	// One row per breach behind the credit rows: 4 + 2 + 4 + 2 + 1 + 6.
	if got := len(rows) - 1; got != 19 {
		t.Errorf("%d breach rows, want 19", got)
	}
	if !slices.Equal(rows[1], []string{"acme", "2026-10", "premium", "2025-07-01", "1021", "2026-10-02T22:35:58Z", "2532242", "29d07h", "true", "true"}) {
		t.Errorf("first row %q", rows[1])
	}
	// Sorted by customer, month, the accounts row's from, then submission.
	for i := 2; i < len(rows); i++ {
		a, b := rows[i-1], rows[i]
		ka := a[0] + "\x00" + a[1] + "\x00" + a[3] + "\x00" + a[5]
		kb := b[0] + "\x00" + b[1] + "\x00" + b[3] + "\x00" + b[5]
		if ka > kb {
			t.Errorf("rows %d and %d out of order: %q then %q", i-1, i, a, b)
		}
		if b[8] != "true" && b[8] != "false" || b[6] == "" || b[7] == "" {
			t.Errorf("row %d lacks late by or severe: %q", i, b)
		}
	}
	if strings.Contains(out, "2400.00") {
		t.Errorf("the detail CSV carries money; a sum over it would count a row once per breach")
	}
}

// Currencies without a minor unit (ISO 4217 "N.A.") are not money: an
// accounts file naming one is refused (it used to be read as 2-decimal).
func TestCurrencyWithoutMinorUnitRefused(t *testing.T) {
	var cases []cliCase
	for _, code := range []string{"XXX", "XTS", "XAU", "XDR"} {
		file := "testdata/trust/accounts-" + code + ".csv"
		cases = append(cases, cliCase{name: code, args: []string{"credits", "testdata/e2e/clean.csv", "--accounts", file, asOfFixed}, code: 2,
			emptyOut: true,
			errExact: exactly("slaaudit: " + file + `:2: currency: "` + code + `" has no minor unit in ISO 4217 (a metal, a test or "no currency" code): not money a fee can be paid in` + "\n")})
	}
	runCases(t, cases)
}

// Usage errors speak plain words, end with the command's usage line, and
// suggest the plan, preset, zone or command meant.
func TestUsageErrorsInPlainWords(t *testing.T) {
	const clean = "testdata/e2e/clean.csv"
	checkUsage := "Usage: slaaudit check FILE... [flags]\nRun 'slaaudit check --help' for every flag, and examples.\n"
	runCases(t, []cliCase{
		{name: "no-file", args: []string{"check"}, code: 2, emptyOut: true,
			errExact: exactly("slaaudit: check needs at least one FILE to audit (- reads stdin); got none\n" + checkUsage)},
		{name: "explain-no-id", args: []string{"explain", clean}, code: 2, emptyOut: true,
			errExact: exactly("slaaudit: explain needs at least one FILE and then the TICKET_ID to explain; got 1 argument\nUsage: slaaudit explain FILE... TICKET_ID [flags]\nRun 'slaaudit explain --help' for every flag, and examples.\n")},
		{name: "extra-argument", args: []string{"plans", "extra"}, code: 2, emptyOut: true,
			errHas: []string{`slaaudit: plans takes no arguments; got 1 argument: "extra"`, "Usage: slaaudit plans [flags]"}},
		{name: "unknown-command", args: []string{"chek", clean}, code: 2, emptyOut: true,
			errExact:  exactly("slaaudit: unknown command \"chek\"; did you mean check?\nUsage: slaaudit COMMAND [flags]\nRun 'slaaudit --help' for every flag, and examples.\n"),
			errHasNot: []string{"\t", "Did you mean this"}},
		{name: "default-plan-typo", args: []string{"check", clean, "--default-plan", "premum"}, code: 2, emptyOut: true,
			errExact: exactly("slaaudit: --default-plan: unknown plan \"premum\" (did you mean premium?) (plans: limited, standard, premium, 24x7)\n" + checkUsage)},
		{name: "preset-typo", args: []string{"check", clean, "--preset", "zendsk"}, code: 2, emptyOut: true,
			errHas: []string{`--preset: "zendsk": unknown preset (want freshdesk, helpscout, intercom, jira, zammad, zendesk) (did you mean zendesk?)`}},
		{name: "zone-abbreviation", args: []string{"check", clean, "--input-tz", "PST"}, code: 2, emptyOut: true,
			errExact: exactly("slaaudit: --input-tz: unknown time zone \"PST\" (did you mean America/Los_Angeles, the civil time with its daylight saving, or Etc/GMT+8, the fixed offset? slaaudit takes IANA zone names)\n" + checkUsage)},
		{name: "zone-case", args: []string{"check", clean, "--input-tz", "america/los_angeles"}, code: 2, emptyOut: true,
			errHas: []string{`unknown time zone "america/los_angeles" (did you mean America/Los_Angeles? zone names are case-sensitive)`}},
		{name: "zone-typo", args: []string{"check", clean, "--input-tz", "Europe/Pari"}, code: 2, emptyOut: true,
			errHas: []string{`unknown time zone "Europe/Pari" (did you mean Europe/Paris?)`}},
		{name: "flag-typo", args: []string{"check", clean, "--ouput", "json"}, code: 2, emptyOut: true,
			errExact: exactly("slaaudit: unknown flag --ouput (did you mean --output?)\n" + checkUsage)},
		{name: "flag-without-value", args: []string{"check", clean, "-o"}, code: 2, emptyOut: true,
			errHas: []string{"slaaudit: --output needs a value: report format: table, markdown, json, csv, junit, github or html\n"}},
		{name: "flag-not-a-number", args: []string{"check", clean, "--annotations", "x"}, code: 2, emptyOut: true,
			errHas: []string{`slaaudit: --annotations: "x" is not a whole number` + "\n"}, errHasNot: []string{"strconv", "ParseInt"}},
	})
}

// Completion offers the values of every flag with a closed set.
func TestCompletionValues(t *testing.T) {
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"check", "x.csv", "-o", ""}, []string{"csv", "github", "html", "json", "junit", "markdown", "table"}},
		{[]string{"credits", "x.csv", "-o", ""}, []string{"csv", "html", "json", "markdown", "table", "xlsx"}},
		{[]string{"explain", "x.csv", "-o", ""}, []string{"json", "text"}},
		{[]string{"plans", "-o", ""}, []string{"json", "table", "yaml"}},
		{[]string{"check", "x.csv", "--fail-on", ""}, []string{"breach", "none", "severe"}},
		{[]string{"check", "x.csv", "--preset", ""}, []string{"freshdesk", "helpscout", "intercom", "jira", "zammad", "zendesk"}},
		{[]string{"credits", "x.csv", "--shape", ""}, []string{"history", "rows"}},
		{[]string{"explain", "x.csv", "--default-plan", ""}, []string{"24x7", "limited", "premium", "standard"}},
		{[]string{"sample", "--format", ""}, []string{"csv", "json", "ndjson"}},
		{[]string{"sample", "--shape", ""}, []string{"history", "rows"}},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errOut, code := runCLI(t, nil, append([]string{"__complete"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d, stderr %s", code, errOut)
			}
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				if !strings.HasPrefix(l, ":") {
					got = append(got, strings.SplitN(l, "\t", 2)[0])
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("completions %q, want %q", got, tc.want)
			}
			if !strings.Contains(out, ":4\n") { // ShellCompDirectiveNoFileComp
				t.Errorf("completion does not turn off file names:\n%s", out)
			}
		})
	}
}

// Man pages have EXIT STATUS and ENVIRONMENT sections.
func TestManPagesHaveExitStatusAndEnvironment(t *testing.T) {
	dir := t.TempDir()
	if _, errOut, code := runCLI(t, []string{"SOURCE_DATE_EPOCH=1793577600"}, "man", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for page, wants := range map[string][]string{
		"slaaudit-check.1":   {".SH EXIT STATUS\n.TP\n\\fB0\\fP\n", "\\fB129, 130, 143\\fP\nStopped by SIGHUP", "\\fB1\\fP\nThe audit ran and found at least one breach", "\\-\\-allow\\-empty", ".SH ENVIRONMENT\n", "\\fBNO_COLOR\\fP", "\\fBTERM\\fP\nWhen \"dumb\""},
		"slaaudit-credits.1": {".SH EXIT STATUS\n", "\\fB0\\fP\nThe report was written", ".SH ENVIRONMENT\n"},
		"slaaudit-explain.1": {".SH EXIT STATUS\n", "its row was rejected", ".SH ENVIRONMENT\n"},
		"slaaudit-man.1":     {".SH EXIT STATUS\n", "\\fBSOURCE_DATE_EPOCH\\fP"},
		"slaaudit.1":         {".SH EXIT STATUS\n", ".SH ENVIRONMENT\n"},
	} {
		b, err := os.ReadFile(dir + "/" + page)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range wants {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %q", page, w)
			}
		}
		if i, j := strings.Index(string(b), ".SH EXIT STATUS"), strings.Index(string(b), ".SH SEE ALSO"); j >= 0 && i > j {
			t.Errorf("%s: EXIT STATUS after SEE ALSO", page)
		}
	}
}

// The XLSX workbook has the uncapped percent next to the percent.
func TestCreditsXLSXShowsTheCap(t *testing.T) {
	path := t.TempDir() + "/credits.xlsx"
	_, errOut, code := runCLI(t, nil, "credits", "testdata/export-2026-10.csv", "--accounts", "testdata/accounts/readme.csv",
		"--month", "2026-10", asOfFixed, "-o", "xlsx", "--out", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Credits")
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][6] != "percent" || rows[0][7] != "uncapped percent" {
		t.Fatalf("header %q", rows[0])
	}
	var found bool
	for _, r := range rows[1:] {
		if len(r) > 7 && r[0] == "umbrella" {
			found = true
			if r[6] != "50" || r[7] != "55" {
				t.Errorf("umbrella: percent %q, uncapped %q; want 50 and 55", r[6], r[7])
			}
		}
	}
	if !found {
		t.Errorf("no umbrella row in %q", rows)
	}
}
