// Package ingest reads exported ticket rows (SPEC §6) into audit.Tickets:
// CSV, a JSON array, a JSON object with a "tickets" array, NDJSON or an
// .xlsx sheet, optionally gzip-compressed. It is a pull-based stream:
// Reader.Scan reads one row at a time, so a file is audited as it is read
// and never held in memory whole.
//
// An input goes through one stage per file, in one direction: its bytes
// (openStream: gzip, size limit, byte-order mark), its layout (detect.go:
// format, delimiter, list path, shape, preset), its records (csv.go,
// json.go, xlsx.go), their binding to the canonical fields (fields.go,
// decided once per input and reported, SPEC §9), and what they become
// (row.go: tickets; history.go: tickets from events). A zone the file
// itself states (zone.go: Zammad's "Timezone:" line, which a CSV has after
// its table and so is read from the file's end before its rows) reads its
// zone-less times unless one is given (SPEC §9).
//
// Where this differs from the sketch it grew from (DESIGN-ingest.md), and
// why: Detect takes a final flag and may ask for more of the input, so
// that a slow stdin is waited on for its header only, not for 1 MiB;
// Scan fills the caller's ticket instead of returning one, so that the
// pipeline's batches cost no copy per row; the binder (bindColumns) lives
// with the fields it binds, in fields.go.
//
// It also reads ticket histories, one row per event in any order (SPEC §6
// "Ticket histories"; Options.Shape, detected from the header or the first
// JSON record), and helpdesks' own exports through a preset (Options.Preset,
// the YAML files of presets/, or Options.PresetFile). A history is the one
// input that is not streamed ticket by ticket: its tickets come out at the
// end of the input (see history.go for the memory this costs).
//
// A row that cannot be read is a rejection with its position (SPEC §3.6),
// which Scan returns as data (Reader.Rejection); a file that cannot be read
// is a *FileError (Reader.Err), which stops the audit.
// The checks of SPEC §3 "Order of row checks" that come after reading —
// response before submission, duplicate ids, period, plan and channel — are
// the audit engine's, not this package's.
//
// # Text and times
//
// Input is UTF-8 (SPEC §6), with or without a byte-order mark. A UTF-16 file
// — one that starts with a UTF-16 byte-order mark, or with a zero byte
// beside each of its first characters — is a file error (ErrUTF16). A value
// of a field the reader uses that holds a NUL byte or invalid UTF-8 rejects
// its row ("customer: contains a NUL byte", "customer: is not valid
// UTF-8"), naming the first such field in the order of SPEC §6 (in a
// history: ticket_id, at, event, actor, public, then the ticket fields),
// before the checks of SPEC §3; bytes in columns the reader does not use do
// not matter. In JSON a raw NUL is a syntax error and an escaped one (\u0000) is
// a NUL. A time whose year, as written, is outside MinYear to MaxYear
// (1900–2199) rejects its row (ParseTime).
//
// # Limits
//
// Reading is bounded so that a hostile or broken file costs bounded memory:
//
//   - one CSV record, NDJSON line or JSON array element may be at most
//     MaxRecordBytes (1 MiB); a larger one is a file error naming the line;
//   - one JSON ticket may nest objects and arrays at most MaxDepth (64)
//     levels deep; deeper is a file error;
//   - the input may be at most Options.MaxInputBytes after decompression
//     (DefaultMaxInputBytes, 4 GiB, when zero); more is a file error.
//
// # Stability
//
// Its API serves the slaaudit command and may change in any release
// (package audit's doc, "Stability"); ExampleOpen shows the use.
package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"

	"github.com/slaaudit/slaaudit/audit"
)

// Limits on what one file may make the reader hold (see the package doc).
const (
	// MaxRecordBytes bounds one CSV record, one NDJSON line and one JSON
	// array element.
	MaxRecordBytes = 1 << 20
	// MaxDepth bounds the nesting of objects and arrays within one JSON
	// ticket, counting the ticket object itself as 1.
	MaxDepth = 64
	// DefaultMaxInputBytes is the decompressed size limit used when
	// Options.MaxInputBytes is 0.
	DefaultMaxInputBytes = 4 << 30
)

