package ingest

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// dateCellsFixture is the committed workbook of date-typed cells;
// TestXLSXDateCells rewrites it with -update (writeDateWorkbook).
const dateCellsFixture = "../../testdata/exports/date-cells.xlsx"

// writeDateWorkbook writes, with excelize, a sheet whose time columns hold
// what Excel writes when a user types or saves dates: date serials (days
// since the workbook's epoch, 1900 or 1904) with date number formats, next
// to a time written as text and numbers that are not dates.
//
//	row 2  text "2026-10-02 18:15:00" (General)
//	row 3  time.Time 2026-10-02 18:15:30 via SetCellValue: a serial with
//	       built-in format 22 (m/d/yy h:mm), which hides the seconds
//	row 4  the serial of 2026-10-05 09:00:00 with the custom format
//	       "dd.mm.yyyy hh:mm" (a German Excel), response a built-in 14
//	       date only (m/d/yyyy) 2026-10-06: midnight
//	row 5  the number 46297.5 with the General format: not a date
//	row 6  the number 46297.5 with the format "0.00": not a date
func writeDateWorkbook(t testing.TB, path string, date1904 bool) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	const sh = "Sheet1"
	set := func(cell string, v any) {
		t.Helper()
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	style := func(cell string, s *excelize.Style) {
		t.Helper()
		id, err := f.NewStyle(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle(sh, cell, cell, id); err != nil {
			t.Fatal(err)
		}
	}
	// serial is the Excel date of a wall-clock time in this workbook's
	// date system.
	serial := func(tm time.Time) float64 {
		epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
		if date1904 {
			epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		return tm.Sub(epoch).Hours() / 24
	}
	for i, h := range []string{"id", "plan", "channel", "submitted_at", "first_response_at"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		set(cell, h)
	}
	for r := 2; r <= 6; r++ {
		set("A"+string(rune('0'+r)), string(rune('0'+r)))
		set("B"+string(rune('0'+r)), "premium")
		set("C"+string(rune('0'+r)), "email")
	}
	set("D2", "2026-10-02 18:15:00")
	set("E2", "2026-10-02 18:45:00")
	set("D3", time.Date(2026, 10, 2, 18, 15, 30, 0, time.UTC))
	set("E3", time.Date(2026, 10, 2, 18, 40, 0, 0, time.UTC))
	de := "dd.mm.yyyy hh:mm"
	set("D4", serial(time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)))
	style("D4", &excelize.Style{CustomNumFmt: &de})
	set("E4", serial(time.Date(2026, 10, 6, 0, 0, 0, 0, time.UTC)))
	style("E4", &excelize.Style{NumFmt: 14})
	set("D5", 46297.5)
	set("D6", 46297.5)
	style("D6", &excelize.Style{NumFmt: 2})
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// SPEC §9: a date cell is a wall-clock time in the zone given (or the one
// the sheet states), read exactly like a time written as text; without a
// zone it is the same rejection as a zone-less text time. Both of Excel's
// date systems give the same times.
func TestXLSXDateCells(t *testing.T) {
	if *update {
		writeDateWorkbook(t, dateCellsFixture, false)
	}
	path1904 := filepath.Join(t.TempDir(), "date-cells-1904.xlsx")
	writeDateWorkbook(t, path1904, true)
	berlin := mustZone(t, "Europe/Berlin")
	// Berlin is on CEST (+02:00) in early October.
	want := []string{
		":2 id=2 plan=premium channel=email submitted=2026-10-02T16:15:00Z response=2026-10-02T16:45:00Z",
		// The seconds the format hides are read.
		":3 id=3 plan=premium channel=email submitted=2026-10-02T16:15:30Z response=2026-10-02T16:40:00Z",
		":4 id=4 plan=premium channel=email submitted=2026-10-05T07:00:00Z response=2026-10-05T22:00:00Z",
		`:5: submitted_at: "46297.5" is not a time`,
		`:6: submitted_at: "46297.50" is not a time`,
	}
	for _, path := range []string{dateCellsFixture, path1904} {
		got := readAllOpen(t, path, Options{InputTZ: berlin})
		if len(got) != len(want) {
			t.Fatalf("%s: got %d rows, want %d:\n%s", path, len(got), len(want), strings.Join(got, "\n"))
		}
		for i := range want {
			if !strings.Contains(got[i], want[i]) {
				t.Errorf("%s row %d:\n got %s\nwant …%s…", path, i+2, got[i], want[i])
			}
		}
		// No zone: the date cells are the same rejection as the text one.
		got = readAllOpen(t, path, Options{})
		for i, g := range got[:3] {
			if !strings.HasPrefix(g, "REJECT") || !strings.Contains(g, "has no time zone") {
				t.Errorf("%s row %d without a zone: %s, want a rejection for want of a zone", path, i+2, g)
			}
		}
		if wantText := `submitted_at: "2026-10-02 18:15:30" has no time zone`; !strings.Contains(got[1], wantText) {
			t.Errorf("%s row 3 without a zone: %s, want %q", path, got[1], wantText)
		}
	}
}

func TestIsDateFormat(t *testing.T) {
	str := func(s string) *string { return &s }
	for _, tt := range []struct {
		st   excelize.Style
		want bool
	}{
		{excelize.Style{}, false},
		{excelize.Style{NumFmt: 2}, false},  // 0.00
		{excelize.Style{NumFmt: 14}, true},  // m/d/yyyy
		{excelize.Style{NumFmt: 22}, true},  // m/d/yy h:mm
		{excelize.Style{NumFmt: 46}, true},  // [h]:mm:ss
		{excelize.Style{NumFmt: 49}, false}, // @
		{excelize.Style{NumFmt: 57}, true},  // an East Asian date
		{excelize.Style{CustomNumFmt: str("yyyy-mm-dd hh:mm:ss")}, true},
		{excelize.Style{CustomNumFmt: str("[$-409]d-mmm-yy;@")}, true},
		{excelize.Style{CustomNumFmt: str("[h]:mm")}, true},
		{excelize.Style{CustomNumFmt: str("#,##0.00 [$EUR]")}, false},
		{excelize.Style{CustomNumFmt: str(`0.0 "days"`)}, false},
		{excelize.Style{CustomNumFmt: str(`[Red]0.00;[Blue]-0.00`)}, false},
		{excelize.Style{CustomNumFmt: str(`0\h`)}, false},
		{excelize.Style{CustomNumFmt: str(`0.00E+00`)}, false},
		{excelize.Style{CustomNumFmt: str(`General`)}, false},
	} {
		if got := isDateFormat(&tt.st); got != tt.want {
			t.Errorf("isDateFormat(%d, %v) = %v, want %v", tt.st.NumFmt, tt.st.CustomNumFmt, got, tt.want)
		}
	}
}
