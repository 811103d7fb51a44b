package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/slaaudit/slaaudit/audit"
)

// csvSource reads ticket rows from CSV (SPEC §6, §3 "CSV").
//
// It decodes each record by column index instead of through
// gocsv.Unmarshaller: gocsv reflects into a new struct per row and cannot
// express the alias, --map and first-header-wins rules, while indexing the
// reused record costs nothing per field. The tests check this decoder
// against gocsv.Unmarshaller on the same csv.Reader settings
// (TestCSVAgreesWithGocsv).
//
// Records come from sc, a csvScanner, when the delimiter is one byte (the
// hot path: see csvScanner), else from cr, an encoding/csv Reader behind a
// window that bounds the record size.
type csvSource struct {
	name    string
	sc      *csvScanner
	cr      *csv.Reader
	win     *window
	cols    [numFields]int
	binding Binding
	// lastLine and lastField locate the end of the previous record, for the
	// position of a record that is too large (cr only).
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

// newCSVSource reads the header of a CSV ticket export.
func newCSVSource(name string, in io.Reader, delim rune, fm *fieldMap, q Requirements) (*csvSource, error) {
	s := &csvSource{name: name}
	if delim < utf8.RuneSelf {
		s.sc = newCSVScanner(in, byte(delim))
	} else {
		s.win = newWindow(in)
		s.cr = newCSVReader(s.win, delim)
	}
	err := s.header(func(rec []string) (err error) {
		s.cols, s.binding, err = fm.bindHeader(rec, q)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// header reads the first record that is not blank, the header of a CSV
// ticket export or history, and binds it with bind, whose error it places
// on the header's line.
func (s *csvSource) header(bind func(rec []string) error) error {
	for {
		rec, err := s.read()
		if err == io.EOF {
			return &FileError{Source: audit.Source{File: s.name}, Err: errors.New("no header row")}
		}
		if err != nil {
			return err
		}
		if blank(rec) {
			continue
		}
		line := s.line()
		if err := bind(rec); err != nil {
			return &FileError{Source: audit.Source{File: s.name, Line: line}, Err: err}
		}
		return nil
	}
}

// line returns the line on which the last record read starts.
func (s *csvSource) line() int {
	if s.sc != nil {
		return s.sc.recLine
	}
	line, _ := s.cr.FieldPos(0)
	return line
}

// read returns the next record, turning errors into file errors. The record
// is reused by the next call; its strings stay valid.
func (s *csvSource) read() ([]string, error) {
	if s.sc != nil {
		rec, err := s.sc.read()
		if err != nil {
			if err == io.EOF {
				return nil, io.EOF
			}
			return nil, s.fail(err)
		}
		return rec, nil
	}
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
		rw.src = audit.Source{File: s.name, Line: s.line()}
		rw.plain = s.sc != nil && s.sc.plain
		rw.fillRecord(rec, &s.cols)
		return nil
	}
}

func blank(rec []string) bool {
	for _, f := range rec {
		if trim(f) != "" {
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
	case errors.Is(err, ErrRecordTooLarge) && s.sc != nil:
		src.Line = s.sc.recLine
	case errors.Is(err, ErrRecordTooLarge):
		// The record starts after the end of the previous one.
		src.Line = s.lastLine + strings.Count(s.lastField, "\n") + 1
	}
	return &FileError{Source: src, Err: err}
}

// csvScanner reads CSV records as encoding/csv does with the settings of
// newCSVReader (any number of fields, strict quotes, no comments, no
// trimming) for a one-byte delimiter, with the same records, the same line
// numbers and the same *csv.ParseError values (TestCSVScannerAgrees,
// FuzzCSVScanner), but at about a third of the cost per record, which
// matters because reading is most of the time of an audit.
//
// The savings: a line without a quote (nearly every line of an export) is
// copied once and cut at the delimiters, with no per-field bookkeeping; and
// the records' strings do not cost an allocation each: the bytes of many
// records share one append-only block, and a record's fields are substrings
// of a string made over its bytes in that block (unsafe.String). A block is
// never written where a string points, so the strings are as immutable and
// as long-lived as encoding/csv's; a string kept alive keeps its block
// (64 KiB) alive, so callers that keep a few strings of many records copy
// them (the audit engine does). A chunk of a split input, in memory and
// never changed (data), is not even copied: the fields of a line without
// quotes are substrings of it.
//
// A record may be at most MaxRecordBytes long, counted from the start of its
// first line to the end of its last, line ends included; a longer one is
// ErrRecordTooLarge, with recLine the line on which it starts.
type csvScanner struct {
	br *bufio.Reader
	// data, when br is nil, is the whole input, in memory and never
	// written (a chunk of a split input, split.go, maybe of a mapped
	// file): a line without quotes is not copied, its fields are
	// substrings of data. A line ending in "\r\n" is normalised in crlf
	// instead, and copied says that the last line read was.
	data   []byte
	crlf   []byte
	copied bool
	comma  byte
	// line counts the lines read; recLine is the line on which the last
	// record starts.
	line, recLine int
	// recBytes counts the bytes of the record read so far.
	recBytes int
	spill    []byte // a line longer than br's buffer
	block    []byte // the bytes of the records' strings
	ends     []int  // field ends in the slow path, relative to the record
	rec      []string
	// plain reports that the last record read is plain ASCII without NUL
	// (see plainASCII), checked for the whole line at once in the fast
	// path; false means unknown.
	plain bool
}

// csvBlockSize is the size of a string block: about 800 records of a
// typical export per allocation.
const csvBlockSize = 64 << 10

func newCSVScanner(in io.Reader, comma byte) *csvScanner {
	br, ok := in.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(in, 64<<10)
	}
	return &csvScanner{br: br, comma: comma}
}

// readLine is encoding/csv's readLine: it returns the next line with its
// "\n", a final "\r\n" normalised to "\n", and at the end of the input a
// trailing "\r" dropped. It reports ErrRecordTooLarge when the record would
// pass MaxRecordBytes.
func (s *csvScanner) readLine() ([]byte, error) {
	if s.br == nil {
		return s.readLineData()
	}
	line, err := s.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		s.spill = append(s.spill[:0], line...)
		for err == bufio.ErrBufferFull {
			if s.recBytes+len(s.spill) > MaxRecordBytes {
				return nil, ErrRecordTooLarge
			}
			line, err = s.br.ReadSlice('\n')
			s.spill = append(s.spill, line...)
		}
		line = s.spill
	}
	n := len(line)
	if s.recBytes += n; s.recBytes > MaxRecordBytes {
		return nil, ErrRecordTooLarge
	}
	if n > 0 && err == io.EOF {
		err = nil
		// As encoding/csv: drop a trailing \r before the end.
		if line[n-1] == '\r' {
			line = line[:n-1]
		}
	}
	return s.endLine(line), err
}

// readLineData is readLine from s.data.
func (s *csvScanner) readLineData() ([]byte, error) {
	if len(s.data) == 0 {
		return nil, io.EOF
	}
	line := s.data
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i+1]
	}
	s.data = s.data[len(line):]
	n := len(line)
	if s.recBytes += n; s.recBytes > MaxRecordBytes {
		return nil, ErrRecordTooLarge
	}
	// As encoding/csv: drop a trailing \r before the end.
	if len(s.data) == 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return s.endLine(line), nil
}