// Errors that stop reading a file; a *FileError wraps them with the
// position.
var (
	ErrInputTooLarge  = errors.New("input is larger than the size limit")
	ErrRecordTooLarge = errors.New("record is larger than 1 MiB")
	ErrTooDeep        = fmt.Errorf("JSON nests deeper than %d levels", MaxDepth)
	ErrUTF16          = errors.New("the file is UTF-16; convert it to UTF-8 (for example: iconv -f UTF-16 -t UTF-8)")
	ErrUTF32          = errors.New("the file is UTF-32; convert it to UTF-8 (for example: iconv -f UTF-32 -t UTF-8)")
)

// Options configures reading.
type Options struct {
	// InputTZ reads times that have no zone (--input-tz). When nil such a
	// time is a row rejection that says to pass --input-tz.
	InputTZ *time.Location
	// TimeLayout is a Go time layout tried before the standard forms
	// (--time-layout), for forms such as 02/10/2026 15:04.
	TimeLayout string
	// Map maps a canonical field (see Fields) to a header name in the file
	// (--map field=Header). A mapped header wins over the aliases of
	// SPEC §6; in CSV it must exist.
	Map map[string]string
	// Delimiter separates CSV fields (--delimiter); 0 means ',' (a tab for a
	// .tsv file).
	Delimiter rune
	// Format is "csv", "json" (an array, an object with a "tickets" array,
	// or NDJSON, told apart by content) or "ndjson"; "" detects it from the
	// file name and then the content.
	Format string
	// MaxInputBytes limits the input size after decompression; 0 means
	// DefaultMaxInputBytes and a negative value means no limit.
	MaxInputBytes int64
	// Shape is ShapeRows (one row per ticket), ShapeHistory (one row per
	// event, SPEC §6 "Ticket histories") or "" to detect it from the
	// header or the first JSON object (--shape).
	Shape string
	// Preset reads a helpdesk's own export unedited (--preset): one of
	// Presets(), or "" for none. A preset fixes the shape.
	Preset string
	// Sheet names the sheet of an .xlsx input to read (--sheet); "" reads
	// the first.
	Sheet string
	// PresetFile, when not nil, is the preset in use instead of Preset
	// (--preset-file).
	PresetFile *Preset
	// Require names the fields besides id and submitted_at that the input
	// must have a column for (SPEC §9); a missing one is a *MissingError.
	Require Requirements
	// Trail fills audit.Ticket.Trail for a history: one line per event,
	// used or skipped and why (for `slaaudit explain`). It costs memory per
	// event, so leave it off for a plain audit.
	Trail bool
	// TrailFor, when not empty, keeps the trail of the ticket with this id
	// only (SPEC §12: explain keeps only the events of its ticket).
	TrailFor string
	// HistoryWorkers, when 2 or more, reads a history (in CSV with a
	// one-byte delimiter, NDJSON or a JSON array) on that many goroutines
	// (at most 4) besides the caller's: they read and check its rows in
	// chunks, and Scan folds them into tickets in input order, with the
	// very tickets, rejections, positions, binding and errors of a
	// sequential read (history_split.go). Close stops them.
	HistoryWorkers int
}

// Shapes accepted in Options.Shape.
const (
	ShapeRows    = "rows"
	ShapeHistory = "history"
)

// FileError is an error that stops reading a file: unreadable, malformed
// (a CSV quote error, a JSON syntax error), a missing required column, or
// over a limit. It prints as "export.csv:12: reason" or "export.csv: reason",
// without a program prefix.
type FileError struct {
	// Source is the file and, when known, the line (or JSON array index).
	Source audit.Source
	// Field names the field at fault, if any.
	Field string
	Err   error
}

// Error formats the error as "file:line: field: reason".
func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.Source.String())
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// rowSource produces raw rows. next returns io.EOF at the end, a
// *audit.Rejection for an element that is not a ticket object, or a
// *FileError.
type rowSource interface {
	next(rw *row) error
}

