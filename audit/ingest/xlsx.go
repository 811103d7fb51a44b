package ingest

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/slaaudit/slaaudit/audit"
)

// xlsxHeaderRows is how many rows from the top may hold the header of a
// sheet (SPEC §9): the first of them that binds an id column is the header,
// and the rows above it (a title) are skipped.
const xlsxHeaderRows = 10

// zonePrefix starts a line in which an export states its time zone
// (Zammad: "Timezone: Europe/Berlin" below the table).
const zonePrefix = "timezone:"

// xlsxSource reads ticket rows from the first sheet of an .xlsx workbook,
// or the sheet Options.Sheet names (SPEC §9 "XLSX input"), row by row
// through excelize's streaming row reader. A cell's value is its text as
// the sheet shows it, except a date cell (see isoDateCells); a row's
// position is its row number in the sheet.
//
// The workbook itself is read whole (a zip archive needs random access), so
// an .xlsx costs memory for its compressed size; its rows are then read
// one at a time.
type xlsxSource struct {
	name    string
	rows    *excelize.Rows
	row     int
	cols    [numFields]int
	binding Binding
	footer  string
}

// openXLSX opens the sheet of in and binds its header. zone is the zone
// the sheet states on a "Timezone: <zone>" row, or nil.
func openXLSX(name string, in io.Reader, sheet string, fm *fieldMap, q Requirements, footer string) (s *xlsxSource, zone *time.Location, err error) {
	f, err := excelize.OpenReader(in)
	if err != nil {
		return nil, nil, &FileError{Source: audit.Source{File: name}, Err: fmt.Errorf("not a readable .xlsx workbook: %w", err)}
	}
	sheets := f.GetSheetList()
	if sheet == "" {
		if len(sheets) == 0 {
			return nil, nil, &FileError{Source: audit.Source{File: name}, Err: errors.New("the workbook has no sheet")}
		}
		sheet = sheets[0]
	} else if !contains(sheets, sheet) {
		return nil, nil, &FileError{Source: audit.Source{File: name}, Err: fmt.Errorf("no sheet %q (the workbook has %s)", sheet, quoteList(sheets))}
	}
	if err := isoDateCells(f); err != nil {
		return nil, nil, &FileError{Source: audit.Source{File: name}, Err: err}
	}
	if zone, err = sheetZone(f, sheet, name); err != nil {
		return nil, nil, err
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, nil, &FileError{Source: audit.Source{File: name}, Err: err}
	}
	if footer == "" && zone != nil {
		footer = zonePrefix
	}
	s = &xlsxSource{name: name, rows: rows, footer: strings.ToLower(footer)}
	var first []string
	for s.row < xlsxHeaderRows && rows.Next() {
		s.row++
		rec, err := rows.Columns()
		if err != nil {
			return nil, nil, s.fail(err)
		}
		if blank(rec) {
			continue
		}
		if first == nil {
			first = rec
		}
		if bindsID(fm, rec) {
			s.cols, s.binding, err = fm.bindHeader(rec, q)
			if err != nil {
				return nil, nil, &FileError{Source: audit.Source{File: name, Line: s.row}, Err: err}
			}
			s.binding.Skipped = s.row - 1
			return s, zone, nil
		}
	}
	if first == nil {
		return nil, nil, &FileError{Source: audit.Source{File: name}, Err: errors.New("no header row")}
	}
	// No row binds an id: the binder names what is missing in the first.
	_, _, err = fm.bindHeader(first, q)
	if err == nil {
		err = errors.New("no header row")
	}
	return nil, nil, &FileError{Source: audit.Source{File: name, Line: 1}, Err: err}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// sheetZone finds a row whose first cell is "Timezone: <zone>" and loads
// the zone; a zone that does not load is a file error, since the file's
// times are in it.
func sheetZone(f *excelize.File, sheet, name string) (*time.Location, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, &FileError{Source: audit.Source{File: name}, Err: err}
	}
	defer rows.Close()
	for n := 1; rows.Next(); n++ {
		rec, err := rows.Columns()
		if err != nil || len(rec) == 0 {
			continue
		}
		cell := strings.TrimSpace(rec[0])
		if len(cell) > len(zonePrefix) && strings.EqualFold(cell[:len(zonePrefix)], zonePrefix) {
			z := strings.TrimSpace(cell[len(zonePrefix):])
			loc, err := time.LoadLocation(z)
			if err != nil || z == "Local" {
				return nil, &FileError{Source: audit.Source{File: name, Line: n}, Err: fmt.Errorf("%q is not a time zone slaaudit knows", z)}
			}
			return loc, nil
		}
	}
	return nil, nil
}