// endLine counts line and normalises its end as encoding/csv does: a
// final "\r\n" becomes "\n" (in a copy, for a line of data).
func (s *csvScanner) endLine(line []byte) []byte {
	s.line++
	s.copied = false
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		if s.br == nil {
			s.crlf = append(append(s.crlf[:0], line[:n-2]...), '\n')
			s.copied = true
			return s.crlf
		}
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line
}

func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

// put appends b to the record being built, which starts at start in the
// block, and returns the record's new start: when the block is full the
// record moves to a new one (none of its strings exist yet).
func (s *csvScanner) put(start int, b []byte) int {
	if len(s.block)+len(b) > cap(s.block) {
		rec := s.block[start:]
		nb := make([]byte, 0, max(csvBlockSize, 2*(len(rec)+len(b))))
		s.block = append(nb, rec...)
		start = 0
	}
	s.block = append(s.block, b...)
	return start
}

// str returns the bytes of the block from start as a string. The block is
// append-only, so the bytes never change while the string exists.
func (s *csvScanner) str(start int) string {
	if start == len(s.block) {
		return ""
	}
	return unsafe.String(&s.block[start], len(s.block)-start)
}

// read returns the next record, reused by the next call, or io.EOF. Errors
// are *csv.ParseError, ErrRecordTooLarge or the input's read error.
func (s *csvScanner) read() ([]string, error) {
	s.plain = false
	// Skip empty lines, as encoding/csv does.
	var line []byte
	var errRead error
	for errRead == nil {
		s.recBytes = 0
		s.recLine = s.line + 1
		line, errRead = s.readLine()
		if errRead == nil && len(line) == lengthNL(line) {
			continue
		}
		break
	}
	if errRead == io.EOF {
		return nil, io.EOF
	}
	if errRead == ErrRecordTooLarge {
		return nil, errRead
	}
	s.recLine = s.line
	if errRead == nil && bytes.IndexByte(line, '"') < 0 {
		// The fast path: no quotes, so every field is the bytes between
		// delimiters: of the block, or of data, which never changes.
		var rest string
		if body := line[:len(line)-lengthNL(line)]; s.br == nil && !s.copied && len(body) > 0 {
			rest = unsafe.String(&body[0], len(body))
		} else {
			rest = s.str(s.put(len(s.block), body))
		}
		// One pass over the line spares Reader.build a check per field.
		s.plain = plainASCII(rest)
		s.rec = s.rec[:0]
		for {
			i := strings.IndexByte(rest, s.comma)
			if i < 0 {
				s.rec = append(s.rec, rest)
				return s.rec, nil
			}
			s.rec = append(s.rec, rest[:i])
			rest = rest[i+1:]
		}
	}
	return s.readQuoted(line, errRead)
}

