package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/slaaudit/slaaudit/audit"
)

// newJSONSource decides between a JSON array, an object with a "tickets"
// array and NDJSON by peeking (SPEC §6): '[' is an array; '{' is NDJSON when
// the first line is a complete object without a "tickets" array, and the
// wrapper object otherwise.
func newJSONSource(name string, br *bufio.Reader, fm *fieldMap) (rowSource, error) {
	c, err := firstByte(br)
	if err != nil && err != io.EOF {
		return nil, &FileError{Source: audit.Source{File: name}, Err: err}
	}
	switch c {
	case '[':
		return &jsonSource{name: name, br: br, fm: fm}, nil
	case '{':
		if firstLineIsTicket(br) {
			return newNDJSONSource(name, br, fm), nil
		}
		return &jsonSource{name: name, br: br, fm: fm, wrapper: true}, nil
	case 0:
		return nil, &FileError{Source: audit.Source{File: name}, Err: errors.New("no JSON value (empty input)")}
	}
	return nil, &FileError{Source: audit.Source{File: name, Line: 1},
		Err: fmt.Errorf("JSON input starts with %q; want an array, an object with a \"tickets\" array, or one object per line", c)}
}

// firstLineIsTicket reports whether the first non-blank line in br's buffer
// is a whole JSON object without a "tickets" array, which makes the input
// NDJSON.
func firstLineIsTicket(br *bufio.Reader) bool {
	b, ok := firstLine(br)
	if !ok {
		return false // not JSON, or longer than the buffer: not one NDJSON record
	}
	wrapper := false
	walkObject(string(b), func(key, val string) {
		if NormalizeHeader(jsonString(key)) == "tickets" && strings.HasPrefix(val, "[") {
			wrapper = true
		}
	})
	return !wrapper
}

// firstLine returns the first non-blank line in br's buffer when it is
// valid JSON.
func firstLine(br *bufio.Reader) ([]byte, bool) {
	b, err := br.Peek(br.Size())
	b = bytes.TrimLeft(b, " \t\r\n")
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 && err == nil {
		return nil, false
	}
	if nl >= 0 {
		b = b[:nl]
	}
	b = bytes.TrimRight(b, " \t\r")
	return b, json.Valid(b)
}

// jsonSource streams the elements of a JSON array, or of the "tickets"
// array of a wrapper object, with a json.Decoder: one Decode per element, so
// only one ticket is in memory at a time. Positions are "file:#index".
type jsonSource struct {
	name    string
	br      *bufio.Reader
	fm      *fieldMap
	wrapper bool

	jsonStream
	started bool
	index   int
}

func (j *jsonSource) next(rw *row) error {
	if !j.started {
		j.started = true
		j.start(j.br)
		if err := j.open(); err != nil {
			return err
		}
	}
	if !j.dec.More() {
		return j.finish()
	}
	tooLarge, err := j.readValue()
	if err != nil {
		return j.fail(err)
	}
	src := audit.Source{File: j.name, Index: j.index, IsIndex: true}
	if tooLarge {
		return &FileError{Source: src, Err: ErrRecordTooLarge}
	}
	j.index++
	return fillObject(string(j.raw), src, j.fm, rw)
}

// open reads up to the '[' that starts the ticket array.
func (j *jsonSource) open() error {
	if !j.wrapper {
		return j.expect('[')
	}
	if err := j.expect('{'); err != nil {
		return err
	}
	for j.dec.More() {
		isTickets, err := j.key()
		if err != nil {
			return err
		}
		if isTickets {
			return j.expect('[')
		}
		if err := j.skip(); err != nil {
			return err
		}
	}
	return &FileError{Source: audit.Source{File: j.name}, Err: errors.New(`JSON object has no "tickets" array`)}
}

// finish reads the end of the array, the rest of a wrapper object, and
// checks that nothing follows.
func (j *jsonSource) finish() error {
	if err := j.expect(']'); err != nil {
		return err
	}
	if j.wrapper {
		for j.dec.More() {
			isTickets, err := j.key()
			if err != nil {
				return err
			}
			if isTickets {
				return j.fail(errors.New(`second "tickets" key`))
			}
			if err := j.skip(); err != nil {
				return err
			}
		}
		if err := j.expect('}'); err != nil {
			return err
		}
	}
	if err := j.readEnd(); err != nil {
		return j.fail(err)
	}
	return io.EOF
}

func (j *jsonSource) expect(d json.Delim) error {
	if err := j.readDelim(d); err != nil {
		return j.fail(err)
	}
	return nil
}

