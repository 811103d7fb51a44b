package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestAuditFlagsResolve(t *testing.T) {
	la, _ := time.LoadLocation("America/Los_Angeles")
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		flags    auditFlags
		wantErr  string
		wantFrom time.Time
		wantTo   time.Time
		wantAsOf time.Time
	}{
		{name: "defaults: open period, as-of now", wantAsOf: now},
		{name: "month in the report zone", flags: auditFlags{month: "2026-10"},
			wantFrom: time.Date(2026, 10, 1, 0, 0, 0, 0, la), wantTo: time.Date(2026, 11, 1, 0, 0, 0, 0, la), wantAsOf: now},
		{name: "from only leaves to open", flags: auditFlags{from: "2026-10-15"},
			wantFrom: time.Date(2026, 10, 15, 0, 0, 0, 0, la), wantAsOf: now},
		{name: "instants accepted", flags: auditFlags{from: "2026-10-01T00:00:00Z", to: "2026-10-02T00:00:00Z", asOf: "2026-11-01T07:00:00Z"},
			wantFrom: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), wantTo: time.Date(2026, 10, 2, 0, 0, 0, 0, time.UTC),
			wantAsOf: time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC)},
		{name: "as-of date is local midnight", flags: auditFlags{asOf: "2026-11-01"}, wantAsOf: time.Date(2026, 11, 1, 0, 0, 0, 0, la)},
		{name: "month with from", flags: auditFlags{month: "2026-10", from: "2026-10-01"}, wantErr: "--month cannot be combined with --from or --to"},
		{name: "bad month", flags: auditFlags{month: "2026-13"}, wantErr: `--month: "2026-13" is not a month like 2026-10`},
		{name: "empty period", flags: auditFlags{from: "2026-10-02", to: "2026-10-01"}, wantErr: "the period is empty: --to is not after --from"},
		{name: "as-of beyond the years", flags: auditFlags{asOf: "9999-01-01"}, wantErr: `--as-of: "9999-01-01" is outside the years 1900–2199`},
		{name: "month 0000-01 refused", flags: auditFlags{month: "0000-01"}, wantErr: `--month: "0000-01" is outside the years 1900–2199`},
		{name: "month 9999-12 refused", flags: auditFlags{month: "9999-12"}, wantErr: `--month: "9999-12" is outside the years 1900–2199`},
		{name: "from before 1900 refused", flags: auditFlags{from: "1899-12-31"}, wantErr: `--from: "1899-12-31" is outside the years 1900–2199`},
		{name: "to after 2199 refused", flags: auditFlags{to: "2200-01-02T00:00:00Z"}, wantErr: `--to: "2200-01-02T00:00:00Z" is outside the years 1900–2199`},
		{name: "month 2199-12 accepted", flags: auditFlags{month: "2199-12"},
			wantFrom: time.Date(2199, 12, 1, 0, 0, 0, 0, la), wantTo: time.Date(2200, 1, 1, 0, 0, 0, 0, la), wantAsOf: now},
		{name: "bad as-of", flags: auditFlags{asOf: "yesterday"}, wantErr: `--as-of: "yesterday" is not a date (2006-01-02) or an RFC 3339 instant`},
		{name: "unknown default plan", flags: auditFlags{defaultPlan: "gold"}, wantErr: `--default-plan: unknown plan "gold" (plans: limited, standard, premium, 24x7)`},
		{name: "misspelt default plan", flags: auditFlags{defaultPlan: "premum"}, wantErr: `--default-plan: unknown plan "premum" (did you mean premium?) (plans: limited, standard, premium, 24x7)`},
		{name: "unknown zone", flags: auditFlags{inputTZ: "Mars/Olympus"}, wantErr: `--input-tz: unknown time zone "Mars/Olympus"`},
		{name: "bad delimiter", flags: auditFlags{delimiter: ";;"}, wantErr: `--delimiter: ";;" is not a single character`},
		{name: "bad map", flags: auditFlags{maps: []string{"id"}}, wantErr: `--map id: want field=Header`},
		{name: "missing plans file", flags: auditFlags{plansFile: "no/such.yaml"}, wantErr: "read plans: open no/such.yaml: no such file or directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.flags
			if f.delimiter == "" {
				f.delimiter = ","
			}
			s, err := f.resolve([]string{"x.csv"}, now)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !s.audit.From.Equal(tc.wantFrom) || !s.audit.To.Equal(tc.wantTo) {
				t.Errorf("period = [%v, %v), want [%v, %v)", s.audit.From, s.audit.To, tc.wantFrom, tc.wantTo)
			}
			if !s.audit.AsOf.Equal(tc.wantAsOf) {
				t.Errorf("as-of = %v, want %v", s.audit.AsOf, tc.wantAsOf)
			}
		})
	}
}