// Reader reads tickets from one input. It is not safe for concurrent use.
type Reader struct {
	name    string
	opts    Options
	fields  *fieldMap
	src     rowSource
	closers []io.Closer
	row     row
	err     error // sticky: io.EOF or a file error
	// hist reads a history instead of src (history.go); preset is the
	// --preset in use, or nil (preset.go).
	hist   *history
	preset *preset
	layout Layout
	rej    *audit.Rejection // the last row Scan read, when rejected
	// compressed reports that the input is gzip-compressed.
	compressed bool
	// scanned reports that Scan has been called or the input split; split
	// that the input was split (split.go), so that Scan fails.
	scanned, split bool
	// from is the Splitter whose chunk the Reader reads (split.go).
	from *Splitter
	// stream is the buffered input (openStream), and unbuffered what it
	// reads from, which a Splitter reads once stream has nothing buffered.
	stream     *bufio.Reader
	unbuffered io.Reader
	// file is the input when it is a file, and head the first reader of
	// it (openStream), for a Splitter to map the rest (mapRest).
	file *os.File
	head *bufio.Reader
}

// Open opens the file at path, or reads stdin when path is "-" (named
// "stdin" in positions). A .gz file, recognised by its name or its magic
// bytes, is decompressed transparently. The format comes from
// opts.Format, else the name (.csv, .tsv, .json, .ndjson, .jsonl, each
// optionally followed by .gz), else the content.
func Open(path string, stdin io.Reader, opts Options) (*Reader, error) {
	if path == "-" {
		return newReader(stdin, "stdin", "", opts, nil)
	}
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &FileError{Source: audit.Source{File: path}, Err: err}
	}
	// A directory opens; reading it fails with an error that names the
	// path a second time ("/tmp: read /tmp: is a directory").
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, &FileError{Source: audit.Source{File: path}, Err: errors.New("is a directory")}
	}
	r, err := newReader(f, path, path, opts, f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return r, nil
}

// NewReader reads tickets from r, calling the input name in positions and
// choosing the format from name like Open does.
func NewReader(r io.Reader, name string, opts Options) (*Reader, error) {
	return newReader(r, name, name, opts, nil)
}