func (s *xlsxSource) fail(err error) error {
	return &FileError{Source: audit.Source{File: s.name, Line: s.row}, Err: err}
}

func (s *xlsxSource) next(rw *row) error {
	for s.rows.Next() {
		s.row++
		rec, err := s.rows.Columns()
		if err != nil {
			return s.fail(err)
		}
		// Blank rows are not rows (SPEC §3 "CSV"); neither is the footer
		// that states the zone.
		if blank(rec) || s.footer != "" && strings.HasPrefix(strings.ToLower(strings.TrimSpace(rec[0])), s.footer) {
			continue
		}
		rw.src = audit.Source{File: s.name, Line: s.row}
		rw.plain = false
		rw.fillRecord(rec, &s.cols)
		return nil
	}
	if err := s.rows.Error(); err != nil {
		return s.fail(err)
	}
	s.rows.Close()
	return io.EOF
}

// isoDateCells makes excelize show every date cell of f as its wall-clock
// time, "2006-01-02 15:04:05", so that it is read exactly like a time
// written as text (SPEC §9: date cells are wall-clock times and need a
// zone). A date cell is a number (days since the workbook's epoch, 1900 or
// 1904) with a date or time number format; as the sheet shows it
// ("10/2/26 18:15", "02.10.2026") it may be unreadable, or lose its
// seconds or its year's century.
//
// excelize's streaming row reader gives a cell's text as formatted by its
// style, but not the style itself, so the number format of each date style
// is pointed at one ISO format added with NewStyle; excelize then converts
// each date serial itself, in the workbook's date system (1900 or 1904),
// Excel's 1900 leap-year day included. Other number formats are left as
// they are.
func isoDateCells(f *excelize.File) error {
	if _, err := f.GetStyle(0); err != nil || f.Styles == nil || f.Styles.CellXfs == nil {
		return nil // no styles: no cell has a number format
	}
	n := len(f.Styles.CellXfs.Xf)
	var dates []int
	for i := range n {
		st, err := f.GetStyle(i)
		if err != nil {
			return fmt.Errorf("cell style %d: %w", i, err)
		}
		if isDateFormat(st) {
			dates = append(dates, i)
		}
	}
	if len(dates) == 0 {
		return nil
	}
	code := "yyyy-mm-dd hh:mm:ss"
	iso, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		return fmt.Errorf("cell styles: %w", err)
	}
	id := *f.Styles.CellXfs.Xf[iso].NumFmtID
	for _, i := range dates {
		f.Styles.CellXfs.Xf[i].NumFmtID = &id
	}
	return nil
}

// isDateFormat reports whether a cell style's number format shows a date
// or a time: one of Excel's built-in date and time formats (14–22, 45–47,
// and the East Asian and Thai ones: 27–36, 50–58, 71–81), or a custom code
// with a date or time part (y, m, d, h, s outside quoted text, escapes and
// brackets such as [Red] or [$-409], but counting [h] [m] [s]).
func isDateFormat(st *excelize.Style) bool {
	switch n := st.NumFmt; {
	case n >= 14 && n <= 22, n >= 45 && n <= 47, n >= 27 && n <= 36, n >= 50 && n <= 58, n >= 71 && n <= 81:
		return st.CustomNumFmt == nil
	}
	if st.CustomNumFmt == nil {
		return false
	}
	code := *st.CustomNumFmt
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 1
		case '\\', '_', '*':
			i++ // an escaped character, a space as wide as one, a fill
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return false
			}
			if j > 1 && strings.Trim(strings.ToLower(code[i+1:i+j]), "hms") == "" {
				return true // [h], [mm], [ss]: elapsed time
			}
			i += j
		case 'y', 'Y', 'm', 'M', 'd', 'D', 'h', 'H', 's', 'S':
			return true
		}
	}
	return false
}
