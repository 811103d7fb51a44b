package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/slaaudit/slaaudit/audit"
)

// histField is one column of a ticket history (SPEC §6 "Ticket
// histories"): the event columns and the ticket fields that may sit on any
// row.
type histField uint8

const (
	histID histField = iota
	histAt
	histEvent
	histActor
	histPublic
	histCustomer
	histPlan
	histChannel
	histPriority
	numHistFields
)

var histFieldNames = [numHistFields]string{
	"ticket_id", "at", "event", "actor", "public", "customer", "plan", "channel", "priority",
}

func (f histField) String() string { return histFieldNames[f] }

// histTicketFields are the ticket fields of a history, in the order of
// ticketState.fields, with the row field each comes from.
var histTicketFields = [...]struct {
	h histField
	f field
}{{histCustomer, fieldCustomer}, {histPlan, fieldPlan}, {histChannel, fieldChannel}, {histPriority, fieldPriority}}

// eventRow is one event as read, before any check.
type eventRow struct {
	src  audit.Source
	vals [numHistFields]value
	// where adds to src in a trail line, for events that share one
	// position (the threads of a Help Scout conversation).
	where string
}

// eventSource produces raw events. next returns io.EOF at the end, a
// *audit.Rejection for an element that is not an event object, or a
// *FileError.
type eventSource interface {
	next(ev *eventRow) error
}

// bindHistory finds the history column a header or JSON key names: at,
// event, actor and public by name (normalised like every header), the id
// and ticket fields through fm (so their aliases and --map apply). Columns
// of the ticket-row shape that a history does not use (submitted_at, …)
// are not bound.
func bindHistory(fm *fieldMap, name string) (histField, rank, bool) {
	var buf [64]byte
	switch string(appendNormalized(buf[:0], strings.TrimSpace(name))) {
	case "at":
		return histAt, rankAlias, true
	case "event":
		return histEvent, rankAlias, true
	case "actor":
		return histActor, rankAlias, true
	case "public":
		return histPublic, rankAlias, true
	}
	bd, ok := fm.lookup(strings.TrimSpace(name))
	if !ok {
		return 0, rankNone, false
	}
	switch bd.f {
	case fieldID:
		return histID, bd.r, true
	case fieldCustomer:
		return histCustomer, bd.r, true
	case fieldPlan:
		return histPlan, bd.r, true
	case fieldChannel:
		return histChannel, bd.r, true
	case fieldPriority:
		return histPriority, bd.r, true
	}
	return 0, rankNone, false
}

// isHistoryHeader reports whether names (a CSV header or the keys of the
// first JSON object) are those of a history: an id, at and event.
func isHistoryHeader(fm *fieldMap, names []string) bool {
	var seen [numHistFields]bool
	for _, n := range names {
		if h, _, ok := bindHistory(fm, n); ok {
			seen[h] = true
		}
	}
	return seen[histID] && seen[histAt] && seen[histEvent]
}

// historyCSV reads events from CSV with the csvSource machinery (positions,
// size limits, file errors), binding its own columns. It uses csvSource's
// encoding/csv path, which handles every delimiter; a history is not the hot
// path that csvSource's scanner is for.
type historyCSV struct {
	s    *csvSource
	cols [numHistFields]int
}

func newHistoryCSV(name string, in io.Reader, delim rune, fm *fieldMap) (*historyCSV, error) {
	win := newWindow(in)
	h := &historyCSV{s: &csvSource{name: name, cr: newCSVReader(win, delim), win: win}}
	for {
		rec, err := h.s.read()
		if err == io.EOF {
			return nil, &FileError{Source: audit.Source{File: name}, Err: errors.New("no header row")}
		}
		if err != nil {
			return nil, err
		}
		if blank(rec) {
			continue
		}
		line := h.s.line()
		if err := h.bind(rec, fm); err != nil {
			return nil, &FileError{Source: audit.Source{File: name, Line: line}, Err: err}
		}
		return h, nil
	}
}