// readQuoted parses a record whose first line, line, has a quote: the
// field loop of encoding/csv's readRecord, line for line, writing into the
// block.
func (s *csvScanner) readQuoted(line []byte, errRead error) ([]string, error) {
	const quoteLen = 1
	const commaLen = 1
	var err error
	recLine := s.line
	start := len(s.block)
	s.ends = s.ends[:0]
	type position struct{ line, col int }
	pos := position{line: s.line, col: 1}
parseField:
	for {
		if len(line) == 0 || line[0] != '"' {
			// Non-quoted string field
			i := bytes.IndexByte(line, s.comma)
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-lengthNL(field)]
			}
			// Check to make sure a quote does not appear in field.
			if j := bytes.IndexByte(field, '"'); j >= 0 {
				col := pos.col + j
				err = &csv.ParseError{StartLine: recLine, Line: s.line, Column: col, Err: csv.ErrBareQuote}
				break parseField
			}
			start = s.put(start, field)
			s.ends = append(s.ends, len(s.block)-start)
			if i >= 0 {
				line = line[i+commaLen:]
				pos.col += i + commaLen
				continue parseField
			}
			break parseField
		} else {
			// Quoted string field
			line = line[quoteLen:]
			pos.col += quoteLen
			for {
				i := bytes.IndexByte(line, '"')
				if i >= 0 {
					// Hit next quote.
					start = s.put(start, line[:i])
					line = line[i+quoteLen:]
					pos.col += i + quoteLen
					switch {
					case len(line) > 0 && line[0] == '"':
						// `""` sequence (append quote).
						start = s.put(start, line[:1])
						line = line[quoteLen:]
						pos.col += quoteLen
					case len(line) > 0 && line[0] == s.comma:
						// `",` sequence (end of field).
						line = line[commaLen:]
						pos.col += commaLen
						s.ends = append(s.ends, len(s.block)-start)
						continue parseField
					case lengthNL(line) == len(line):
						// `"\n` sequence (end of line).
						s.ends = append(s.ends, len(s.block)-start)
						break parseField
					default:
						// `"*` sequence (invalid non-escaped quote).
						err = &csv.ParseError{StartLine: recLine, Line: s.line, Column: pos.col - quoteLen, Err: csv.ErrQuote}
						break parseField
					}
				} else if len(line) > 0 {
					// Hit end of line (copy all data so far).
					start = s.put(start, line)
					if errRead != nil {
						break parseField
					}
					pos.col += len(line)
					line, errRead = s.readLine()
					if errRead == ErrRecordTooLarge {
						return nil, errRead
					}
					if len(line) > 0 {
						pos.line++
						pos.col = 1
					}
					if errRead == io.EOF {
						errRead = nil
					}
				} else {
					// Abrupt end of file (EOF or error).
					if errRead == nil {
						err = &csv.ParseError{StartLine: recLine, Line: pos.line, Column: pos.col, Err: csv.ErrQuote}
						break parseField
					}
					s.ends = append(s.ends, len(s.block)-start)
					break parseField
				}
			}
		}
	}
	if err == nil {
		err = errRead
	}
	str := s.str(start)
	s.rec = s.rec[:0]
	prev := 0
	for _, end := range s.ends {
		s.rec = append(s.rec, str[prev:end])
		prev = end
	}
	return s.rec, err
}
