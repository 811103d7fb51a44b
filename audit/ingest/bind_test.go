package ingest

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// The worst silent failure: a response column slaaudit did not
// recognise ("First Reply", "Responded") made every ticket an unanswered
// breach. With the requirement on, it is a file error naming what was
// looked for and what the header has.
func TestUnrecognisedResponseColumnIsAFileError(t *testing.T) {
	req := Options{Require: Requirements{Response: true, Plan: true}}
	tests := []struct {
		name, file, input string
		opts              Options
		want              string
	}{{
		name: "csv First Reply", file: "export.csv", opts: req,
		input: "Id,Plan,Created at,First Reply\n1,premium,2026-10-02T17:30:00Z,2026-10-02T17:45:00Z\n",
		want:  `ERROR export.csv:1: no first_response_at or first_response_minutes column (looked for "first_response_at", "first_reply_at", "responded_at", "first_responded_at", "first_response_minutes", "first_reply_minutes", "first_reply_time_in_minutes"; the header has "Id", "Plan", "Created at", "First Reply")`,
	}, {
		name: "csv no plan", file: "export.csv", opts: req,
		input: "Id,Created at,first_response_at\n1,2026-10-02T17:30:00Z,2026-10-02T17:45:00Z\n",
		want:  `ERROR export.csv:1: no plan column (looked for "plan", "tier", "support_plan"; the header has "Id", "Created at", "first_response_at")`,
	}, {
		// JSON: the rule applies at the end of the input (SPEC §9).
		name: "json Responded", file: "export.json", opts: req,
		input: `[{"id":1,"plan":"premium","created_at":"2026-10-02T17:30:00Z","Responded":"2026-10-02T17:45:00Z"}]`,
		want:  `ERROR export.json: no record has a key for first_response_at or first_response_minutes (looked for "first_response_at", "first_reply_at", "responded_at", "first_responded_at", "first_response_minutes", "first_reply_minutes", "first_reply_time_in_minutes")`,
	}, {
		// The issue: a JSON --map to a key that no record has was ignored.
		name: "json --map to a missing key", file: "export.json",
		opts:  Options{Map: map[string]string{"first_response_at": "answered"}},
		input: `[{"id":1,"submitted_at":"2026-10-02T17:30:00Z"}]`,
		want:  `ERROR export.json: --map first_response_at=answered: no record has the key "answered"`,
	}, {
		name: "json --map to a missing path with a preset", file: "export.json",
		opts:  Options{Preset: "zendesk", Map: map[string]string{"first_response_minutes": "metric_set.reply_time_in_minutes.business"}},
		input: `{"tickets":[{"id":1,"created_at":"2026-10-02T17:30:00Z"}]}`,
		want:  `ERROR export.json: --map first_response_minutes=metric_set.reply_time_in_minutes.business: no record has the key "metric_set.reply_time_in_minutes.business"`,
	}, {
		// A history --map to a key that no event has was ignored too.
		name: "json history --map to a missing key", file: "history.json",
		opts:  Options{Map: map[string]string{"customer": "Org"}},
		input: `[{"ticket_id":"1","at":"2026-10-02T17:30:00Z","event":"created"}]`,
		want:  `ERROR history.json: --map customer=Org: no record has the key "Org"`,
	}, {
		name: "json history --map to a key a later event has", file: "history.json",
		opts: Options{Map: map[string]string{"customer": "Org"}},
		input: `{"ticket_id":"1","at":"2026-10-02T17:30:00Z","event":"created"}` + "\n" +
			`{"ticket_id":"1","at":"2026-10-02T17:45:00Z","event":"reply","actor":"agent","Org":"Acme"}` + "\n",
		want: "history.json:1 id=1 customer=Acme submitted=2026-10-02T17:30:00Z response=2026-10-02T17:45:00Z",
	}, {
		name: "csv history --map to a missing header", file: "history.csv",
		opts:  Options{Map: map[string]string{"customer": "Org"}},
		input: "ticket_id,at,event\n1,2026-10-02T17:30:00Z,created\n",
		want:  `ERROR history.csv:1: --map customer=Org: no column "Org" in the header`,
	}, {
		// The issue: a Zendesk Admin JSON export without metric_set.
		name: "zendesk json without metric_set", file: "export.json", opts: Options{Preset: "zendesk", Require: Requirements{Response: true}},
		input: `{"tickets":[{"id":1,"created_at":"2026-10-02T17:30:00Z"}]}`,
		want:  `ERROR export.json: no record has a key for first_response_at or first_response_minutes (looked for "first_response_at", "first_reply_at", "responded_at", "first_responded_at", "metric_set.reply_time_in_minutes.calendar", "first_response_minutes", "first_reply_minutes", "first_reply_time_in_minutes")`,
	}, {
		// Zendesk's Admin Center export: one {"ticket": {…}} per line.
		name: "zendesk admin center lines", file: "export.json", opts: Options{Preset: "zendesk"},
		input: `{"ticket":{"id":1,"created_at":"2026-10-02T17:30:00Z","via":{"channel":"web"},"metric_set":{"reply_time_in_minutes":{"calendar":12}}}}` + "\n",
		want:  "export.json:1 id=1 channel=web submitted=2026-10-02T17:30:00Z response=2026-10-02T17:42:00Z",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, tt.input, tt.file, tt.opts)
			if len(got) == 0 || got[len(got)-1] != tt.want {
				t.Errorf("got  %q\nwant last %q", got, tt.want)
			}
		})
	}
}