// bind maps the header to history columns; when two headers name one
// column the first wins (SPEC §3 "CSV"), and a --map entry beats an alias.
func (h *historyCSV) bind(header []string, fm *fieldMap) error {
	var ranks [numHistFields]rank
	for f := range h.cols {
		h.cols[f], ranks[f] = -1, rankNone
	}
	for i, name := range header {
		if f, rk, ok := bindHistory(fm, name); ok && rk < ranks[f] {
			h.cols[f], ranks[f] = i, rk
		}
	}
	for _, f := range [...]histField{histID, histAt, histEvent} {
		if h.cols[f] < 0 {
			return fmt.Errorf("no %s column in the history header", f)
		}
	}
	return nil
}

func (h *historyCSV) next(ev *eventRow) error {
	for {
		rec, err := h.s.read()
		if err != nil {
			return err
		}
		if blank(rec) {
			continue // SPEC §3 "CSV": blank lines are not rows.
		}
		ev.src = audit.Source{File: h.s.name, Line: h.s.line()}
		ev.where = ""
		for f, c := range h.cols {
			if c >= 0 && c < len(rec) {
				ev.vals[f] = value{s: rec[c], k: kindString}
			} else {
				ev.vals[f] = value{}
			}
		}
		return nil
	}
}

// historyJSON reads events from the objects of a JSON array or NDJSON.
type historyJSON struct {
	objs *objectSource
	fm   *fieldMap
}

func (h *historyJSON) next(ev *eventRow) error {
	obj, src, err := h.objs.next()
	if err != nil {
		return err
	}
	ev.src, ev.where = src, ""
	ev.vals = [numHistFields]value{}
	var ranks [numHistFields]rank
	for f := range ranks {
		ranks[f] = rankNone
	}
	if !walkObject(obj, func(key, val string) {
		if f, rk, ok := bindHistory(h.fm, jsonString(key)); ok && rk < ranks[f] {
			ranks[f] = rk
			ev.vals[f] = jsonValue(val)
		}
	}) {
		return &audit.Rejection{Source: src, Reason: fmt.Sprintf("%s is not an event object", describeJSON(obj))}
	}
	return nil
}

// objectSource streams the elements of a JSON array, of an array inside
// wrapper objects at a dotted key path (list, such as "tickets" or
// "_embedded.conversations"), or the objects of NDJSON, one element in
// memory at a time. Positions are "file:#index" in an array and
// "file:line" in NDJSON. It serves histories and presets, whose JSON the
// ticket-row reader (json.go) does not know.
type objectSource struct {
	name   string
	br     *bufio.Reader
	list   []string
	ndjson bool

	jsonStream
	started bool
	opened  int // wrapper objects entered
	index   int
	line    int
}

// newObjectSource decides between an array, a wrapper object (when list is
// not empty) and NDJSON by peeking, like newJSONSource: '[' is an array;
// '{' is NDJSON when its first line is a whole object without the first key
// of list, else a wrapper.
func newObjectSource(name string, br *bufio.Reader, format, list string) (*objectSource, error) {
	o := &objectSource{name: name, br: br, ndjson: format == "ndjson"}
	if list != "" {
		o.list = strings.Split(list, ".")
	}
	if o.ndjson {
		return o, nil
	}
	c, err := firstByte(br)
	if err != nil && err != io.EOF {
		return nil, &FileError{Source: audit.Source{File: name}, Err: err}
	}
	switch c {
	case '[':
		o.list = nil
	case '{':
		o.ndjson = len(o.list) == 0 || firstLineLacks(br, o.list[0])
	case 0:
		return nil, &FileError{Source: audit.Source{File: name}, Err: errors.New("no JSON value (empty input)")}
	default:
		return nil, &FileError{Source: audit.Source{File: name, Line: 1}, Err: fmt.Errorf("JSON input starts with %q; want an array or one object per line", c)}
	}
	return o, nil
}

