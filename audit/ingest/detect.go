package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Layout is what Detect decides about one input before its first record:
// how to cut it into records and what the records are. It is printable and
// is what the report shows of an input (SPEC §9 "inputs").
type Layout struct {
	// Format is "csv", "json" (an array, or an array inside wrapper
	// objects at List), "ndjson" (one JSON value per line) or "xlsx".
	Format string
	// Delimiter separates CSV fields; 0 for JSON.
	Delimiter rune
	// List is the key path from the top-level object to the record array
	// ("tickets", "_embedded.conversations"); nil for a top-level array
	// or NDJSON.
	List []string
	// Record is the key that wraps each record, when the preset names one
	// ({"ticket": {…}}); a record without it is read as it is.
	Record string
	// Shape is ShapeRows or ShapeHistory.
	Shape string
	// Preset is the --preset in use, or "".
	Preset string
	// Header is the CSV header record, when Detect saw it.
	Header []string
}

// errShortHead says that Detect needs more of the input to decide.
var errShortHead = errors.New("the start of the input is too short to decide its layout")

// delimiters are the CSV delimiters Detect tries (SPEC §9), in the order
// that breaks a tie.
var delimiters = [...]rune{',', ';', '\t', '|'}

// Detect decides the layout of an input from its first bytes (head, after
// any decompression and byte-order mark), its name and the options. final
// says that no more bytes will come (head is the whole input, or as much as
// the reader will ever peek); without it Detect may return errShortHead
// to ask for more. It reads nothing and keeps nothing: it is a pure function.
//
//   - Format: opts.Format, else the name's extension (.csv, .tsv, .json,
//     .ndjson, .jsonl, before any .gz), else JSON when the first byte that
//     is not white space is '[' or '{', else CSV.
//   - Delimiter (CSV): opts.Delimiter, else a tab for .tsv, else the one of
//     , ; TAB | whose header binds an id column, and if several do, the one
//     that splits the header into the most fields (SPEC §9); ',' when none
//     does (the binder then says which column is missing).
//   - List (JSON): '[' is a top-level array; '{' is NDJSON when its first
//     line is a whole object without the list key ("tickets", or the
//     preset's list path), else a wrapper object holding the list.
//   - Shape: opts.Shape or the preset's, else a history when the CSV header
//     or the keys of the first JSON record name an id, at and event.
func Detect(head []byte, final bool, name string, opts Options) (Layout, error) {
	p, err := presetOf(opts)
	if err != nil {
		return Layout{}, err
	}
	shape, err := p.shape(opts.Shape)
	if err != nil {
		return Layout{}, err
	}
	l := Layout{Format: opts.Format, Shape: shape}
	if p != nil {
		l.Preset = p.name
	}
	lower := trimGz(strings.ToLower(name))
	if l.Format == "" {
		switch {
		case strings.HasSuffix(lower, ".csv"), strings.HasSuffix(lower, ".tsv"):
			l.Format = "csv"
		case strings.HasSuffix(lower, ".json"):
			l.Format = "json"
		case strings.HasSuffix(lower, ".ndjson"), strings.HasSuffix(lower, ".jsonl"):
			l.Format = "ndjson"
		case strings.HasSuffix(lower, ".xlsx"), bytes.HasPrefix(head, []byte("PK\x03\x04")):
			l.Format = "xlsx"
		default:
			l.Format = "csv"
			if c := firstNonSpace(head); c == '[' || c == '{' {
				l.Format = "json"
			} else if c == 0 && !final {
				return l, errShortHead
			}
		}
	}
	switch l.Format {
	case "csv":
		return detectCSV(l, head, final, lower, opts, p)
	case "xlsx":
		if p != nil && p.csv == nil {
			return l, fmt.Errorf("--preset %s reads %s's JSON, not a spreadsheet", p.name, p.display)
		}
		if l.Shape == "" {
			l.Shape = ShapeRows
		}
		if l.Shape != ShapeRows {
			return l, errors.New("an .xlsx file is read as ticket rows, not as a history")
		}
		return l, nil
	case "json", "ndjson":
		if p != nil {
			l.Record = p.record
		}
		return detectJSON(l, head, final, opts, p)
	}
	return l, fmt.Errorf("unknown format %q (want csv, json, ndjson or xlsx)", l.Format)
}

func detectCSV(l Layout, head []byte, final bool, lower string, opts Options, p *preset) (Layout, error) {
	user, _, err := p.fieldMap(opts.Map, "csv", "", nil)
	if err != nil {
		return l, err
	}
	fm, err := newFieldMap(user)
	if err != nil {
		return l, err
	}
	first := p.headerCell()
	cands := delimiters[:]
	switch {
	case opts.Delimiter != 0:
		cands = []rune{opts.Delimiter}
	case strings.HasSuffix(lower, ".tsv"):
		cands = []rune{'\t'}
	}
	best, bestN := rune(0), 0
	var bestHeader []string
	for _, d := range cands {
		if !validDelim(d) {
			return l, fmt.Errorf("%q cannot separate CSV fields", d)
		}
		h, ok := csvHeader(head, final, d, first)
		if !ok {
			return l, errShortHead
		}
		if len(cands) == 1 {
			best, bestHeader = d, h
			break
		}
		if bindsID(fm, h) && len(h) > bestN {
			best, bestN, bestHeader = d, len(h), h
		}
	}
	if best == 0 {
		// No delimiter gives an id column: read with ',' so that the
		// binder names the missing column for the header as written.
		best = ','
		bestHeader, _ = csvHeader(head, true, ',', first)
	}
	l.Delimiter, l.Header = best, bestHeader
	if l.Shape == "" {
		l.Shape = ShapeRows
		if isHistoryHeader(fm, l.Header) {
			l.Shape = ShapeHistory
		}
	}
	return l, nil
}