func TestDelimiterTab(t *testing.T) {
	for _, in := range []string{`\t`, "tab", "\t"} {
		if r, err := parseDelimiter(in); err != nil || r != '\t' {
			t.Errorf("parseDelimiter(%q) = %q, %v; want tab", in, r, err)
		}
	}
}

// testIO returns an IO over buffers, as on a terminal when tty is set.
func testIO(tty bool) (*IO, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, IsTTY: tty}, &out, &errOut
}

func TestRunStdinAndExitStatus(t *testing.T) {
	ios, out, errOut := testIO(false)
	ios.In = strings.NewReader("id,customer,plan,submitted_at,first_response_at\n1,a,premium,2026-10-05T09:00:00-07:00,2026-10-05T11:00:00-07:00\n")
	code := Run([]string{"check", "-", "--as-of", "2026-11-01", "-o", "json"}, ios)
	if code != statusBreach {
		t.Fatalf("exit = %d, want 1; stderr %s", code, errOut)
	}
	if !strings.Contains(out.String(), `"source": "-:2"`) && !strings.Contains(out.String(), `"source": "stdin:2"`) {
		t.Errorf("stdin source not named in output:\n%s", out)
	}
}

func TestOutputFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "report.json")
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("id,submitted_at\n1,\"2026-10-01T00:00:00Z\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ios, _, errOut := testIO(false)
	if code := Run([]string{"check", bad, "--output-file", target, "-o", "json"}, ios); code != statusError {
		t.Fatalf("exit = %d, want 2; stderr %s", code, errOut)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("a failed audit must leave no report and no temporary file, found %v", names)
	}

	good := filepath.Join(dir, "good.csv")
	if err := os.WriteFile(good, []byte("id,plan,submitted_at,first_response_at\n1,premium,2026-10-01T00:00:00Z,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ios, out, errOut := testIO(false)
	if code := Run([]string{"check", good, "--output-file", target, "-o", "json", "--as-of", "2026-09-01"}, ios); code != statusOK {
		t.Fatalf("exit = %d, want 0; stderr %s", code, errOut)
	}
	if out.Len() != 0 {
		t.Errorf("--output-file must leave stdout empty, got %q", out)
	}
	if b, err := os.ReadFile(target); err != nil || !strings.Contains(string(b), `"schema_version": 1`) {
		t.Errorf("report not written: %v %q", err, b)
	}

	ios, _, errOut = testIO(false)
	if code := Run([]string{"check", good, "--output-file", good}, ios); code != statusError ||
		!strings.Contains(errOut.String(), "never writes over its inputs") {
		t.Errorf("writing over an input must be refused; exit %d, stderr %s", code, errOut)
	}
}

func TestColourOnlyOnTTYWithoutNoColor(t *testing.T) {
	for _, tc := range []struct {
		tty, noColorEnv bool
		flag            string
		want            bool
	}{
		{tty: true, want: true},
		{tty: false, want: false},
		{tty: true, noColorEnv: true, want: false},
		{tty: true, flag: "--no-color", want: false},
	} {
		ios, out, _ := testIO(tc.tty)
		ios.NoColor = tc.noColorEnv
		args := []string{"check", "../testdata/e2e/breaches.csv", "--as-of", "2026-11-01"}
		if tc.flag != "" {
			args = append(args, tc.flag)
		}
		Run(args, ios)
		if got := strings.Contains(out.String(), "\x1b["); got != tc.want {
			t.Errorf("tty=%v NO_COLOR=%v %s: colour = %v, want %v", tc.tty, tc.noColorEnv, tc.flag, got, tc.want)
		}
	}
}
