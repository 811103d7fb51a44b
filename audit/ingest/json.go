package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/slaaudit/slaaudit/audit"
)

// jsonRecords streams the records of a JSON input laid out as Detect
// decided (Layout.List, Layout.Format): the elements of a top-level array,
// of an array inside wrapper objects at a key path ("tickets",
// "_embedded.conversations"), or the values of NDJSON lines. It is the one
// JSON reader of the package: ticket rows, histories and presets all read
// through it, so a position is computed in one place. One record is in
// memory at a time (a chunk's, split.go, are in its memory already),
// bounded by MaxRecordBytes and MaxDepth. Positions are
// "file:#index" in an array and "file:line" in NDJSON.
type jsonRecords struct {
	name   string
	br     *bufio.Reader
	list   []string
	record string
	ndjson bool
	// data, when br is nil, is the rest of a chunk of a split input
	// (split.go), in memory and never changed: in NDJSON its lines; of a
	// JSON array, its records one after the other, as long as lens says,
	// and then the error tail (io.EOF when the input went on or ended
	// well). A record is a substring of data, not a copy.
	data []byte
	lens []int
	tail error

	dec     *json.Decoder
	win     *window
	raw     json.RawMessage // the last value decoded
	started bool
	opened  int // wrapper objects entered
	index   int
	line    int
}

func newJSONRecords(name string, br *bufio.Reader, l Layout) *jsonRecords {
	return &jsonRecords{name: name, br: br, list: l.List, record: l.Record, ndjson: l.Format == "ndjson"}
}

// unwrap returns the object under the record key of a wrapped record
// ({"ticket": {…}}), or s itself.
func (j *jsonRecords) unwrap(s string) string {
	if j.record == "" {
		return s
	}
	if v := lookupPath(s, j.record); strings.HasPrefix(v, "{") {
		return v
	}
	return s
}

// next returns the next record as JSON text and its position, or io.EOF at
// the end. Any other error is a *FileError.
func (j *jsonRecords) next() (string, audit.Source, error) {
	if j.ndjson {
		return j.nextLine()
	}
	var s string
	var src audit.Source
	var err error
	if j.br == nil {
		s, src, err = j.nextDecoded()
	} else {
		var raw []byte
		raw, src, err = j.nextValue()
		s = string(raw)
	}
	if err != nil {
		return "", src, err
	}
	if tooDeep(s) {
		return "", src, &FileError{Source: src, Err: ErrTooDeep}
	}
	return j.unwrap(s), src, nil
}

// nextDecoded returns the next of a chunk's decoded records (data, lens),
// and its tail after the last.
func (j *jsonRecords) nextDecoded() (string, audit.Source, error) {
	if len(j.lens) == 0 {
		return "", audit.Source{}, j.tail
	}
	n := j.lens[0]
	j.lens = j.lens[1:]
	var s string
	if n > 0 {
		s = unsafe.String(&j.data[0], n) // data never changes
	}
	j.data = j.data[n:]
	src := audit.Source{File: j.name, Index: j.index, IsIndex: true}
	j.index++
	return s, src, nil
}

// nextValue decodes the next record of a JSON array, with its position,
// or returns io.EOF at the end; the record's bytes are valid until the
// next call. Any other error is a *FileError.
func (j *jsonRecords) nextValue() ([]byte, audit.Source, error) {
	if !j.started {
		j.started = true
		j.win = newWindow(j.br)
		j.dec = json.NewDecoder(j.win)
		if err := j.open(); err != nil {
			return nil, audit.Source{}, err
		}
	}
	if !j.dec.More() {
		return nil, audit.Source{}, j.finish()
	}
	tooLarge, err := j.readValue()
	if err != nil {
		return nil, audit.Source{}, j.fail(err)
	}
	src := audit.Source{File: j.name, Index: j.index, IsIndex: true}
	if tooLarge {
		return nil, src, &FileError{Source: src, Err: ErrRecordTooLarge}
	}
	j.index++
	return j.raw, src, nil
}

