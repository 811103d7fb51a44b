package ingest

import (
	"strings"
	"testing"
)

// The issue: Zammad's real download is .xlsx, which gave "no header row".
func TestXLSXZammadDownload(t *testing.T) {
	const path = "../../testdata/presets/zammad/export.xlsx"
	r, err := Open(path, nil, Options{Preset: "zammad"})
	if err != nil {
		t.Fatal(err)
	}
	got := drain(t, r, nil)
	if len(got) != 14 {
		t.Fatalf("got %d rows, want the 14 tickets:\n%s", len(got), strings.Join(got, "\n"))
	}
	// Row 4 is the first ticket: the title (row 1), a blank row and the
	// header (row 3) are not rows. 2026-10-02 18:15:00 in the sheet's own
	// zone, Europe/Berlin (CEST), is 16:15Z.
	if want := path + ":4 id=31001"; !strings.HasPrefix(got[0], want) || !strings.Contains(got[0], "submitted=2026-10-02T16:15:00Z") {
		t.Errorf("first row %q, want %s… submitted=2026-10-02T16:15:00Z", got[0], want)
	}
	b := r.Binding()
	if b.Skipped != 2 || b.Zone == nil || b.Zone.String() != "Europe/Berlin" || b.ZoneSource != "the file's Timezone: line" {
		t.Errorf("binding: skipped %d, zone %v from %q", b.Skipped, b.Zone, b.ZoneSource)
	}
	if l := r.Layout(); l.Format != "xlsx" {
		t.Errorf("format %q", l.Format)
	}
}

func TestXLSXErrors(t *testing.T) {
	const path = "../../testdata/presets/zammad/export.xlsx"
	for _, tt := range []struct {
		opts Options
		want string
	}{
		{Options{Preset: "zammad", Sheet: "Tickets 2025"}, `no sheet "Tickets 2025" (the workbook has "`},
		// Without the preset "#" is no id alias: the binder names what the
		// first row (the title) lacks.
		{Options{}, "no id column"},
		{Options{Preset: "helpscout"}, "--preset helpscout reads Help Scout's JSON, not a spreadsheet"},
	} {
		_, err := Open(path, nil, tt.opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: got %v, want %q", tt.opts, err, tt.want)
		}
	}
	if _, err := NewReader(strings.NewReader("PK\x03\x04 not a zip"), "x.xlsx", Options{}); err == nil || !strings.Contains(err.Error(), "not a readable .xlsx workbook") {
		t.Errorf("a broken workbook: %v", err)
	}
}