func TestMissingErrorIsTyped(t *testing.T) {
	_, err := NewReader(strings.NewReader("id,submitted_at\n"), "x.csv", Options{Require: Requirements{Response: true}})
	var me *MissingError
	if !errors.As(err, &me) || !slices.Equal(me.Fields, []string{"first_response_at", "first_response_minutes"}) {
		t.Fatalf("got %v, want a *MissingError for the response", err)
	}
	_, err = NewReader(strings.NewReader("id,submitted_at\n"), "x.csv", Options{Map: map[string]string{"plan": "Level"}})
	var mpe *MapError
	if !errors.As(err, &mpe) || mpe.Field != "plan" {
		t.Fatalf("got %v, want a *MapError", err)
	}
}

func TestBindingIsReported(t *testing.T) {
	r, err := NewReader(strings.NewReader("Id;Subject;Requester;Organization;Created at;First reply time in minutes\n1;x;a@b;Acme;2026-10-02T17:30:00Z;12\n"),
		"export.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := r.Binding()
	wantCols := []Column{{"id", "Id"}, {"customer", "Organization"}, {"submitted_at", "Created at"}, {"first_response_minutes", "First reply time in minutes"}}
	if !slices.Equal(b.Columns, wantCols) {
		t.Errorf("columns %q, want %q", b.Columns, wantCols)
	}
	if !slices.Equal(b.Unused, []string{"Subject", "Requester"}) {
		t.Errorf("unused %q", b.Unused)
	}
	want := `customer: "Organization" is read; "Requester" could feed it too`
	if !slices.Equal(b.Warnings, []string{want}) {
		t.Errorf("warnings %q, want %q", b.Warnings, want)
	}
	if l := r.Layout(); l.Delimiter != ';' || l.Format != "csv" || l.Shape != ShapeRows {
		t.Errorf("layout %+v", l)
	}

	r, err = NewReader(strings.NewReader(`[{"id":1,"x":2,"created":"2026-10-02T17:30:00Z"},{"id":2,"created":"2026-10-02T17:30:00Z","responded_at":null}]`), "e.json", Options{})
	if err != nil {
		t.Fatal(err)
	}
	drain(t, r, nil)
	b = r.Binding()
	wantCols = []Column{{"id", "id"}, {"submitted_at", "created"}, {"first_response_at", "responded_at"}}
	if !slices.Equal(b.Columns, wantCols) || !slices.Equal(b.Unused, []string{"x"}) {
		t.Errorf("JSON binding %+v", b)
	}
}

// SPEC §9 "Times as numbers" and the month-name hint.
func TestTimesAsNumbersAndMonthNames(t *testing.T) {
	runReadCases(t, "", []readCase{{
		name: "unix seconds", file: "x.json", opts: Options{TimeLayout: LayoutUnix},
		input: `[{"id":1,"submitted_at":1791775800,"first_response_at":1791779400},{"id":2,"submitted_at":"1791775800"}]`,
		want:  []string{"x.json:#0 id=1 submitted=2026-10-12T03:30:00Z response=2026-10-12T04:30:00Z", "x.json:#1 id=2 submitted=2026-10-12T03:30:00Z"},
	}, {
		name: "unix layout still reads RFC 3339", file: "x.json", opts: Options{TimeLayout: LayoutUnix},
		input: `[{"id":1,"submitted_at":"2026-10-12T03:30:00Z","first_response_at":1791779400}]`,
		want:  []string{"x.json:#0 id=1 submitted=2026-10-12T03:30:00Z response=2026-10-12T04:30:00Z"},
	}, {
		name: "unix milliseconds", file: "x.json", opts: Options{TimeLayout: LayoutUnixMilli},
		input: `[{"id":1,"submitted_at":1791775800123}]`,
		want:  []string{"x.json:#0 id=1 submitted=2026-10-12T03:30:00.123Z"},
	}, {
		name: "a number without the layout", file: "x.json",
		input: `[{"id":1,"submitted_at":1791775800}]`,
		want:  []string{"REJECT x.json:#0: submitted_at: 1791775800 is a number, not a time (numbers are read as times only with the unix or unix_ms time layout)"},
	}, {
		name: "not a whole number", file: "x.json", opts: Options{TimeLayout: LayoutUnix},
		input: `[{"id":1,"submitted_at":1.5e9}]`,
		want:  []string{`REJECT x.json:#0: submitted_at: "1.5e9" is not a whole number of UNIX seconds`},
	}, {
		name: "Jira's month names", file: "x.csv", opts: Options{InputTZ: time.UTC},
		input: "id,submitted_at\n1,01/Oct/26 8:05 AM\n",
		want:  []string{`REJECT x.csv:2: submitted_at: "01/Oct/26 8:05 AM" is not a time; it looks like the time layout "02/Jan/06 3:04 PM" (pass --time-layout "02/Jan/06 3:04 PM")`},
	}})
}
