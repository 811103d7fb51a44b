package cmd_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestExplain runs `slaaudit explain` on the sample export of the README,
// audited like the monthly check, and compares stdout with the goldens in
// testdata/explain (go test ./cmd -update rewrites them).
func TestExplain(t *testing.T) {
	audit := []string{"testdata/export-2026-10.csv", "--as-of", "2026-11-01T07:00:00Z", "--month", "2026-10"}
	explain := func(id string, extra ...string) []string {
		return append(append(append([]string{"explain"}, audit...), id), extra...)
	}
	accounts := []string{"--accounts", "testdata/accounts.csv"}
	tests := []struct {
		name string
		args []string
		// wantErr is stderr, matched exactly; the golden is skipped when set.
		wantErr  string
		wantCode int
		// want are substrings the golden must hold, so that a rewritten
		// golden still says what the case is about.
		want []string
	}{
		{name: "met", args: explain("1001"), want: []string{"Ticket 1001: met", "met: answered 18h39m before the deadline."}},
		{name: "breached", args: explain("1064"), want: []string{"Ticket 1064: breached", "breached: answered 5m58s late. Not severe"}},
		{name: "severe", args: explain("1020"), want: []string{"Ticket 1020: severe breach", "Severe: 1h45m late is at least the 1h window"}},
		{name: "excluded", args: explain("1126"), want: []string{"Ticket 1126: excluded", `does not cover channel "phone"`}},
		{name: "pending", args: explain("1294"), want: []string{"Ticket 1294: pending", "outside Standard business hours", "23h35m is left"}},
		{name: "duplicate", args: explain("1281"), want: []string{"Ticket 1281: severe breach", `Also:     another row with this id was rejected: testdata/export-2026-10.csv:285: id: duplicate ticket id "1281"`}},
		{name: "accounts-breach", args: explain("1064", accounts...), want: []string{
			`from the accounts file: row testdata/accounts.csv:2 for customer "acme"`,
			"this breach counts as ordinary: +5% (per_breach).",
			"the credit row acme 2026-10 (accounts row testdata/accounts.csv:2, premium) has"}},
		{name: "met-json", args: explain("1001", "-o", "json"), want: []string{`"status": "met"`, `"margin_seconds": 67192`}},
		{name: "breached-json", args: explain("1064", "-o", "json"), want: []string{`"late_seconds": 358`}},
		{name: "severe-json", args: explain("1020", "-o", "json"), want: []string{`"severe": true`}},
		{name: "excluded-json", args: explain("1126", "-o", "json"), want: []string{`"business_hours": null`}},
		{name: "pending-json", args: explain("1294", "-o", "json"), want: []string{`"status": "pending"`, `"event": "as_of"`}},
		{name: "accounts-breach-json", args: explain("1064", append(accounts, "-o", "json")...), want: []string{`"counts_as": "ordinary"`, `"source": "accounts"`}},
		// A history: the trail lists the events used and skipped.
		{name: "history", args: []string{"explain", "testdata/history-2026-10.csv", "--as-of", "2026-11-01T07:00:00Z", "--month", "2026-10", "1007"},
			want: []string{"Ticket 1007: ", "\nTrail\n", "skipped"}},
		{name: "history-json", args: []string{"explain", "testdata/history-2026-10.csv", "--as-of", "2026-11-01T07:00:00Z", "--month", "2026-10", "1007", "-o", "json"},
			want: []string{`"trail": [`}},

		{name: "unknown-id", args: explain("4711"), wantCode: 2,
			wantErr: "slaaudit: ticket \"4711\" not found among 306 tickets read (6 rows rejected)\n"},
		{name: "rejected-id", args: explain("1249"), wantCode: 2,
			wantErr: "slaaudit: ticket \"1249\" was rejected: testdata/export-2026-10.csv:252: plan: unknown plan \"Gold\"\n"},
		{name: "outside-period", args: explain("1296"), wantCode: 2,
			wantErr: "slaaudit: ticket \"1296\" (testdata/export-2026-10.csv:300) was submitted Sun 2026-11-01 19:57:38 PST, outside the period 2026-10-01 → 2026-11-01 (America/Los_Angeles); drop --month, --from and --to to explain it\n"},
		{name: "no-id", args: []string{"explain", "testdata/export-2026-10.csv"}, wantCode: 2,
			wantErr: "slaaudit: explain needs at least one FILE and then the TICKET_ID to explain; got 1 argument\nUsage: slaaudit explain FILE... TICKET_ID [flags]\nRun 'slaaudit explain --help' for every flag, and examples.\n"},
		{name: "bad-format", args: explain("1001", "-o", "table"), wantCode: 2,
			wantErr: "slaaudit: -o: unknown format \"table\" (text or json)\nUsage: slaaudit explain FILE... TICKET_ID [flags]\nRun 'slaaudit explain --help' for every flag, and examples.\n"},
		{name: "strict", args: explain("1001", "--strict"), wantCode: 2,
			wantErr: "slaaudit: 6 row(s) rejected (--strict)\n", want: []string{"Ticket 1001: met"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, nil, tc.args...)
			if code != tc.wantCode {
				t.Errorf("exit status = %d, want %d\nstderr: %s", code, tc.wantCode, errOut)
			}
			if errOut != tc.wantErr {
				t.Errorf("stderr = %q, want %q", errOut, tc.wantErr)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			if tc.wantErr != "" && len(tc.want) == 0 {
				if out != "" {
					t.Errorf("stdout = %q, want nothing", out)
				}
				return
			}
			if strings.HasSuffix(tc.name, "-json") {
				var v map[string]any
				if err := json.Unmarshal([]byte(out), &v); err != nil {
					t.Errorf("stdout is not JSON: %v", err)
				}
			}
			if tc.name == "strict" {
				return // the same output as "met"
			}
			golden(t, filepath.Join("explain", tc.name+".golden"), out)
		})
	}
}

// TestExplainTicketMatchesCheck checks that explain's ticket object is the
// one check's JSON holds for the same id, flags and --as-of.
func TestExplainTicketMatchesCheck(t *testing.T) {
	common := []string{"testdata/export-2026-10.csv", "--as-of", "2026-11-01T07:00:00Z", "--month", "2026-10", "--accounts", "testdata/accounts.csv", "-o", "json"}
	out, _, _ := runCLI(t, nil, append([]string{"check"}, common...)...)
	var check struct {
		Tickets []json.RawMessage `json:"tickets"`
	}
	if err := json.Unmarshal([]byte(out), &check); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, raw := range check.Tickets {
		var id struct{ ID string }
		json.Unmarshal(raw, &id)
		want[id.ID] = compact(t, raw)
	}
	for _, id := range []string{"1001", "1020", "1064", "1126", "1212", "1294"} {
		out, errOut, code := runCLI(t, nil, append(append([]string{"explain"}, common...), id)...)
		if code != 0 {
			t.Fatalf("explain %s: exit %d, stderr %s", id, code, errOut)
		}
		var got struct {
			Ticket json.RawMessage `json:"ticket"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if g := compact(t, got.Ticket); g != want[id] {
			t.Errorf("explain %s ticket = %s, want check's %s", id, g, want[id])
		}
	}
}

func compact(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
