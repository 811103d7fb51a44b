package cmd_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRealExportsRefuseLoudly runs the built binary on the shapes of real
// exports that issue 12 found reaching slaaudit through silent failure
// paths: each is now either read correctly or a file error (exit 2) whose
// message says what to do.
func TestRealExportsRefuseLoudly(t *testing.T) {
	const asOf = "--as-of=2026-11-01"
	tests := []struct {
		name     string
		args     []string
		wantCode int
		// wantErr are substrings of stderr; wantOut of stdout.
		wantErr []string
		wantOut []string
	}{{
		// Was: every ticket an unanswered severe breach, no warning.
		name:     "unrecognised First Reply column",
		args:     []string{"check", "testdata/exports/first-reply.csv", asOf},
		wantCode: 2,
		wantErr: []string{`slaaudit: testdata/exports/first-reply.csv:1: no first_response_at or first_response_minutes column (looked for "first_response_at", "first_reply_at"`,
			`the header has "Id", "Subject", "Organization", "Plan", "Priority", "Via", "Created at", "First Reply")`,
			"; pass --map first_response_at=HEADER"},
	}, {
		name:     "First Reply mapped",
		args:     []string{"check", "testdata/exports/first-reply.csv", asOf, "--map", "first_response_at=First Reply"},
		wantCode: 0,
		wantOut:  []string{`first_response_at ← "First Reply"`, "rows 1"},
	}, {
		name:     "Freshdesk export without SLA columns",
		args:     []string{"check", "testdata/exports/freshdesk-no-sla.csv", "--preset", "freshdesk", "--default-plan", "premium", "--input-tz", "Europe/Berlin", asOf},
		wantCode: 2,
		wantErr:  []string{"freshdesk-no-sla.csv:1: no first_response_at or first_response_minutes column", `"Initial response time"`},
	}, {
		name:     "ServiceNow incident export",
		args:     []string{"check", "testdata/exports/servicenow-incident.csv", "--default-plan", "premium", "--input-tz", "UTC", asOf},
		wantCode: 2,
		wantErr:  []string{"servicenow-incident.csv:1: no id column", `the header has "Number", "Opened"`, "pass --map id=HEADER"},
	}, {
		// Neither metric_set nor comments: nothing gives a response.
		name:     "Zendesk JSON without metric_set or comments",
		args:     []string{"check", "testdata/exports/zendesk-admin-no-metric-set.json", "--preset", "zendesk", "--default-plan", "premium", asOf},
		wantCode: 2,
		wantErr:  []string{"zendesk-admin-no-metric-set.json: no record has a key for first_response_at or first_response_minutes"},
	}, {
		name:     "no plan source",
		args:     []string{"check", "testdata/exports/servicenow-incident.csv", "--map", "id=Number", "--map", "submitted_at=Opened", "--map", "first_response_at=Updated", "--input-tz", "UTC", asOf},
		wantCode: 2,
		wantErr:  []string{`no plan column (looked for "plan", "tier", "support_plan"`, "pass --map plan=HEADER, --default-plan PLAN or --accounts FILE"},
	}, {
		// Was: "no id column" although the header has "Ticket ID".
		name:     "semicolon Excel CSV",
		args:     []string{"check", "testdata/exports/excel-semicolon.csv", asOf, "--fail-on", "none"},
		wantCode: 0,
		wantOut:  []string{`Read:       csv, delimiter ";"`, `id ← "Ticket ID"`, "rows 2"},
	}, {
		// Was: every credit silently zero.
		name:     "accounts with Term for term_contract",
		args:     []string{"credits", "testdata/export-2026-10.csv", "--accounts", "testdata/exports/accounts-term.csv", asOf},
		wantCode: 2,
		wantErr:  []string{`slaaudit: testdata/exports/accounts-term.csv:1: no term_contract column (looked for "term_contract"; the header has "customer", "plan", "Term", "monthly_fee", "currency")`},
	}, {
		// Was: silently ignored.
		name:     "JSON --map to a key no record has",
		args:     []string{"check", "testdata/exports/map-missing-path.json", asOf, "--map", "first_response_at=answered_at"},
		wantCode: 2,
		wantErr:  []string{`map-missing-path.json: --map first_response_at=answered_at: no record has the key "answered_at"; check the key's spelling`},
	}, {
		// Was: silently ignored for histories, JSON and CSV alike.
		name:     "history JSON --map to a key no event has",
		args:     []string{"check", "testdata/exports/history-wrapped.json", asOf, "--map", "customer=Org"},
		wantCode: 2,
		wantErr:  []string{`slaaudit: testdata/exports/history-wrapped.json: --map customer=Org: no record has the key "Org"; check the key's spelling`},
	}, {
		name:     "history CSV --map to a header it does not have",
		args:     []string{"check", "testdata/history-2026-10.csv", asOf, "--map", "customer=Org"},
		wantCode: 2,
		wantErr:  []string{`slaaudit: testdata/history-2026-10.csv:1: --map customer=Org: no column "Org" in the header`},
	}, {
		// Was: every row rejected for want of --input-tz, although the
		// CSV states its zone on its last line (SPEC §9).
		name:     "Zammad CSV states its zone after the table",
		args:     []string{"check", "testdata/presets/zammad/export.csv", "--preset", "zammad", asOf, "--fail-on", "none"},
		wantCode: 0,
		wantOut:  []string{`preset zammad, zone Europe/Berlin (the file's Timezone: line)`, "rejected 0"},
	}, {
		name:     "Zammad CSV: --input-tz wins over the stated zone, with a warning",
		args:     []string{"check", "testdata/presets/zammad/export.csv", "--preset", "zammad", "--input-tz", "America/New_York", asOf, "--fail-on", "none"},
		wantCode: 0,
		wantErr:  []string{"slaaudit: warning: testdata/presets/zammad/export.csv: zone: the file's Timezone: line states Europe/Berlin, but the times are read in America/New_York, the zone given"},
		wantOut:  []string{"rejected 0"},
	}, {
		name:     "Zammad xlsx: --input-tz wins over the stated zone, with a warning",
		args:     []string{"check", "testdata/presets/zammad/export.xlsx", "--preset", "zammad", "--input-tz", "America/New_York", asOf, "--fail-on", "none"},
		wantCode: 0,
		wantErr:  []string{"zone: the file's Timezone: line states Europe/Berlin, but the times are read in America/New_York, the zone given"},
	}, {
		// Date-typed cells (a serial with a date number format, as Excel
		// writes dates) are wall-clock times in the zone given: 18:15:30
		// in Berlin (CEST) is 16:15:30Z, seconds the cell's format hides
		// included; a number without a date format is not a time.
		name:     "XLSX date cells with a zone",
		args:     []string{"check", "testdata/exports/date-cells.xlsx", "--input-tz", "Europe/Berlin", asOf, "-o", "json"},
		wantCode: 1,
		wantOut:  []string{`"audited": 3`, `"rejected": 2`, `"submitted_at": "2026-10-02T16:15:30Z"`, `"submitted_at": "2026-10-05T07:00:00Z"`, `"error": "\"46297.5\" is not a time`},
	}, {
		name:     "XLSX date cells without a zone",
		args:     []string{"check", "testdata/exports/date-cells.xlsx", asOf, "-o", "json", "--allow-empty"},
		wantCode: 0,
		wantOut:  []string{`"audited": 0`, `"error": "\"2026-10-02 18:15:30\" has no time zone; pass --input-tz`},
	}, {
		// Was: read as ticket rows, each event a row without submitted_at.
		name:     "history wrapped in tickets",
		args:     []string{"check", "testdata/exports/history-wrapped.json", asOf, "-o", "json"},
		wantCode: 0,
		wantOut:  []string{`"shape": "history"`, `"rows": 1`, `"events": 2`},
	}, {
		// SPEC §9: excluded tickets are summarised by channel value, so
		// that a user can map them in a preset file.
		name:     "unknown channel values summarised",
		args:     []string{"check", "testdata/presets/zendesk/export.csv", "--preset", "zendesk", "--input-tz", "America/Los_Angeles", "--accounts", "testdata/presets/accounts.csv", "--month", "2026-10", asOf, "--fail-on", "none"},
		wantCode: 0,
		wantOut:  []string{`excluded 2: channel "Closed ticket" ×1, "phone" ×1`},
	}, {
		// SPEC §9 "Times as numbers": without a layout a number is a
		// rejected row saying so.
		name:     "UNIX times without a layout",
		args:     []string{"check", "testdata/exports/unix-times.json", asOf, "-o", "json"},
		wantCode: 0,
		wantOut:  []string{`"audited": 1`, `"rejected": 2`, "1791775800 is a number, not a time (numbers are read as times only with the unix or unix_ms time layout)"},
	}, {
		name:     "UNIX times with --time-layout unix",
		args:     []string{"check", "testdata/exports/unix-times.json", asOf, "-o", "json", "--time-layout", "unix"},
		wantCode: 0,
		// c1: 03:30Z Sun 20:30 PDT, premium business 1h; reply 04:30Z → met.
		// c2 is in milliseconds: the year 58 000-odd is refused. c3's RFC
		// 3339 strings read as without the layout.
		wantOut: []string{`"audited": 2`, `"rejected": 1`, `"submitted_at": "2026-10-12T03:30:00Z"`, `"status": "met"`, "is outside the years 1900–2199"},
	}, {
		// A user's own preset, in the schema of the built-in ones (README).
		name:     "preset file",
		args:     []string{"check", "testdata/exports/mydesk.csv", "--preset-file", "testdata/exports/mydesk.yaml", "--input-tz", "Europe/Berlin", "--default-plan", "premium", asOf},
		wantCode: 0,
		wantOut:  []string{`Read:       csv, delimiter ";", preset mydesk`, `customer ← "Account"`, `excluded 1: channel "Fax" ×1`, "rows 2 = audited 1 + excluded 1"},
	}, {
		name:     "presets",
		args:     []string{"presets"},
		wantCode: 0,
		wantOut:  []string{"zendesk    Zendesk                  CSV, JSON", "intercom   Intercom                 JSON"},
	}, {
		name:     "presets show",
		args:     []string{"presets", "show", "helpscout"},
		wantCode: 0,
		wantOut:  []string{"name: helpscout", "    channel: type"},
	}, {
		name:     "a bad preset file",
		args:     []string{"check", "testdata/exports/mydesk.csv", "--preset-file", "testdata/exports/mydesk.csv", asOf},
		wantCode: 2,
		wantErr:  []string{"slaaudit: testdata/exports/mydesk.csv: yaml:"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, nil, tc.args...)
			if code != tc.wantCode {
				t.Errorf("exit status = %d, want %d\nstderr: %s", code, tc.wantCode, errOut)
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q\nlacks %q", errOut, w)
				}
			}
			if tc.wantCode == 2 && (strings.Count(errOut, "\n") != 1 || out != "") {
				t.Errorf("a file error is one line on stderr and nothing on stdout; got stderr %q, stdout %.200q", errOut, out)
			}
			for _, w := range tc.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

// Issue 13's input messages: each says what is wrong once, in words.
func TestInputMessagesSayItOnce(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"empty .gz", []string{write("empty.csv.gz", nil)}, "empty.csv.gz: gzip: the file is empty\n"},
		{"not gzip", []string{write("plain.csv.gz", []byte("id,submitted_at\n"))}, "plain.csv.gz: gzip: not a gzip file (it does not start with the gzip magic bytes)\n"},
		{"cut short", []string{write("short.csv.gz", []byte{0x1f, 0x8b, 8})}, "short.csv.gz: gzip: the file is cut short\n"},
		{"UTF-32 is not UTF-16", []string{write("u32.csv", []byte("\xff\xfe\x00\x00i\x00\x00\x00d\x00\x00\x00"))}, "u32.csv: the file is UTF-32; convert it to UTF-8 (for example: iconv -f UTF-32 -t UTF-8)\n"},
		{"a directory is named once", []string{dir}, dir + ": is a directory\n"},
		{"a quote is a character", []string{write("x.csv", nil), "--delimiter", `"`}, `--delimiter: "\"": cannot separate CSV fields (it is a quote or a line end)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, nil, append([]string{"check", "--as-of", "2026-11-01"}, tc.args...)...)
			if code != 2 || !strings.HasPrefix(errOut, "slaaudit: ") || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tc.want)
			}
		})
	}
}

// SPEC §12: the missing-column error lists the headers the file has; a
// control character in one never reaches stderr raw.
func TestMissingColumnErrorEscapesHeaders(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.csv")
	data := "Ticket\x1b]52;c;aGk=\x07,plan,submitted_at,first_response_at\n1,premium,2026-10-02T17:30:00Z,\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runCLI(t, nil, "check", p, "--as-of", "2026-11-01")
	if code != 2 || !strings.Contains(errOut, "no id column") || strings.ContainsAny(errOut, "\x1b\x07") {
		t.Errorf("exit %d, stderr %q: want the error without raw control characters", code, errOut)
	}
}

// A pipe or a .gz cannot be read from its end before its rows: the zone
// line of a Zammad CSV is then not read, and its rows are rejected with a
// hint that says so and which flag to pass (SPEC §9).
func TestZammadCSVFromAStreamNeedsAZone(t *testing.T) {
	data, err := os.ReadFile("../testdata/presets/zammad/export.csv")
	if err != nil {
		t.Fatal(err)
	}
	gz := filepath.Join(t.TempDir(), "export.csv.gz")
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	if err := os.WriteFile(gz, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// As JSON writes it.
	const hint = `pass --input-tz (for example --input-tz America/Los_Angeles) (Zammad's ticket export writes times in the zone named on its last line, \"Timezone: …\"; that line is read from an uncompressed file, not from a pipe or a .gz)`
	for _, stdin := range []bool{true, false} {
		args := []string{"check", gz, "--preset", "zammad", "--as-of=2026-11-01", "-o", "json", "--allow-empty"}
		c := exec.Command(binary, args...)
		if stdin {
			args[1] = "-"
			c = exec.Command(binary, args...)
			c.Stdin = bytes.NewReader(data) // a pipe
		}
		var out, errOut bytes.Buffer
		c.Stdout, c.Stderr = &out, &errOut
		// Every row rejected: an empty audit, accepted to see the rows.
		if err := c.Run(); err != nil {
			t.Fatalf("stdin=%v: %v, want exit 0; stderr %s", stdin, err, errOut.String())
		}
		if !strings.Contains(out.String(), `"rejected": 14`) || !strings.Contains(out.String(), hint) {
			t.Errorf("stdin=%v: want 14 rejected rows with the hint %q; got\n%s", stdin, hint, out.String())
		}
	}
}