// firstLineLacks reports whether the first non-blank line in br's buffer is
// a whole JSON object without the key key, which makes the input NDJSON.
func firstLineLacks(br *bufio.Reader, key string) bool {
	b, ok := firstLine(br)
	if !ok {
		return false
	}
	has := false
	walkObject(string(b), func(k, _ string) { has = has || jsonString(k) == key })
	return !has
}

// next returns the next element as JSON text and its position.
func (o *objectSource) next() (string, audit.Source, error) {
	if o.ndjson {
		return o.nextLine()
	}
	if !o.started {
		o.started = true
		o.start(o.br)
		if err := o.open(); err != nil {
			return "", audit.Source{}, err
		}
	}
	if !o.dec.More() {
		return "", audit.Source{}, o.finish()
	}
	tooLarge, err := o.readValue()
	if err != nil {
		return "", audit.Source{}, o.fail(err)
	}
	src := audit.Source{File: o.name, Index: o.index, IsIndex: true}
	if tooLarge {
		return "", src, &FileError{Source: src, Err: ErrRecordTooLarge}
	}
	o.index++
	s := string(o.raw)
	if maxDepth(s) > MaxDepth {
		return "", src, &FileError{Source: src, Err: ErrTooDeep}
	}
	return s, src, nil
}

func (o *objectSource) nextLine() (string, audit.Source, error) {
	for {
		b, err := o.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			return "", audit.Source{}, &FileError{Source: audit.Source{File: o.name, Line: o.line + 1}, Err: ErrRecordTooLarge}
		}
		if err != nil && err != io.EOF {
			return "", audit.Source{}, &FileError{Source: audit.Source{File: o.name, Line: o.line + 1}, Err: err}
		}
		if len(b) == 0 {
			return "", audit.Source{}, io.EOF
		}
		o.line++
		b = bytes.Trim(b, " \t\r\n")
		if len(b) == 0 {
			continue
		}
		src := audit.Source{File: o.name, Line: o.line}
		if !json.Valid(b) {
			return "", src, &FileError{Source: src, Err: errors.New("invalid JSON")}
		}
		s := string(b)
		if maxDepth(s) > MaxDepth {
			return "", src, &FileError{Source: src, Err: ErrTooDeep}
		}
		return s, src, nil
	}
}

// open reads up to the '[' that starts the element array, entering the
// wrapper objects of o.list.
func (o *objectSource) open() error {
	for _, key := range o.list {
		if err := o.expect('{'); err != nil {
			return err
		}
		o.opened++
		for {
			if !o.dec.More() {
				return &FileError{Source: audit.Source{File: o.name}, Err: fmt.Errorf("JSON object has no %q key", key)}
			}
			k, err := o.key()
			if err != nil {
				return err
			}
			if k == key {
				break
			}
			if err := o.skip(); err != nil {
				return err
			}
		}
	}
	return o.expect('[')
}

// finish reads the end of the array, the rest of each wrapper, and checks
// that nothing follows.
func (o *objectSource) finish() error {
	if err := o.expect(']'); err != nil {
		return err
	}
	for ; o.opened > 0; o.opened-- {
		for o.dec.More() {
			if _, err := o.key(); err != nil {
				return err
			}
			if err := o.skip(); err != nil {
				return err
			}
		}
		if err := o.expect('}'); err != nil {
			return err
		}
	}
	if err := o.readEnd(); err != nil {
		return o.fail(err)
	}
	return io.EOF
}

func (o *objectSource) expect(d json.Delim) error {
	if err := o.readDelim(d); err != nil {
		return o.fail(err)
	}
	return nil
}

func (o *objectSource) key() (string, error) {
	k, err := o.readKey()
	if err != nil {
		return "", o.fail(err)
	}
	return k, nil
}

