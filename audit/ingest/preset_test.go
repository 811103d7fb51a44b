package ingest

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/slaaudit/slaaudit/audit"
)

// presetDir holds one sample export per preset, in the helpdesk's own
// column names and time formats, with its golden outcomes.
const presetDir = "../../testdata/presets"

// TestPresetSamples reads each preset's sample through Open, without and
// with --input-tz, and compares the outcomes (and, for a history, the trail)
// with the file's .golden.
func TestPresetSamples(t *testing.T) {
	la := mustZone(t, "America/Los_Angeles")
	for _, tt := range []struct{ file, preset string }{
		{"zendesk.csv", "zendesk"},
		{"zendesk.json", "zendesk"},
		{"freshdesk.csv", "freshdesk"},
		{"zammad.csv", "zammad"},
		{"helpscout.json", "helpscout"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(presetDir, tt.file)
			var got []string
			for _, run := range []struct {
				label string
				opts  Options
			}{
				{"--preset " + tt.preset, Options{Preset: tt.preset, Trail: true}},
				{"--preset " + tt.preset + " --input-tz America/Los_Angeles", Options{Preset: tt.preset, InputTZ: la, Trail: true}},
			} {
				got = append(got, "# "+run.label)
				got = append(got, readWithTrail(t, path, run.opts)...)
			}
			text := strings.ReplaceAll(strings.Join(got, "\n")+"\n", presetDir+"/", "")
			golden := path + ".golden"
			checkGolden(t, golden, text)
		})
	}
}

// readWithTrail is readAllOpen with each ticket's trail lines indented
// under it, and the event count at the end of a history.
func readWithTrail(t *testing.T, path string, opts Options) []string {
	t.Helper()
	r, err := Open(path, nil, opts)
	if err != nil {
		return []string{"ERROR " + err.Error()}
	}
	defer r.Close()
	var out []string
	for {
		var tk audit.Ticket
		err := r.next(&tk)
		switch e := err.(type) {
		case nil:
			out = append(out, describe(&tk))
			for _, l := range tk.Trail {
				out = append(out, "    "+l)
			}
			continue
		case *audit.Rejection:
			out = append(out, "REJECT "+e.Error())
			continue
		}
		if err.Error() != "EOF" {
			out = append(out, "ERROR "+err.Error())
		}
		if n := r.Events(); n > 0 {
			out = append(out, fmt.Sprintf("events %d", n))
		}
		return out
	}
}

func TestPresetOptions(t *testing.T) {
	la := mustZone(t, "America/Los_Angeles")
	zendesk := "Id,Requester,Organization,Via,Priority,Created at,First reply time in minutes\r\n" +
		"1,Ann,acme,Web form,Urgent,2026-10-02 10:30,15\r\n"
	runReadCases(t, "", []readCase{
		{
			name: "Organization, not Requester, is the customer; vocabularies map", file: "z.csv", input: zendesk,
			opts: Options{Preset: "Zendesk", InputTZ: la},
			want: []string{"z.csv:2 id=1 customer=acme channel=web priority=urgent submitted=2026-10-02T17:30:00Z response=2026-10-02T17:45:00Z"},
		},
		{
			name: "--map wins over the preset", file: "z.csv", input: zendesk,
			opts: Options{Preset: "zendesk", InputTZ: la, Map: map[string]string{"customer": "Requester"}},
			want: []string{"z.csv:2 id=1 customer=Ann channel=web priority=urgent submitted=2026-10-02T17:30:00Z response=2026-10-02T17:45:00Z"},
		},
		{
			name: "a zone-less time names the flag and the preset's hint", file: "z.csv", input: zendesk,
			opts: Options{Preset: "zendesk"},
			want: []string{`REJECT z.csv:2: submitted_at: "2026-10-02 10:30" has no time zone; pass --input-tz (for example --input-tz America/Los_Angeles) (Zendesk CSV exports write times without a zone, in the account's time zone (Admin Center > Account > Localization))`},
		},
		{
			name: "an unparseable time gets no zone hint", file: "z.csv",
			input: "Id,Organization,Via,Priority,Created at,First reply time in minutes\n1,acme,Web form,Urgent,yesterday,\n",
			opts:  Options{Preset: "zendesk"},
			want:  []string{`REJECT z.csv:2: submitted_at: "yesterday" is not a time`},
		},
		{
			name: "a dotted --map path in a JSON preset", file: "z.json",
			input: `{"tickets":[{"id":1,"created_at":"2026-10-02T17:30:00Z","via":{"channel":"voice"},"org":{"name":"acme"}}]}`,
			opts:  Options{Preset: "zendesk", Map: map[string]string{"customer": "org.name"}},
			want:  []string{"z.json:#0 id=1 customer=acme channel=phone submitted=2026-10-02T17:30:00Z"},
		},
		{
			name: "Zendesk's full JSON export is NDJSON", file: "z.json",
			input: `{"id":1,"created_at":"2026-10-02T17:30:00Z","via":{"channel":"web"},"organization_id":42,"metric_set":{"reply_time_in_minutes":{"calendar":61}}}` + "\n",
			opts:  Options{Preset: "zendesk"},
			want:  []string{"z.json:1 id=1 customer=42 channel=web submitted=2026-10-02T17:30:00Z response=2026-10-02T18:31:00Z"},
		},
		{
			name: "Freshdesk API numbers", file: "f.json",
			input: `[{"id":9,"company_id":7,"source":2,"priority":4,"created_at":"2026-10-02T17:30:00Z","stats":{"first_responded_at":"2026-10-02T17:35:00Z"}}]`,
			opts:  Options{Preset: "freshdesk"},
			want:  []string{"f.json:#0 id=9 customer=7 channel=web priority=urgent submitted=2026-10-02T17:30:00Z response=2026-10-02T17:35:00Z"},
		},
		{
			name: "an unknown preset", file: "z.csv", input: zendesk, opts: Options{Preset: "kayako"},
			want: []string{`ERROR --preset: "kayako": unknown preset (want freshdesk, helpscout, intercom, jira, zammad, zendesk)`},
		},
		{
			name: "a preset fixes the shape", file: "h.json", input: "[]", opts: Options{Preset: "helpscout", Shape: ShapeRows},
			want: []string{`ERROR --shape: "rows": --preset helpscout reads history`},
		},
		{
			name: "Help Scout has no CSV", file: "h.csv", input: zendesk, opts: Options{Preset: "helpscout"},
			want: []string{"ERROR --preset helpscout reads Help Scout's JSON, not CSV"},
		},
		{
			name: "Zammad has no JSON", file: "z.json", input: "[]", opts: Options{Preset: "zammad"},
			want: []string{"ERROR --preset zammad reads Zammad's CSV export, not JSON"},
		},
		{
			name: "Zammad's title and footer are not rows; lines keep their numbers", file: "z.csv",
			input: "Report 2026-10,,\n,,\n#,Organization,Created At\n\"1\",acme,2026-10-02T17:30:00Z\nTimezone: UTC,,\n",
			opts:  Options{Preset: "zammad"},
			want:  []string{"z.csv:4 id=1 customer=acme submitted=2026-10-02T17:30:00Z"},
		},
		{
			name: "a Help Scout conversation without an id is one rejection", file: "h.json",
			input: `[{"createdAt":"2026-10-02T17:30:00Z","_embedded":{"threads":[{"type":"reply","createdAt":"2026-10-02T17:40:00Z","createdBy":{"type":"user"}}]}}]`,
			opts:  Options{Preset: "helpscout"},
			want:  []string{"REJECT h.json:#0: ticket_id: missing conversation id"},
		},
	})
}

