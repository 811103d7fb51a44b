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
// the sheet shows it; a row's position is its row number in the sheet.
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
		for f, c := range s.cols {
			if c >= 0 && c < len(rec) {
				rw.vals[f] = value{s: rec[c], k: kindString}
			} else {
				rw.vals[f] = value{}
			}
		}
		return nil
	}
	if err := s.rows.Error(); err != nil {
		return s.fail(err)
	}
	s.rows.Close()
	return io.EOF
}
