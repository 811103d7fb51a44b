package ingest

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

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
	// plain reports that every value is known to be plain ASCII without
	// NUL (see plainASCII), so that eventChecker.check need not check each.
	plain bool
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
		return histAt, rankCanonical, true
	case "event":
		return histEvent, rankCanonical, true
	case "actor":
		return histActor, rankCanonical, true
	case "public":
		return histPublic, rankCanonical, true
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
// size limits, file errors), binding its own columns: with a one-byte
// delimiter through csvSource's scanner, as ticket rows are read, else
// through encoding/csv.
type historyCSV struct {
	s       *csvSource
	cols    [numHistFields]int
	binding Binding
}

func newHistoryCSV(name string, in io.Reader, delim rune, fm *fieldMap) (*historyCSV, error) {
	h := &historyCSV{s: &csvSource{name: name}}
	if delim < utf8.RuneSelf {
		h.s.sc = newCSVScanner(in, byte(delim))
	} else {
		h.s.win = newWindow(in)
		h.s.cr = newCSVReader(h.s.win, delim)
	}
	if err := h.s.header(func(rec []string) error { return h.bind(rec, fm) }); err != nil {
		return nil, err
	}
	return h, nil
}

// bind maps the header to history columns; when two headers name one
// column the first wins (SPEC §3 "CSV"), and a --map entry beats an alias.
func (h *historyCSV) bind(header []string, fm *fieldMap) error {
	hb, bd := bindColumns(header, histFieldNames[:], func(name string) (int, rank, bool) {
		f, r, ok := bindHistory(fm, name)
		return int(f), r, ok
	})
	copy(h.cols[:], hb.cols)
	// SPEC §9: a --map to a header the history does not have is a file
	// error, as for ticket rows.
	for f := range numFields {
		if m := fm.mapped[f]; m != "" && !slices.ContainsFunc(header, func(name string) bool {
			bd, ok := fm.lookup(strings.TrimSpace(name))
			return ok && bd.f == f && bd.r == rankMapped
		}) {
			return &MapError{Field: f.String(), Header: m}
		}
	}
	for _, f := range [...]histField{histID, histAt, histEvent} {
		if h.cols[f] < 0 {
			return fmt.Errorf("no %s column in the history header", f)
		}
	}
	h.binding = bd
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
		ev.plain = h.s.sc != nil && h.s.sc.plain
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
// Since a key may be absent from some records, the --map keys (SPEC §9)
// are checked at the end of the input against the keys seen, as for ticket
// rows (rowJSON.check).
type historyJSON struct {
	objs *jsonRecords
	fm   *fieldMap
	// any reports that a record was read; mapped[f] that the --map key of
	// field f was present in one.
	any    bool
	mapped [numFields]bool
	// seen[f] is the key that fed history field f first (SPEC §9: the
	// binding is reported), and unused the keys of the first record that
	// feed none.
	seen   [numHistFields]string
	unused []string
}

// binding reports which key fed each history field; it is complete at the
// end of the input.
func (h *historyJSON) binding() Binding { return keyBinding[histField](h.seen[:], h.unused) }

// end returns the error the end of the input is, if any: a --map key no
// record had (SPEC §9), once a record has been read.
func (h *historyJSON) end() error {
	if h.any {
		for f := range numFields {
			if m := h.fm.mapped[f]; m != "" && !h.mapped[f] {
				return &FileError{Source: audit.Source{File: h.objs.name}, Err: &MapError{Field: f.String(), Header: m, JSON: true}}
			}
		}
	}
	return nil
}

// foldKeys adds to h what c learnt of the keys of the records after h's:
// whether there were any, the --map keys met, the key that fed each field
// first, and the unused keys of the first record of all.
func (h *historyJSON) foldKeys(c *historyJSON) {
	if !h.any {
		h.any, h.unused = c.any, c.unused
	}
	for f, m := range c.mapped {
		h.mapped[f] = h.mapped[f] || m
	}
	for f, k := range c.seen {
		if h.seen[f] == "" {
			h.seen[f] = k
		}
	}
}

// next reads the next event; at the end of the input the caller calls end.
func (h *historyJSON) next(ev *eventRow) error {
	obj, src, err := h.objs.next()
	if err != nil {
		return err
	}
	first := !h.any
	h.any = true
	ev.src, ev.where = src, ""
	ev.vals = [numHistFields]value{}
	var ranks [numHistFields]rank
	for f := range ranks {
		ranks[f] = rankNone
	}
	var fed [numHistFields]string // the key that fed each field
	defer func() {
		for f, k := range fed {
			if k != "" && h.seen[f] == "" {
				h.seen[f] = strings.Clone(k)
			}
		}
	}()
	if !walkObject(obj, func(key, val string) {
		k := jsonString(key)
		f, rk, ok := bindHistory(h.fm, k)
		if ok && rk < ranks[f] {
			ranks[f] = rk
			ev.vals[f] = jsonValue(val)
			fed[f] = k
		}
		if !ok && first {
			h.unused = append(h.unused, strings.Clone(k))
		}
		if bd, ok := h.fm.lookup(k); ok && bd.r == rankMapped {
			h.mapped[bd.f] = true
		}
	}) {
		return &audit.Rejection{Source: src, Reason: fmt.Sprintf("%s is not an event object", describeJSON(obj))}
	}
	return nil
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
