package cmd_test

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// presetRun is one preset fixture of testdata/presets (one per real file
// shape, with the evidence for each column in its README) audited end to
// end with the parameters of that README: --month 2026-10, as of
// 2026-11-01T07:00:00Z, testdata/presets/accounts.csv.
type presetRun struct {
	preset, file string
	extra        []string
	wantCode     int
	// checks are the README's hand-checked tickets (instant, window,
	// verdict), asserted on the JSON report.
	checks []ticketCheck
}

type ticketCheck struct {
	id, submitted, deadline, status string
	late                            int64
	severe                          bool
}

func TestPresetFixtures(t *testing.T) {
	runs := []presetRun{{
		preset: "zendesk", file: "zendesk/export.csv", extra: []string{"--input-tz", "America/Los_Angeles"}, wantCode: 1,
		checks: []ticketCheck{
			// Created at 2026-10-11 20:30 PDT = 03:30Z, Via "Native Messaging"
			// → chat (premium covers it), business 1h → deadline 04:30Z; first
			// reply 60 min → 04:30Z = the deadline → met (SPEC §3.5).
			{id: "5009", submitted: "2026-10-12T03:30:00Z", deadline: "2026-10-12T04:30:00Z", status: "met"},
			// 2026-10-30 23:50 PDT = 06:50Z, Via "Voicemail" → phone, 24x7 1h →
			// 07:50Z; no reply; as of 2026-11-01T07:00Z late 23h10m ≥ 1h → severe.
			{id: "5012", submitted: "2026-10-31T06:50:00Z", deadline: "2026-10-31T07:50:00Z", status: "breached", late: 83400, severe: true},
			// Via "Closed ticket" is no channel a plan knows → excluded.
			{id: "5010", status: "excluded"},
		},
	}, {
		preset: "zendesk", file: "zendesk/tickets-api.json", wantCode: 1,
		checks: []ticketCheck{
			// created_at 05:40Z = Sat 22:40 PDT, off premium hours → 6h →
			// 11:40Z; reply_time_in_minutes.calendar 455 → 13:15Z → late 1h35m.
			{id: "5002", submitted: "2026-10-04T05:40:00Z", deadline: "2026-10-04T11:40:00Z", status: "breached", late: 5700},
			{id: "5010", status: "excluded"},
		},
	}, {
		preset: "zendesk", file: "zendesk/incremental.json", wantCode: 1,
		checks: []ticketCheck{
			{id: "5002", submitted: "2026-10-04T05:40:00Z", deadline: "2026-10-04T11:40:00Z", status: "breached", late: 5700},
			{id: "5009", submitted: "2026-10-12T03:30:00Z", deadline: "2026-10-12T04:30:00Z", status: "met"},
		},
	}, {
		// The Admin Center export has no metric_set: its comments are read
		// as a history.
		preset: "zendesk", file: "zendesk/admin-export.ndjson", wantCode: 1,
		checks: []ticketCheck{
			// Created 16:15Z; the note at 16:20Z is private; the first public
			// comment not by the requester (9101) is 16:57Z by 8001 → met.
			{id: "5001", submitted: "2026-10-02T16:15:00Z", deadline: "2026-10-02T17:15:00Z", status: "met"},
			// Created 23:30Z by the requester 9108; the only other comment is
			// a private note → unanswered; limited 48h → severe, 1 755 000 s.
			{id: "5008", submitted: "2026-10-09T23:30:00Z", deadline: "2026-10-11T23:30:00Z", status: "breached", late: 1755000, severe: true},
		},
	}, {
		// The same tickets as {"ticket": {…}} lines.
		preset: "zendesk", file: "zendesk/admin-export-wrapped.ndjson", wantCode: 1,
		checks: []ticketCheck{
			{id: "5001", submitted: "2026-10-02T16:15:00Z", deadline: "2026-10-02T17:15:00Z", status: "met"},
			{id: "5008", submitted: "2026-10-09T23:30:00Z", deadline: "2026-10-11T23:30:00Z", status: "breached", late: 1755000, severe: true},
		},
	}, {
		preset: "freshdesk", file: "freshdesk/export.csv", extra: []string{"--input-tz", "America/New_York"}, wantCode: 1,
		checks: []ticketCheck{
			// 2026-10-02 12:15:00 EDT = 16:15Z, Portal → web, premium business
			// 1h → 17:15Z; Initial response 12:57 EDT = 16:57Z → met.
			{id: "101", submitted: "2026-10-02T16:15:00Z", deadline: "2026-10-02T17:15:00Z", status: "met"},
			// 2026-10-31 02:50:00 EDT = 06:50Z, Phone, 24x7 → 07:50Z, no response → severe.
			{id: "112", submitted: "2026-10-31T06:50:00Z", deadline: "2026-10-31T07:50:00Z", status: "breached", late: 83400, severe: true},
			// 2026-11-01 01:30 New York happens twice: the first (EDT) = 05:30Z,
			// 22:30 PDT off premium hours → 6h → 11:30Z; as of 07:00Z → pending.
			{id: "113", submitted: "2026-11-01T05:30:00Z", deadline: "2026-11-01T11:30:00Z", status: "pending"},
			// Outbound Email is started by an agent → unknown → excluded.
			{id: "110", status: "excluded"},
		},
	}, {
		preset: "freshdesk", file: "freshdesk/tickets-api.json", wantCode: 1,
		checks: []ticketCheck{
			// source 1 → email; created 05:40Z, premium off-hours 6h → 11:40Z;
			// stats.first_responded_at 13:15Z → late 1h35m.
			{id: "102", submitted: "2026-10-04T05:40:00Z", deadline: "2026-10-04T11:40:00Z", status: "breached", late: 5700},
			{id: "110", status: "excluded"},
		},
	}, {
		// No --input-tz: the zone comes from the file's last line,
		// "Timezone: Europe/Berlin" (SPEC §9).
		preset: "zammad", file: "zammad/export.csv", wantCode: 1,
		checks: []ticketCheck{
			// 2026-10-02 18:15:00 CEST = 16:15Z; first response 18:57 CEST → met.
			{id: "31001", submitted: "2026-10-02T16:15:00Z", deadline: "2026-10-02T17:15:00Z", status: "met"},
			// 2026-10-31 07:50:00 is CET after the EU change = 06:50Z; 24x7
			// phone, unanswered → 07:50Z → severe, late 23h10m.
			{id: "31012", submitted: "2026-10-31T06:50:00Z", deadline: "2026-10-31T07:50:00Z", status: "breached", late: 83400, severe: true},
			{id: "31010", status: "excluded"},
		},
	}, {
		// The same sheet saved by a German Excel: ';', a BOM and CRLF.
		preset: "zammad", file: "zammad/export-semicolon.csv", wantCode: 1,
		checks: []ticketCheck{
			// 2026-10-12 05:30:00 CEST = 03:30Z, premium business 1h; first
			// response 06:30 CEST = 04:30Z = the deadline → met.
			{id: "31009", submitted: "2026-10-12T03:30:00Z", deadline: "2026-10-12T04:30:00Z", status: "met"},
			{id: "31012", submitted: "2026-10-31T06:50:00Z", deadline: "2026-10-31T07:50:00Z", status: "breached", late: 83400, severe: true},
		},
	}, {
		// The real download: the zone comes from the sheet's own
		// "Timezone: Europe/Berlin" row, the header from row 3.
		preset: "zammad", file: "zammad/export.xlsx", wantCode: 1,
		checks: []ticketCheck{
			{id: "31001", submitted: "2026-10-02T16:15:00Z", deadline: "2026-10-02T17:15:00Z", status: "met"},
			{id: "31012", submitted: "2026-10-31T06:50:00Z", deadline: "2026-10-31T07:50:00Z", status: "breached", late: 83400, severe: true},
			// 2026-10-02 ... CEST: the first data row is sheet row 4 (title,
			// blank and header above it are skipped, not rows).
			{id: "31009", submitted: "2026-10-12T03:30:00Z", deadline: "2026-10-12T04:30:00Z", status: "met"},
		},
	}, {
		preset: "helpscout", file: "helpscout/conversations.json", wantCode: 1,
		checks: []ticketCheck{
			// type email (source.type beacon); created Mon 08:00 PDT = 15:00Z,
			// globex standard business 24h → 10-06 15:00Z; first published reply
			// by a user 10-06 16:00Z → late 1h.
			{id: "2100000003", submitted: "2026-10-05T15:00:00Z", deadline: "2026-10-06T15:00:00Z", status: "breached", late: 3600},
			// type phone: the user's phone thread is the logged call, not a
			// reply; no published reply → 24x7 1h → severe, late 23h10m.
			{id: "2100000012", submitted: "2026-10-31T06:50:00Z", deadline: "2026-10-31T07:50:00Z", status: "breached", late: 83400, severe: true},
			// type phone on standard → excluded.
			{id: "2100000004", status: "excluded"},
		},
	}, {
		preset: "jira", file: "jira/export.csv", extra: []string{"--input-tz", "America/Los_Angeles"}, wantCode: 1,
		checks: []ticketCheck{
			// Created 11/Oct/26 8:30 PM PDT = 03:30Z, premium business 1h; first
			// response 9:30 PM = 04:30Z = the deadline → met.
			{id: "SUP-109", submitted: "2026-10-12T03:30:00Z", deadline: "2026-10-12T04:30:00Z", status: "met"},
			// 03/Oct/26 10:40 PM = 05:40Z, off-hours 6h → 11:40Z; response
			// 04/Oct/26 6:15 AM = 13:15Z → late 1h35m.
			{id: "SUP-102", submitted: "2026-10-04T05:40:00Z", deadline: "2026-10-04T11:40:00Z", status: "breached", late: 5700},
			// 09/Oct/26 4:30 PM = 23:30Z, initech limited 48h, no response → severe.
			{id: "SUP-108", submitted: "2026-10-09T23:30:00Z", deadline: "2026-10-11T23:30:00Z", status: "breached", late: 1755000, severe: true},
		},
	}, {
		preset: "intercom", file: "intercom/conversations.json", wantCode: 1,
		checks: []ticketCheck{
			// created_at 1791775800 = 03:30Z, conversation → chat, premium 1h;
			// first_admin_reply_at 1791779400 = 04:30Z → met at the deadline.
			{id: "215470000009", submitted: "2026-10-12T03:30:00Z", deadline: "2026-10-12T04:30:00Z", status: "met"},
			// 1791092400 = 05:40Z email off-hours 6h; reply 1791119700 = 13:15Z.
			{id: "215470000002", submitted: "2026-10-04T05:40:00Z", deadline: "2026-10-04T11:40:00Z", status: "breached", late: 5700},
			// twitter → unknown → excluded.
			{id: "215470000010", status: "excluded"},
		},
	}}
	for _, r := range runs {
		name := r.preset + "-" + strings.NewReplacer("/", "-", ".", "-").Replace(strings.TrimPrefix(r.file, r.preset+"/"))
		t.Run(name, func(t *testing.T) {
			args := append([]string{"check", filepath.Join("testdata/presets", r.file), "--preset", r.preset,
				"--accounts", "testdata/presets/accounts.csv", "--as-of", "2026-11-01T07:00:00Z", "--month", "2026-10", "-o", "json"}, r.extra...)
			out, errOut, code := runCLI(t, nil, args...)
			if code != r.wantCode {
				t.Fatalf("exit status = %d, want %d\nstderr: %s", code, r.wantCode, errOut)
			}
			golden(t, filepath.Join("e2e", "presets", name+".golden"), "exit: "+strconv.Itoa(code)+"\nstderr: "+errOut+"\n"+out)
			if code == 2 {
				return
			}
			assertBalanced(t, out)
			var rep struct {
				Tickets []struct {
					ID, Status, Deadline string
					Submitted            string `json:"submitted_at"`
					Late                 int64  `json:"late_seconds"`
					Severe               bool
				}
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			for _, c := range r.checks {
				found := false
				for _, tk := range rep.Tickets {
					if tk.ID != c.id {
						continue
					}
					found = true
					if tk.Status != c.status || c.submitted != "" && (tk.Submitted != c.submitted || tk.Deadline != c.deadline) || tk.Late != c.late || tk.Severe != c.severe {
						t.Errorf("ticket %s: got %s submitted %s deadline %s late %d severe %v; hand-checked %s %s %s %d %v",
							c.id, tk.Status, tk.Submitted, tk.Deadline, tk.Late, tk.Severe, c.status, c.submitted, c.deadline, c.late, c.severe)
					}
				}
				if !found {
					t.Errorf("ticket %s is not in the report", c.id)
				}
			}
		})
	}
}