func newReader(in io.Reader, name, path string, opts Options, closer io.Closer) (*Reader, error) {
	p, err := opts.check()
	if err != nil {
		return nil, err
	}
	r := &Reader{name: name, opts: opts, preset: p}
	if closer != nil {
		r.closers = append(r.closers, closer)
	}
	if f, ok := in.(*os.File); ok {
		r.file = f
	}
	if err := r.open(in, path); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// open runs the stages of reading an input, each once and in one
// direction: the bytes (openStream), their layout (Detect), the records
// (csvSource, jsonRecords) and what the records become (rows or a
// history).
func (r *Reader) open(in io.Reader, path string) error {
	body, err := r.openStream(in)
	if err != nil {
		return err
	}
	l, err := r.detect(body, path)
	if err != nil {
		return err
	}
	r.layout = l
	// A preset's time layout applies unless one was given (--time-layout).
	if r.opts.TimeLayout == "" && r.preset != nil {
		if l.Format == "csv" || l.Format == "xlsx" {
			r.opts.TimeLayout = r.preset.csvLayout
		} else {
			r.opts.TimeLayout = r.preset.jsonTime
		}
	}
	m, paths, err := r.preset.fieldMap(r.opts.Map, l.Format, l.Shape, l.Header)
	if err != nil {
		return err
	}
	fm, err := newFieldMap(m)
	if err != nil {
		return err
	}
	r.preset.nameFields(fm, l.Format)
	r.fields = fm
	var csvIn io.Reader = body
	if l.Format == "csv" {
		csvIn = r.preset.filter(body, l.Delimiter)
	}
	if l.Shape == ShapeHistory {
		r.hist, err = r.newHistory(body, csvIn, l, paths)
		return err
	}
	if l.Format == "csv" {
		// SPEC §9: a zone the file states is read from its end before its
		// rows, when the file can be read from its end.
		var zone *time.Location
		if r.preset.statesZone() && !r.compressed {
			var ok bool
			if zone, ok, err = csvTrailerZone(in, r.name, l.Delimiter); err != nil {
				return err
			} else if !ok {
				zone = nil
			}
		}
		var src *csvSource
		src, err = newCSVSource(r.name, csvIn, l.Delimiter, fm, r.opts.Require)
		if err == nil && zone != nil {
			r.statedZone(&src.binding, zone, "the file's Timezone: line")
		}
		r.src = src
		return err
	}
	if l.Format == "xlsx" {
		footer := ""
		if r.preset != nil {
			footer = r.preset.footer
		}
		var zone *time.Location
		var src *xlsxSource
		src, zone, err = openXLSX(r.name, body, r.opts.Sheet, fm, r.opts.Require, footer)
		// SPEC §9: a zone the file states reads its zone-less times, unless
		// one was given.
		if err == nil && zone != nil {
			r.statedZone(&src.binding, zone, "the file's Timezone: line")
		}
		r.src = src
		return err
	}
	r.src = &rowJSON{recs: newJSONRecords(r.name, body, l), fm: fm, paths: paths, req: r.opts.Require}
	return nil
}

// Binding returns which header or JSON key feeds each field (SPEC §9). For
// CSV it is decided at the header; for JSON, where a key may be absent
// from some records, it is complete at the end of the input.
func (r *Reader) Binding() Binding {
	switch src := r.src.(type) {
	case *csvSource:
		return src.binding
	case *xlsxSource:
		return src.binding
	case *rowJSON:
		return src.binding()
	}
	if r.hist != nil {
		if hj, ok := r.hist.src.(*historyJSON); ok {
			return hj.binding()
		}
		return r.hist.binding
	}
	return Binding{}
}

// detect peeks at as much of body as Detect needs, from 4 KiB up to the
// buffer's size, so that a slow stdin is not waited on for more than its
// header.
func (r *Reader) detect(body *bufio.Reader, path string) (Layout, error) {
	for n := 4096; ; n *= 2 {
		n = min(n, body.Size())
		// A read error (a size limit, a corrupt .gz) ends the head; it
		// comes again, positioned, when the records are read, after the
		// rows before it.
		head, err := body.Peek(n)
		final := err != nil || n == body.Size()
		l, err := Detect(head, final, path, r.opts)
		if err != errShortHead {
			return l, err
		}
	}
}

// Layout returns what Detect decided about the input.
func (r *Reader) Layout() Layout { return r.layout }

// openStream decompresses, limits and un-BOMs in. The returned reader has a
// buffer of MaxRecordBytes.
func (r *Reader) openStream(in io.Reader) (*bufio.Reader, error) {
	br := bufio.NewReader(in)
	r.head = br
	magic, _ := br.Peek(2)
	gz := len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b
	r.compressed = gz
	if !gz && strings.HasSuffix(strings.ToLower(r.name), ".gz") {
		if len(magic) == 0 {
			return nil, r.fileError(0, errors.New("gzip: the file is empty"))
		}
		return nil, r.fileError(0, errors.New("gzip: not a gzip file (it does not start with the gzip magic bytes)"))
	}
	var body io.Reader = br
	if gz {
		zr, err := gzip.NewReader(br)
		if err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return nil, r.fileError(0, errors.New("gzip: the file is cut short"))
			}
			if errors.Is(err, gzip.ErrHeader) {
				return nil, r.fileError(0, errors.New("gzip: not a gzip file (invalid header)"))
			}
			return nil, r.fileError(0, fmt.Errorf("gzip: %w", err))
		}
		r.closers = append(r.closers, zr)
		body = gzipErrors{zr}
	}
	max := r.opts.MaxInputBytes
	if max == 0 {
		max = DefaultMaxInputBytes
	}
	if max > 0 {
		body = &sizeLimit{r: body, left: max, max: max}
	}
	buf := bufio.NewReaderSize(body, MaxRecordBytes)
	r.stream, r.unbuffered = buf, body
	// SPEC §6: UTF-8 with or without a byte-order mark.
	if bom, _ := buf.Peek(3); bytes.Equal(bom, []byte("\uFEFF")) {
		buf.Discard(3)
	} else if head, _ := buf.Peek(64); isUTF32(head) {
		return nil, r.fileError(0, ErrUTF32)
	} else if isUTF16(head) {
		return nil, r.fileError(0, ErrUTF16)
	}
	return buf, nil
}

func trimGz(s string) string { return strings.TrimSuffix(s, ".gz") }