// key reads an object key and reports whether it is "tickets".
func (j *jsonSource) key() (bool, error) {
	k, err := j.readKey()
	if err != nil {
		return false, j.fail(err)
	}
	return NormalizeHeader(k) == "tickets", nil
}

// skip reads and drops one value.
func (j *jsonSource) skip() error {
	tooLarge, err := j.readValue()
	if err != nil {
		return j.fail(err)
	}
	if tooLarge {
		return &FileError{Source: audit.Source{File: j.name, Line: j.lineAt(j.dec.InputOffset())}, Err: ErrRecordTooLarge}
	}
	return nil
}

// jsonStream is what the streaming JSON readers, jsonSource (ticket rows)
// and objectSource (histories and presets), share: a json.Decoder reading
// through a window, so that each value it decodes is bounded by
// MaxRecordBytes. Its methods return the decoder's errors unpositioned;
// each reader positions them in its own way.
type jsonStream struct {
	dec *json.Decoder
	win *window
	raw json.RawMessage // the last value decoded
}

func (s *jsonStream) start(br *bufio.Reader) {
	s.win = newWindow(br)
	s.dec = json.NewDecoder(s.win)
}

// readDelim reads the delimiter d.
func (s *jsonStream) readDelim(d json.Delim) error {
	tok, err := s.dec.Token()
	if err != nil {
		return err
	}
	s.win.mark(s.dec.InputOffset())
	if got, ok := tok.(json.Delim); !ok || got != d {
		return fmt.Errorf("found %v where %q belongs", describeToken(tok), string(d))
	}
	return nil
}

// readKey reads an object key.
func (s *jsonStream) readKey() (string, error) {
	tok, err := s.dec.Token()
	if err != nil {
		return "", err
	}
	s.win.mark(s.dec.InputOffset())
	k, _ := tok.(string)
	return k, nil
}

// readValue decodes the next value into s.raw and reports whether it is
// larger than MaxRecordBytes.
func (s *jsonStream) readValue() (tooLarge bool, err error) {
	s.raw = s.raw[:0]
	if err := s.dec.Decode(&s.raw); err != nil {
		return false, err
	}
	return s.win.mark(s.dec.InputOffset()), nil
}

// readEnd checks that nothing follows the JSON value.
func (s *jsonStream) readEnd() error {
	_, err := s.dec.Token()
	switch err {
	case io.EOF:
		return nil
	case nil:
		return errors.New("unexpected data after the end of the JSON value")
	}
	return err
}

func describeToken(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", string(v))
	case string:
		return fmt.Sprintf("the string %q", clip(v))
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", tok)
}

// fail turns a decoding error into a file error with the line it happened
// on.
func (j *jsonSource) fail(err error) error {
	src := audit.Source{File: j.name}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		src.Line = j.lineAt(se.Offset - 1)
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		err = errors.New("unexpected end of JSON input")
		src.Line = j.win.lines + 1
	case errors.Is(err, ErrRecordTooLarge):
		src.Index, src.IsIndex = j.index, true
	default:
		src.Line = j.lineAt(j.dec.InputOffset())
	}
	return &FileError{Source: src, Err: err}
}

// lineAt returns the 1-based line of byte offset off of the decoder's
// input, or 0 when off is no longer in the decoder's buffer.
func (j *jsonSource) lineAt(off int64) int {
	if off < 0 {
		off = 0
	}
	buffered, _ := io.ReadAll(j.dec.Buffered())
	start := j.win.read - int64(len(buffered))
	if off < start || off > j.win.read {
		return 0
	}
	return j.win.lines - bytes.Count(buffered[off-start:], []byte{'\n'}) + 1
}

// ndjsonSource reads one JSON object per line; blank lines are skipped.
// Positions are "file:line".
type ndjsonSource struct {
	name string
	br   *bufio.Reader
	fm   *fieldMap
	line int
}

func newNDJSONSource(name string, br *bufio.Reader, fm *fieldMap) *ndjsonSource {
	return &ndjsonSource{name: name, br: br, fm: fm}
}

func (n *ndjsonSource) next(rw *row) error {
	for {
		b, err := n.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			return &FileError{Source: audit.Source{File: n.name, Line: n.line + 1}, Err: ErrRecordTooLarge}
		}
		if err != nil && err != io.EOF {
			return &FileError{Source: audit.Source{File: n.name, Line: n.line + 1}, Err: err}
		}
		if len(b) == 0 {
			return io.EOF
		}
		n.line++
		b = bytes.Trim(b, " \t\r\n")
		if len(b) == 0 {
			continue
		}
		src := audit.Source{File: n.name, Line: n.line}
		if !json.Valid(b) {
			var raw json.RawMessage
			err := json.Unmarshal(b, &raw)
			if se := (*json.SyntaxError)(nil); errors.As(err, &se) {
				err = fmt.Errorf("column %d: %w", se.Offset, err)
			}
			return &FileError{Source: src, Err: fmt.Errorf("invalid JSON: %w", err)}
		}
		return fillObject(string(b), src, n.fm, rw)
	}
}