func (j *jsonRecords) nextLine() (string, audit.Source, error) {
	for {
		b, err := j.readLine()
		if err == bufio.ErrBufferFull {
			return "", audit.Source{}, &FileError{Source: audit.Source{File: j.name, Line: j.line + 1}, Err: ErrRecordTooLarge}
		}
		if err != nil && err != io.EOF {
			return "", audit.Source{}, &FileError{Source: audit.Source{File: j.name, Line: j.line + 1}, Err: err}
		}
		if len(b) == 0 {
			return "", audit.Source{}, io.EOF
		}
		j.line++
		b = bytes.Trim(b, " \t\r\n")
		if len(b) == 0 {
			continue
		}
		src := audit.Source{File: j.name, Line: j.line}
		if !json.Valid(b) {
			var raw json.RawMessage
			err := json.Unmarshal(b, &raw)
			if se := (*json.SyntaxError)(nil); errors.As(err, &se) {
				err = fmt.Errorf("column %d: %w", se.Offset, err)
			}
			return "", src, &FileError{Source: src, Err: fmt.Errorf("invalid JSON: %w", err)}
		}
		var s string
		if j.br == nil {
			s = unsafe.String(&b[0], len(b)) // data never changes
		} else {
			s = string(b)
		}
		if tooDeep(s) {
			return "", src, &FileError{Source: src, Err: ErrTooDeep}
		}
		return j.unwrap(s), src, nil
	}
}

// readLine returns the next line, its newline included, like
// br.ReadSlice('\n'), or from data like a buffer of MaxRecordBytes would:
// a line longer than that, or as long without a newline at the end of the
// input, is bufio.ErrBufferFull.
func (j *jsonRecords) readLine() ([]byte, error) {
	if j.br != nil {
		return j.br.ReadSlice('\n')
	}
	if len(j.data) == 0 {
		return nil, io.EOF
	}
	i := bytes.IndexByte(j.data, '\n')
	if i < 0 {
		b := j.data
		j.data = nil
		if len(b) >= MaxRecordBytes {
			return nil, bufio.ErrBufferFull
		}
		return b, io.EOF
	}
	b := j.data[:i+1]
	j.data = j.data[i+1:]
	if len(b) > MaxRecordBytes {
		return nil, bufio.ErrBufferFull
	}
	return b, nil
}

// open reads up to the '[' that starts the record array, entering the
// wrapper objects of j.list.
func (j *jsonRecords) open() error {
	c, err := firstByte(j.br)
	if err != nil && err != io.EOF {
		return &FileError{Source: audit.Source{File: j.name}, Err: err}
	}
	switch {
	case c == 0:
		return &FileError{Source: audit.Source{File: j.name}, Err: errors.New("no JSON value (empty input)")}
	case c != '[' && c != '{':
		want := "an array or one object per line"
		if len(j.list) > 0 {
			want = fmt.Sprintf("an array, an object with a %q array, or one object per line", strings.Join(j.list, "."))
		}
		return &FileError{Source: audit.Source{File: j.name, Line: 1}, Err: fmt.Errorf("JSON input starts with %q; want %s", c, want)}
	}
	for _, key := range j.list {
		if err := j.expect('{'); err != nil {
			return err
		}
		j.opened++
		for {
			if !j.dec.More() {
				return &FileError{Source: audit.Source{File: j.name}, Err: fmt.Errorf("JSON object has no %q array", key)}
			}
			k, err := j.key()
			if err != nil {
				return err
			}
			if NormalizeHeader(k) == NormalizeHeader(key) {
				break
			}
			if err := j.skip(); err != nil {
				return err
			}
		}
	}
	return j.expect('[')
}

// finish reads the end of the array, the rest of each wrapper, and checks
// that nothing follows.
func (j *jsonRecords) finish() error {
	if err := j.expect(']'); err != nil {
		return err
	}
	for ; j.opened > 0; j.opened-- {
		for j.dec.More() {
			k, err := j.key()
			if err != nil {
				return err
			}
			if NormalizeHeader(k) == NormalizeHeader(j.list[j.opened-1]) {
				return j.fail(fmt.Errorf("second %q key", k))
			}
			if err := j.skip(); err != nil {
				return err
			}
		}
		if err := j.expect('}'); err != nil {
			return err
		}
	}
	_, err := j.dec.Token()
	switch err {
	case io.EOF:
		return io.EOF
	case nil:
		err = errors.New("unexpected data after the end of the JSON value")
	}
	return j.fail(err)
}