func (o *objectSource) skip() error {
	tooLarge, err := o.readValue()
	if err != nil {
		return o.fail(err)
	}
	if tooLarge {
		return &FileError{Source: audit.Source{File: o.name}, Err: ErrRecordTooLarge}
	}
	return nil
}

// fail turns a decoding error into a file error. The line is the one the
// decoder had reached, counted from the bytes it has consumed.
func (o *objectSource) fail(err error) error {
	src := audit.Source{File: o.name}
	switch {
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		err = errors.New("unexpected end of JSON input")
		src.Line = o.win.lines + 1
	case errors.Is(err, ErrRecordTooLarge):
		src.Index, src.IsIndex = o.index, true
	default:
		buffered, _ := io.ReadAll(o.dec.Buffered())
		src.Line = o.win.lines - bytes.Count(buffered, []byte{'\n'}) + 1
	}
	return &FileError{Source: src, Err: err}
}

// lookupPath returns the raw JSON value at a dotted key path such as
// "via.channel" inside the object s, or "" when any step is missing or not
// an object. Keys match exactly: a path names a helpdesk's own JSON.
func lookupPath(s, path string) string {
	for {
		key, rest, more := strings.Cut(path, ".")
		found, ok := "", false
		walkObject(s, func(k, v string) {
			if !ok && jsonString(k) == key {
				found, ok = v, true
			}
		})
		if !ok || !more {
			return found
		}
		s, path = found, rest
	}
}

// walkArray calls fn with each raw element of the JSON array s (valid
// JSON), and reports whether s is an array.
func walkArray(s string, fn func(elem string)) bool {
	i := skipSpace(s, 0)
	if i >= len(s) || s[i] != '[' {
		return false
	}
	i++
	for {
		i = skipSpace(s, i)
		if i >= len(s) || s[i] == ']' {
			return true
		}
		if s[i] == ',' {
			i++
			continue
		}
		end := skipValue(s, i)
		fn(s[i:end])
		i = end
	}
}

// peekCSVHeader returns the header of a CSV input without consuming it:
// the first non-blank record, or when first is not empty the first record
// whose first cell is first (a preset's header below a title). It returns
// nil when the header is not within the buffer.
func peekCSVHeader(br *bufio.Reader, delim rune, first string) []string {
	for n := 4096; ; n *= 2 {
		n = min(n, br.Size())
		b, err := br.Peek(n)
		whole := err != nil || n == br.Size()
		cr := newCSVReader(bytes.NewReader(b), delim)
		cr.ReuseRecord = false
		for {
			rec, rerr := cr.Read()
			if rerr != nil || (!whole && cr.InputOffset() >= int64(len(b))) {
				break // the end of the peek, or a record that may go on past it
			}
			if blank(rec) || (first != "" && strings.TrimSpace(rec[0]) != first) {
				continue
			}
			return rec
		}
		if whole {
			return nil
		}
	}
}

// sniffHistory reports whether the input looks like a history (SPEC §6:
// detected from the headers or fields): the CSV header, or the keys of the
// first JSON object, name an id, at and event. It only peeks; when it
// cannot tell (a JSON wrapper object, a header longer than the buffer) the
// input is ticket rows.
func sniffHistory(br *bufio.Reader, format string, header []string, fm *fieldMap) bool {
	switch format {
	case "csv":
		return isHistoryHeader(fm, header)
	case "json", "ndjson":
		c, _ := firstByte(br)
		var first []byte
		switch c {
		case '{':
			b, ok := firstLine(br)
			if !ok {
				return false
			}
			first = b
		case '[':
			b, _ := br.Peek(br.Size())
			dec := json.NewDecoder(bytes.NewReader(b))
			var raw json.RawMessage
			if _, err := dec.Token(); err != nil || !dec.More() || dec.Decode(&raw) != nil {
				return false
			}
			first = raw
		default:
			return false
		}
		var keys []string
		walkObject(string(first), func(k, _ string) { keys = append(keys, jsonString(k)) })
		return isHistoryHeader(fm, keys)
	}
	return false
}