// fillObject reads the members of one JSON ticket s (valid JSON) into rw.
// Keys are matched like CSV headers; when two keys name one field the first
// wins. An element that is not an object is a rejection; one nested deeper
// than MaxDepth is a file error.
func fillObject(s string, src audit.Source, fm *fieldMap, rw *row) error {
	if maxDepth(s) > MaxDepth {
		return &FileError{Source: src, Err: ErrTooDeep}
	}
	rw.src = src
	rw.vals = [numFields]value{}
	rw.plain = false
	var ranks [numFields]rank
	for f := range ranks {
		ranks[f] = rankNone
	}
	if !walkObject(s, func(key, val string) {
		if bd, ok := fm.lookup(jsonString(key)); ok && bd.r < ranks[bd.f] {
			ranks[bd.f] = bd.r
			rw.vals[bd.f] = jsonValue(val)
		}
	}) {
		return &audit.Rejection{Source: src, Reason: fmt.Sprintf("%s is not a ticket object", describeJSON(s))}
	}
	return nil
}

func describeJSON(s string) string {
	s = strings.TrimLeft(s, " \t\r\n")
	if s == "" {
		return "an empty value"
	}
	switch s[0] {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// jsonValue classifies one raw JSON member value.
func jsonValue(v string) value {
	if v == "" {
		return value{}
	}
	switch v[0] {
	case '"':
		return value{s: jsonString(v), k: kindString}
	case 'n':
		return value{}
	case 't', 'f', '{', '[':
		return value{s: v, k: kindOther}
	}
	return value{s: v, k: kindNumber}
}

// jsonString unquotes a raw JSON string without allocating when it has no
// escapes.
//
// A string with invalid UTF-8 is returned with its escapes undecoded:
// encoding/json would replace the bad bytes with U+FFFD, and the row
// checks (textProblem) could no longer tell, so such a value would be
// read while the same value without an escape is rejected. (An escaped
// lone surrogate, "\ud800", is still read as U+FFFD, as encoding/json does.)
func jsonString(raw string) string {
	if len(raw) < 2 || raw[0] != '"' {
		return raw
	}
	if !strings.ContainsRune(raw, '\\') || !utf8.ValidString(raw) {
		return raw[1 : len(raw)-1]
	}
	var s string
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return raw[1 : len(raw)-1]
	}
	return s
}

// walkObject calls fn with the raw key and raw value of each member of the
// JSON object s, in order, and reports whether s is an object. s must be
// valid JSON; walkObject does not recurse.
func walkObject(s string, fn func(key, val string)) bool {
	i := skipSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return false
	}
	i++
	for {
		i = skipSpace(s, i)
		if i >= len(s) || s[i] == '}' {
			return true
		}
		if s[i] == ',' {
			i++
			continue
		}
		if s[i] != '"' {
			return true
		}
		end := skipString(s, i)
		key := s[i:end]
		i = skipSpace(s, end)
		if i < len(s) && s[i] == ':' {
			i++
		}
		i = skipSpace(s, i)
		end = skipValue(s, i)
		fn(key, s[i:end])
		i = end
	}
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
		i++
	}
	return i
}

// skipString returns the index after the string that starts at s[i] == '"'.
func skipString(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(s)
}

// skipValue returns the index after the value that starts at s[i].
func skipValue(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '"':
			j = skipString(s, j) - 1
			if depth == 0 {
				return j + 1
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth <= 0 {
				return j + 1
			}
		default:
			if depth == 0 {
				k := j
				for k < len(s) && !strings.ContainsRune(",}] \t\r\n", rune(s[k])) {
					k++
				}
				return k
			}
		}
	}
	return len(s)
}

// maxDepth reports how deeply objects and arrays nest in the JSON value s,
// stopping early once past MaxDepth.
func maxDepth(s string) int {
	depth, most := 0, 0
	for j := 0; j < len(s); j++ {
		switch s[j] {
		case '"':
			j = skipString(s, j) - 1
		case '{', '[':
			depth++
			if depth > most {
				most = depth
				if most > MaxDepth {
					return most
				}
			}
		case '}', ']':
			depth--
		}
	}
	return most
}