// bindsID reports whether a header has a column that feeds the id field.
func bindsID(fm *fieldMap, header []string) bool {
	for _, h := range header {
		if bd, ok := fm.lookup(strings.TrimSpace(h)); ok && bd.f == fieldID {
			return true
		}
	}
	return false
}

// csvHeader returns the header of a CSV head cut with delim: the first
// non-blank record, or when first is not empty the first record whose first
// cell is first (a header below a title). ok is false when the head ends
// before the header does and more may come; at the end it returns nil, true.
func csvHeader(head []byte, final bool, delim rune, first string) ([]string, bool) {
	cr := newCSVReader(bytes.NewReader(head), delim)
	cr.ReuseRecord = false
	cr.LazyQuotes = true // a wrong delimiter must not stop the search
	for {
		rec, err := cr.Read()
		if err != nil || (!final && cr.InputOffset() >= int64(len(head))) {
			// The end of the head, or a record that may go on past it.
			return nil, final
		}
		if blank(rec) || (first != "" && strings.TrimSpace(rec[0]) != first) {
			continue
		}
		return rec, true
	}
}

func detectJSON(l Layout, head []byte, final bool, opts Options, p *preset) (Layout, error) {
	list := "tickets"
	if p != nil {
		list = p.jsonList
	}
	c := firstNonSpace(head)
	if l.Format == "json" {
		switch c {
		case '[':
		case '{':
			line, whole := firstLineOf(head, final)
			if !whole && !final {
				return l, errShortHead
			}
			if whole && (list == "" || !hasKey(line, strings.Split(list, ".")[0])) {
				l.Format = "ndjson"
			} else {
				l.List = strings.Split(list, ".")
			}
		case 0:
			if !final {
				return l, errShortHead
			}
		default:
			// jsonRecords reports the bad first byte with its position,
			// and says which wrapper it would have read.
			if list != "" {
				l.List = strings.Split(list, ".")
			}
		}
	}
	if l.Shape == "" {
		l.Shape = ShapeRows
		keys, ok := firstRecordKeys(head, l)
		if !ok && !final {
			return l, errShortHead
		}
		user, _, err := p.fieldMap(opts.Map, "json", "", nil)
		if err != nil {
			return l, err
		}
		fm, err := newFieldMap(user)
		if err != nil {
			return l, err
		}
		if isHistoryHeader(fm, keys) {
			l.Shape = ShapeHistory
		}
		// A preset whose records are a history when they carry their
		// threads (Zendesk's Admin Center export: comments, no metric_set).
		if p != nil && p.threads != nil && p.threads.whenPresent {
			top, _, _ := strings.Cut(p.threads.path, ".")
			if slices.ContainsFunc(keys, func(k string) bool { return k == top }) {
				l.Shape = ShapeHistory
			}
		}
	}
	return l, nil
}

// firstNonSpace returns the first byte of b that is not JSON white space, or
// 0.
func firstNonSpace(b []byte) byte {
	if i := bytes.IndexFunc(b, func(r rune) bool { return !isSpace(r) }); i >= 0 {
		return b[i]
	}
	return 0
}

// firstLineOf returns the first non-blank line of head and whether it is
// whole (ends with a newline, or head is final) and valid JSON.
func firstLineOf(head []byte, final bool) ([]byte, bool) {
	b := bytes.TrimLeft(head, " \t\r\n")
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 && !final {
		return nil, false
	}
	if nl >= 0 {
		b = b[:nl]
	}
	b = bytes.TrimRight(b, " \t\r")
	return b, json.Valid(b)
}

// hasKey reports whether the JSON object obj has the key key (compared like
// headers, SPEC §6).
func hasKey(obj []byte, key string) bool {
	has := false
	walkObject(string(obj), func(k, _ string) {
		has = has || NormalizeHeader(jsonString(k)) == NormalizeHeader(key)
	})
	return has
}

// firstRecordKeys returns the keys of the first record of a JSON head laid
// out as l says, and whether the head held the whole record.
func firstRecordKeys(head []byte, l Layout) ([]string, bool) {
	var rec []byte
	if l.Format == "ndjson" {
		line, ok := firstLineOf(head, true)
		if !ok {
			return nil, false
		}
		rec = line
	} else {
		dec := json.NewDecoder(bytes.NewReader(head))
		if !descend(dec, l.List) {
			return nil, false
		}
		var raw json.RawMessage
		if !dec.More() || dec.Decode(&raw) != nil {
			return nil, false
		}
		rec = raw
	}
	if l.Record != "" {
		if v := lookupPath(string(rec), l.Record); strings.HasPrefix(v, "{") {
			rec = []byte(v)
		}
	}
	var keys []string
	walkObject(string(rec), func(k, _ string) { keys = append(keys, jsonString(k)) })
	return keys, true
}

// descend reads dec up to the '[' of the record array at list, entering the
// wrapper objects, and reports whether it got there.
func descend(dec *json.Decoder, list []string) bool {
	for _, key := range list {
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return false
		}
		for {
			if !dec.More() {
				return false
			}
			tok, err := dec.Token()
			if err != nil {
				return false
			}
			if k, _ := tok.(string); NormalizeHeader(k) == NormalizeHeader(key) {
				break
			}
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return false
			}
		}
	}
	tok, err := dec.Token()
	return err == nil && tok == json.Delim('[')
}
