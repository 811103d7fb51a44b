package cmd_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The printed built-in plans file, loaded back with --plans, audits the
// sample export identically (issue: custom plans, round trip).
func TestPlansYAMLRoundTripAuditsIdentically(t *testing.T) {
	yaml, errOut, code := runCLI(t, nil, "plans", "-o", "yaml")
	if code != 0 || errOut != "" {
		t.Fatalf("plans -o yaml: exit %d, stderr %q", code, errOut)
	}
	path := filepath.Join(t.TempDir(), "plans.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"check", "testdata/export-2026-10.csv", "--accounts", "testdata/accounts.csv",
		"--month", "2026-10", "--as-of", "2026-11-01T07:00:00Z", "-o", "json"}
	want, _, wantCode := runCLI(t, nil, args...)
	got, errOut, gotCode := runCLI(t, nil, append(args, "--plans", path)...)
	if errOut != "" || gotCode != wantCode {
		t.Fatalf("with --plans: exit %d (want %d), stderr %q", gotCode, wantCode, errOut)
	}
	if got != want {
		t.Errorf("the printed plans file audits differently from the built-in plans")
	}

	// A custom file printed with -o yaml (marshalled, not the embedded text)
	// round-trips too.
	custom := filepath.Join("testdata", "plans", "custom.yaml")
	printed, errOut, code := runCLI(t, nil, "plans", "--plans", custom, "-o", "yaml")
	if code != 0 || errOut != "" {
		t.Fatalf("plans --plans custom -o yaml: exit %d, stderr %q", code, errOut)
	}
	again := filepath.Join(t.TempDir(), "custom.yaml")
	if err := os.WriteFile(again, []byte(printed), 0o644); err != nil {
		t.Fatal(err)
	}
	a, _, _ := runCLI(t, nil, "plans", "--plans", custom, "-o", "json")
	b, _, _ := runCLI(t, nil, "plans", "--plans", again, "-o", "json")
	strip := func(s string) string { // the source names the file
		var keep []string
		for _, l := range strings.Split(s, "\n") {
			if !strings.Contains(l, `"source"`) {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	if strip(a) != strip(b) {
		t.Errorf("custom plans changed in the round trip:\n%s\n---\n%s", a, b)
	}
}

func TestInvalidPlansFileExits2WithFieldPath(t *testing.T) {
	_, errOut, code := runCLI(t, nil, "check", "testdata/export-2026-10.csv", "--plans", "testdata/plans/bad/duration-words.yaml")
	if code != 2 {
		t.Errorf("exit = %d, want 2", code)
	}
	want := `slaaudit: testdata/plans/bad/duration-words.yaml: plans[2].response.business: "1 hour" is not a duration (use 90m, 1h, 2d)` + "\n"
	if errOut != want {
		t.Errorf("stderr = %q, want %q", errOut, want)
	}
}

// The business clock, end to end, with the deadlines worked out by hand.
func TestBusinessClockDeadlines(t *testing.T) {
	out, errOut, code := runCLI(t, nil, "check", "testdata/e2e/business-clock.csv",
		"--plans", "testdata/plans/business-clock.yaml", "--as-of", "2027-02-01", "-o", "json")
	if code != 1 || errOut != "" {
		t.Fatalf("exit %d (want 1: ticket 502 is late), stderr %q", code, errOut)
	}
	for _, want := range []string{
		// 501: Fri 2026-10-02 18:00 PDT, 24h of business time: Fri 18-19 (1h),
		// Mon 07-19 (12h), Tue 07:00 + 11h = Tue 2026-10-06 18:00 PDT = 01:00Z Wed.
		`"id": "501"`, `"deadline": "2026-10-07T01:00:00Z"`,
		// 502: the same deadline, answered one second after it.
		`"late_seconds": 1`,
		// 503: Fri 2026-07-03 is the observed Independence Day: off hours,
		// counting starts Mon 07-06 07:00; Mon 12h + Tue 12h = Tue 19:00 PDT.
		`"class": "off_hours"`, `"deadline": "2026-07-08T02:00:00Z"`,
		// 504: Wed 2026-12-23 18:00 PST: 1h, then the shutdown (12-24..12-31),
		// New Year's Day, the weekend; Mon 01-04 12h, Tue 07:00 + 11h = 18:00 PST.
		`"deadline": "2027-01-06T02:00:00Z"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
}