func TestLookupPath(t *testing.T) {
	obj := `{"a":{"b":{"c":"x"},"n":1},"b":[1],"a.b":"dot"}`
	for _, tt := range []struct{ path, want string }{
		{"a.b.c", `"x"`}, {"a.n", "1"}, {"b", "[1]"}, {"a.x", ""}, {"b.c", ""}, {"a.b.c.d", ""},
	} {
		if got := lookupPath(obj, tt.path); got != tt.want {
			t.Errorf("lookupPath(%s) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// Every built-in preset is read by the loader that reads --preset-file.
func TestBuiltinPresets(t *testing.T) {
	want := []string{"freshdesk", "helpscout", "intercom", "jira", "zammad", "zendesk"}
	if got := Presets(); !slices.Equal(got, want) {
		t.Fatalf("Presets() = %q, want %q", got, want)
	}
	// Presets names the files; each file's preset has its file's name.
	if len(presets()) != len(want) {
		t.Fatalf("%d presets read, %d files", len(presets()), len(want))
	}
	for _, name := range want {
		p, err := ParsePreset(PresetSource(name), name+".yaml")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if p.p.name != name || PresetTitle(name) == "" || PresetReads(name) == "" {
			t.Errorf("%s: name %q, title %q, reads %q", name, p.p.name, PresetTitle(name), PresetReads(name))
		}
	}
	// The vocabularies, as the evidence found them.
	zd, _ := lookupPreset("zendesk")
	for _, v := range []string{"phone call (inbound)", "voicemail", "native messaging", "mail"} {
		if zd.channels[v] == "" {
			t.Errorf("zendesk: channel %q is unknown", v)
		}
	}
	if zd.channels["closed ticket"] != "" {
		t.Errorf("zendesk: Closed ticket must stay unknown (excluded and reported)")
	}
}

func TestParsePresetErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"unknown key", "name: x\ncsv:\n  colums: {id: Id}\n", "my.yaml: yaml: unmarshal errors:\n  line 3: field colums not found in type struct"},
		{"no section", "name: x\n", "my.yaml: want a csv or a json section (or both)"},
		{"bad name", "name: My Desk\ncsv: {columns: {id: Id}}\n", `my.yaml: name: want a lower-case word, got "My Desk"`},
		{"unknown field", "name: x\ncsv: {columns: {id: Id, ticket_id: T}}\n", `my.yaml: csv.columns: unknown field "ticket_id"`},
		{"no id", "name: x\njson: {paths: {submitted_at: created}}\n", "my.yaml: json.paths: no id path"},
		{"bad time", "name: x\njson: {time: epoch, paths: {id: id}}\n", `my.yaml: json.time: "epoch" is not unix or unix_ms`},
		{"bad priority", "name: x\ncsv: {columns: {id: Id}}\npriorities: {p1: [P1]}\n", `my.yaml: priorities: "p1" is not one of low, normal, high, urgent`},
		{"two channels", "name: x\ncsv: {columns: {id: Id}}\nchannels: {web: [Portal], email: [portal]}\n", `is given for both`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePreset([]byte(tt.yaml), "my.yaml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// A user's preset file reads like a built-in preset (SPEC §9).
func TestPresetFileReads(t *testing.T) {
	p, err := ParsePreset([]byte("name: mydesk\ncsv:\n  columns: {id: Case, submitted_at: Opened, first_response_at: Answered}\nchannels: {phone: [Hotline]}\n"), "mydesk.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, "Case;Opened;Answered;Channel\nC-1;2026-10-02T17:30:00Z;2026-10-02T17:40:00Z;Hotline\n", "x.csv", Options{PresetFile: p})
	want := []string{"x.csv:2 id=C-1 channel=phone submitted=2026-10-02T17:30:00Z response=2026-10-02T17:40:00Z"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