func (j *jsonRecords) expect(d json.Delim) error {
	tok, err := j.dec.Token()
	if err != nil {
		return j.fail(err)
	}
	j.win.mark(j.dec.InputOffset())
	if got, ok := tok.(json.Delim); !ok || got != d {
		return j.fail(fmt.Errorf("found %v where %q belongs", describeToken(tok), string(d)))
	}
	return nil
}

// key reads an object key.
func (j *jsonRecords) key() (string, error) {
	tok, err := j.dec.Token()
	if err != nil {
		return "", j.fail(err)
	}
	j.win.mark(j.dec.InputOffset())
	k, _ := tok.(string)
	return k, nil
}

// readValue decodes the next value into j.raw and reports whether it is
// larger than MaxRecordBytes.
func (j *jsonRecords) readValue() (tooLarge bool, err error) {
	j.raw = j.raw[:0]
	if err := j.dec.Decode(&j.raw); err != nil {
		return false, err
	}
	return j.win.mark(j.dec.InputOffset()), nil
}

// skip reads and drops one value.
func (j *jsonRecords) skip() error {
	tooLarge, err := j.readValue()
	if err != nil {
		return j.fail(err)
	}
	if tooLarge {
		return &FileError{Source: audit.Source{File: j.name, Line: j.lineAt(j.dec.InputOffset())}, Err: ErrRecordTooLarge}
	}
	return nil
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
// on: a syntax error's own offset, not how far the decoder had read.
func (j *jsonRecords) fail(err error) error {
	src := audit.Source{File: j.name}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		// A value's error is at the offset after the bad byte; a token's
		// (between records, around the array) at the bad byte itself,
		// which is still buffered while the byte before may not be. The
		// decoder's offsets leave out some bytes its tokens consumed
		// (commas, brackets), so one that falls before what is buffered
		// is the error of the next value, where it starts.
		if src.Line = j.lineAt(se.Offset - 1); src.Line == 0 {
			src.Line = j.lineAt(se.Offset)
		}
		if src.Line == 0 {
			src.Line = j.lineAt(j.nextByte())
		}
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

// nextByte returns the offset of the first byte after white space that
// the decoder has not consumed.
func (j *jsonRecords) nextByte() int64 {
	buffered, _ := io.ReadAll(j.dec.Buffered())
	i := 0
	for i < len(buffered) && (buffered[i] == ' ' || buffered[i] == '\t' || buffered[i] == '\r' || buffered[i] == '\n') {
		i++
	}
	return j.dec.InputOffset() + int64(i)
}

// lineAt returns the 1-based line of byte offset off of the decoder's
// input, or 0 when off is no longer in the decoder's buffer.
func (j *jsonRecords) lineAt(off int64) int {
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

// rowJSON reads ticket rows from JSON records: each key is matched like a
// CSV header (aliases and --map), then each field with a preset path takes
// the value at that path. Since a key may be absent from some records, the
// required fields and --map keys (SPEC §9) are checked at the end of the
// input against the keys seen.
type rowJSON struct {
	recs  *jsonRecords
	fm    *fieldMap
	paths *presetPaths // nil without a JSON preset
	req   Requirements

	jsonKeys
	// fold, for a chunk of a split input (split.go), receives the chunk's
	// jsonKeys at its end, in place of the check of the input's end.
	fold  *jsonFold
	chunk int
}

// jsonKeys is what the records of a JSON input, or of a run of them, tell
// of its keys.
type jsonKeys struct {
	// seen[f] is the key that fed f first (present, even as null), and
	// mapped[f] whether the --map key of f was ever present.
	seen   [numFields]string
	mapped [numFields]bool
	// unused are the keys of the first record that feed no field; first
	// says that a record was read.
	unused []string
	first  bool
}

// follow makes k what the records it was of and then those next was of
// tell together.
func (k *jsonKeys) follow(next *jsonKeys) {
	for f := range k.seen {
		if k.seen[f] == "" {
			k.seen[f] = next.seen[f]
		}
		k.mapped[f] = k.mapped[f] || next.mapped[f]
	}
	if !k.first {
		k.unused, k.first = next.unused, next.first
	}
}

// jsonFold folds the jsonKeys of the chunks of a split input in input
// order, whatever the order the chunks end in: pending holds those ahead
// of the next, a few at most (one per worker).
type jsonFold struct {
	mu      sync.Mutex
	next    int
	pending map[int]jsonKeys
	keys    jsonKeys
}

// add folds in the keys of chunk n.
func (f *jsonFold) add(n int, k jsonKeys) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pending[n] = k
	for {
		k, ok := f.pending[f.next]
		if !ok {
			return
		}
		delete(f.pending, f.next)
		f.keys.follow(&k)
		f.next++
	}
}

func (s *rowJSON) next(rw *row) error {
	obj, src, err := s.recs.next()
	if err == io.EOF && s.fold != nil {
		s.fold.add(s.chunk, s.jsonKeys)
		return err
	}
	if err == io.EOF {
		if err := s.check(); err != nil {
			return &FileError{Source: audit.Source{File: s.recs.name}, Err: err}
		}
	}
	if err != nil {
		return err
	}
	if err := fillObject(obj, src, s.fm, rw, s); err != nil {
		return err
	}
	if s.paths != nil {
		for f, path := range s.paths.f {
			if path == "" {
				continue
			}
			v := lookupPath(obj, path)
			rw.vals[f] = jsonValue(v)
			if v != "" && s.seen[f] == "" {
				s.seen[f] = path
			}
		}
	}
	s.first = true
	return nil
}

// saw records that key fed field b.f.
func (s *rowJSON) saw(key string, b binding) {
	if s.seen[b.f] == "" {
		s.seen[b.f] = strings.Clone(key)
	}
	if b.r == rankMapped {
		s.mapped[b.f] = true
	}
}

// check applies SPEC §9 at the end of a JSON input: a --map key no record
// had, or a required field no record had, is a file error.
func (s *rowJSON) check() error {
	if !s.first {
		return nil // SPEC §13: an input without records is not an error
	}
	for f := range numFields {
		if m := s.fm.mapped[f]; m != "" && !s.mapped[f] {
			return &MapError{Field: f.String(), Header: m, JSON: true}
		}
		if s.paths != nil && s.paths.user[f] && s.seen[f] == "" {
			return &MapError{Field: f.String(), Header: s.paths.f[f], JSON: true}
		}
	}
	return s.fm.missing(s.req, func(f field) bool { return s.seen[f] != "" }, nil, true)
}

func (s *rowJSON) binding() Binding { return keyBinding[field](s.seen[:], s.unused) }

// keyBinding is the Binding of a JSON input, tickets or history: seen[f]
// is the key that fed field F(f) first ("" for none), in field order, and
// unused the keys of the first record that feed none.
func keyBinding[F interface {
	~uint8
	String() string
}](seen, unused []string) Binding {
	var b Binding
	for f, key := range seen {
		if key != "" {
			b.Columns = append(b.Columns, Column{F(f).String(), key})
		}
	}
	b.Unused = unused
	return b
}

// fillObject reads the members of one JSON ticket s (valid JSON) into rw.
// Keys are matched like CSV headers; when two keys name one field the first
// wins. An element that is not an object is a rejection; one nested deeper
// than MaxDepth is a file error.
func fillObject(s string, src audit.Source, fm *fieldMap, rw *row, seen *rowJSON) error {
	rw.src = src
	rw.vals = [numFields]value{}
	rw.plain = false
	var ranks [numFields]rank
	for f := range ranks {
		ranks[f] = rankNone
	}
	if !walkObject(s, func(key, val string) {
		k := jsonString(key)
		bd, ok := fm.lookup(k)
		if ok && bd.r < ranks[bd.f] {
			ranks[bd.f] = bd.r
			rw.vals[bd.f] = jsonValue(val)
		}
		if ok {
			seen.saw(k, bd)
		} else if !seen.first {
			seen.unused = append(seen.unused, strings.Clone(k))
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

// tooDeep reports whether the JSON value s nests deeper than MaxDepth. A
// value with at most MaxDepth openers ('{' and '[', in strings or not)
// cannot, which two counts (vectorised) tell faster than maxDepth's walk
// through its strings.
func tooDeep(s string) bool {
	if strings.Count(s, "{")+strings.Count(s, "[") <= MaxDepth {
		return false
	}
	return maxDepth(s) > MaxDepth
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