// isUTF16 reports whether the start of an input, head, is UTF-16 text:
// a UTF-16 byte-order mark (FF FE or FE FF), or without one at least two
// characters that each have a zero byte on the same side, as ASCII text
// encoded as UTF-16 has ("i\x00d\x00" or "\x00i\x00d"). SPEC §6 reads
// UTF-8 only; read as UTF-8, such a file would fail with a puzzling
// "no id column" or have every character stand next to a NUL.
func isUTF16(head []byte) bool {
	if len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		return true
	}
	n := len(head) &^ 1
	if n < 4 {
		return false
	}
	little, big := true, true
	for i := 0; i < n; i += 2 {
		little = little && head[i] != 0 && head[i+1] == 0
		big = big && head[i] == 0 && head[i+1] != 0
	}
	return little || big
}

// isUTF32 reports whether head starts with a UTF-32 byte-order mark
// (FF FE 00 00 or 00 00 FE FF), or is ASCII text encoded as UTF-32: three
// zero bytes beside each of its first characters.
func isUTF32(head []byte) bool {
	if len(head) >= 4 && (bytes.HasPrefix(head, []byte{0xFF, 0xFE, 0, 0}) || bytes.HasPrefix(head, []byte{0, 0, 0xFE, 0xFF})) {
		return true
	}
	n := len(head) &^ 3
	if n < 8 {
		return false
	}
	little, big := true, true
	for i := 0; i < n; i += 4 {
		little = little && head[i] != 0 && head[i+1] == 0 && head[i+2] == 0 && head[i+3] == 0
		big = big && head[i] == 0 && head[i+1] == 0 && head[i+2] == 0 && head[i+3] != 0
	}
	return little || big
}

// validDelim mirrors encoding/csv's rule for Comma.
func validDelim(r rune) bool {
	return r != 0 && r != '"' && r != '\r' && r != '\n' && utf8.ValidRune(r) && r != utf8.RuneError
}

// firstByte peeks at the first byte that is not JSON white space, or 0 when
// the buffer holds nothing else.
func firstByte(br *bufio.Reader) (byte, error) {
	for n := 64; ; n *= 2 {
		n = min(n, br.Size())
		b, err := br.Peek(n)
		if i := bytes.IndexFunc(b, func(r rune) bool { return !isSpace(r) }); i >= 0 {
			return b[i], nil
		}
		if err != nil || n == br.Size() {
			return 0, err
		}
	}
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\n' }

// Scan reads the next row of the input into *t, like bufio.Scanner.Scan
// but into the caller's ticket, so that a batch of rows costs no copy. It
// reports false at the end of the input or when the file cannot be read
// further; Err then says which. After Scan returns true, Rejection reports
// whether the row was rejected (SPEC §3.6): a rejected row is data, with
// its position and reason, and *t is then not a ticket.
//
// Scan overwrites every field of *t. Strings in t stay valid after the
// next call; t.Warnings is a new slice for each ticket that has warnings.
//
// For a history (SPEC §6 "Ticket histories") every call until the end of
// the input reads events; rejections of event rows without a ticket id come
// as they are met, then each ticket, or the rejection of a ticket, in the
// order of its first event. So Scan gives one row per ticket id plus one
// per event row rejected before a ticket id could be read, which is the
// SPEC §6 accounting of `rows` for a history.
func (r *Reader) Scan(t *audit.Ticket) bool {
	r.rej = nil
	r.scanned = true
	if r.split {
		r.err = errSplit
	}
	switch err := r.next(t); {
	case err == nil:
		return true
	case r.err != nil:
		return false
	default:
		// next returns a row's rejection as an error only inside this
		// package; callers see it as data.
		r.rej = err.(*audit.Rejection)
		return true
	}
}

// Rejection returns the rejection of the row the last Scan read, or nil
// when that row is a ticket.
func (r *Reader) Rejection() *audit.Rejection { return r.rej }

// Err returns the error that ended reading: nil at the end of the input,
// else a *FileError (or a usage error such as an unknown preset).
func (r *Reader) Err() error {
	if r.err == io.EOF {
		return nil
	}
	return r.err
}

// next fills *t with the next ticket and returns nil, a *audit.Rejection
// for a row that cannot be read, or (stickily, in r.err) io.EOF or the
// error that stops reading.
func (r *Reader) next(t *audit.Ticket) error {
	if r.err != nil {
		return r.err
	}
	var err error
	if r.hist != nil {
		err = r.nextHistory(t)
	} else if err = r.src.next(&r.row); err == nil {
		err = r.build(&r.row, t)
		if r.preset != nil {
			r.preset.adjust(r, t, err)
		}
	}
	if _, isRej := err.(*audit.Rejection); err != nil && !isRej {
		r.err = err
	}
	return err
}

// Events reports how many event rows of a history have been read so far
// (SPEC §6: the JSON counts' "events"), including rows that were rejected;
// it is 0 for ticket rows.
func (r *Reader) Events() int {
	if r.hist == nil {
		return 0
	}
	return r.hist.events
}

// Close releases the file and decompressor. It does not close the stdin
// reader given to Open or the reader given to NewReader.
func (r *Reader) Close() error {
	var first error
	for i := len(r.closers) - 1; i >= 0; i-- {
		if err := r.closers[i].Close(); err != nil && first == nil {
			first = err
		}
	}
	r.closers = nil
	return first
}

func (r *Reader) fileError(line int, err error) error {
	return &FileError{Source: audit.Source{File: r.name, Line: line}, Err: err}
}

// gzipErrors names gzip in the errors of a compressed input that
// compress/gzip does not ("flate: corrupt input …", "unexpected EOF"); its
// own errors already start with "gzip:".
type gzipErrors struct{ r io.Reader }

func (g gzipErrors) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF && !errors.Is(err, gzip.ErrChecksum) && !errors.Is(err, gzip.ErrHeader) {
		err = fmt.Errorf("gzip: %w", err)
	}
	return n, err
}

