package ingest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/slaaudit/slaaudit/audit"
)

// csvSource reads ticket rows from CSV (SPEC §6, §3 "CSV").
//
// It decodes each record by column index instead of through
// gocsv.Unmarshaller: gocsv reflects into a new struct per row and cannot
// express the alias, --map and first-header-wins rules, while indexing the
// reused record costs nothing per field (the strings are substrings of the
// one string encoding/csv makes per record). The tests check this decoder
// against gocsv.Unmarshaller on the same csv.Reader settings
// (TestCSVAgreesWithGocsv).
type csvSource struct {
	name string
	cr   *csv.Reader
	win  *window
	cols [numFields]int
	// lastLine and lastField locate the end of the previous record, for the
	// position of a record that is too large.
	lastLine  int
	lastField string
}

// newCSVReader builds the csv.Reader that every CSV input of slaaudit uses:
// the given delimiter, rows of any length (short rows are padded by the
// caller), strict quotes, a reused record.
func newCSVReader(r io.Reader, delim rune) *csv.Reader {
	cr := csv.NewReader(r)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	cr.ReuseRecord = true
	return cr
}

func newCSVSource(name string, in io.Reader, delim rune, fm *fieldMap) (*csvSource, error) {
	win := newWindow(in)
	s := &csvSource{name: name, cr: newCSVReader(win, delim), win: win}
	for {
		rec, err := s.read()
		if err == io.EOF {
			return nil, &FileError{Source: audit.Source{File: name}, Err: errors.New("no header row")}
		}
		if err != nil {
			return nil, err
		}
		if blank(rec) {
			continue
		}
		line, _ := s.cr.FieldPos(0)
		if s.cols, err = fm.bindHeader(rec); err != nil {
			return nil, &FileError{Source: audit.Source{File: name, Line: line}, Err: err}
		}
		return s, nil
	}
}

// read returns the next record, turning errors into file errors.
func (s *csvSource) read() ([]string, error) {
	rec, err := s.cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		return nil, s.fail(err)
	}
	if s.win.mark(s.cr.InputOffset()) {
		line, _ := s.cr.FieldPos(0)
		return nil, &FileError{Source: audit.Source{File: s.name, Line: line}, Err: ErrRecordTooLarge}
	}
	s.lastLine, _ = s.cr.FieldPos(len(rec) - 1)
	s.lastField = rec[len(rec)-1]
	return rec, nil
}

func (s *csvSource) next(rw *row) error {
	for {
		rec, err := s.read()
		if err != nil {
			return err
		}
		// SPEC §3 "CSV": blank lines are not rows. encoding/csv skips empty
		// lines; a line of spaces or of empty fields (",,,", as
		// spreadsheets leave behind) is blank too.
		if blank(rec) {
			continue
		}
		// SPEC §3 "CSV": a row's position is the physical line on which
		// the record starts.
		line, _ := s.cr.FieldPos(0)
		rw.src = audit.Source{File: s.name, Line: line}
		for f, c := range s.cols {
			// SPEC §3 "CSV": short rows are padded with empty fields.
			if c >= 0 && c < len(rec) {
				rw.vals[f] = value{s: rec[c], k: kindString}
			} else {
				rw.vals[f] = value{}
			}
		}
		return nil
	}
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// fail turns a read error into a positioned file error.
func (s *csvSource) fail(err error) error {
	src := audit.Source{File: s.name}
	var pe *csv.ParseError
	switch {
	case errors.As(err, &pe):
		src.Line = pe.Line
		where := ""
		if pe.StartLine != pe.Line {
			where = fmt.Sprintf(" (in the record that starts on line %d)", pe.StartLine)
		}
		err = fmt.Errorf("column %d: %w%s", pe.Column, pe.Err, where)
	case errors.Is(err, ErrRecordTooLarge):
		// The record starts after the end of the previous one.
		src.Line = s.lastLine + strings.Count(s.lastField, "\n") + 1
	}
	return &FileError{Source: src, Err: err}
}