// sizeLimit fails with ErrInputTooLarge once more than left bytes are read.
//
// The error is sticky: every Read after it returns it again. A reader
// above may drop an error it meets while peeking (bufio.Reader.Peek returns
// a short buffer and the error once, and its next Read asks again); since
// the probe byte is consumed, a second probe would see the end of the input
// and the file would be read cut short without a word.
type sizeLimit struct {
	r    io.Reader
	left int64
	max  int64
	err  error
}

func (s *sizeLimit) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.left <= 0 {
		var probe [1]byte
		for {
			n, err := s.r.Read(probe[:])
			if n > 0 {
				s.err = fmt.Errorf("%w (%s after decompression)", ErrInputTooLarge, formatBytes(s.max))
				return 0, s.err
			}
			if err != nil {
				return 0, err
			}
		}
	}
	if int64(len(p)) > s.left {
		p = p[:s.left]
	}
	n, err := s.r.Read(p)
	s.left -= int64(n)
	return n, err
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// window bounds how far a decoder may read past the end of the last whole
// record (mark), so that one record costs at most about MaxRecordBytes of
// memory. It also counts the lines it delivers, for JSON error positions.
type window struct {
	r     io.Reader
	read  int64 // bytes delivered
	base  int64 // offset of the last mark
	limit int64 // read may not pass this offset
	lines int   // newlines delivered
}

// windowSlack covers the read-ahead of the decoder behind the window.
const windowSlack = 64 << 10

func newWindow(r io.Reader) *window {
	return &window{r: r, limit: MaxRecordBytes + windowSlack}
}

// mark records that everything before offset off has been decoded, and
// reports whether the record that ends there, since the previous mark, is
// larger than MaxRecordBytes. (The window itself lets a decoder read a little
// further, so that it bounds memory without cutting a record short.)
func (w *window) mark(off int64) (tooLarge bool) {
	tooLarge = off-w.base > MaxRecordBytes
	w.base = off
	w.limit = off + MaxRecordBytes + windowSlack
	return tooLarge
}

func (w *window) Read(p []byte) (int, error) {
	room := w.limit - w.read
	if room <= 0 {
		return 0, ErrRecordTooLarge
	}
	if int64(len(p)) > room {
		p = p[:room]
	}
	n, err := w.r.Read(p)
	w.read += int64(n)
	w.lines += bytes.Count(p[:n], []byte{'\n'})
	return n, err
}
