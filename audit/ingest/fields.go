package ingest

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// field is one canonical ticket field of SPEC §6.
type field uint8

const (
	fieldID field = iota
	fieldCustomer
	fieldPlan
	fieldChannel
	fieldPriority
	fieldSubmitted
	fieldFirstResponse
	fieldMinutes
	numFields
)

var fieldNames = [numFields]string{
	"id", "customer", "plan", "channel", "priority",
	"submitted_at", "first_response_at", "first_response_minutes",
}

func (f field) String() string { return fieldNames[f] }

// fieldAliases are the accepted header names of SPEC §6 besides the
// canonical one.
var fieldAliases = [numFields][]string{
	fieldID:            {"ticket_id", "ticket", "key"},
	fieldCustomer:      {"organization", "org", "account", "company", "requester"},
	fieldPlan:          {"tier", "support_plan"},
	fieldChannel:       {"via", "source"},
	fieldSubmitted:     {"created_at", "created", "opened_at"},
	fieldFirstResponse: {"first_reply_at", "responded_at", "first_responded_at"},
	fieldMinutes:       {"first_reply_minutes", "first_reply_time_in_minutes"},
}

// NormalizeHeader returns the form in which headers, JSON keys and --map
// names are compared (SPEC §6): lower case, without spaces, tabs, '_' and
// '-'. "Ticket ID", "ticket_id" and "ticket-id" all become "ticketid".
func NormalizeHeader(h string) string {
	var buf [64]byte
	return string(appendNormalized(buf[:0], h))
}

func appendNormalized(b []byte, h string) []byte {
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case c == ' ' || c == '\t' || c == '_' || c == '-':
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// rank orders the ways a header can name a field (SPEC §9): a --map entry
// (or a preset's column) beats the canonical name, which beats the aliases
// of SPEC §6 in their listed order, so that "organization" outranks
// "requester" whatever the header order. Among headers of equal rank the
// first one wins (SPEC §3 "CSV").
type rank uint8

const (
	rankMapped    rank = 0
	rankCanonical rank = 1
	rankNone      rank = 255
)

// rankAlias is the rank of the i-th alias of a field.
func rankAlias(i int) rank { return rankCanonical + 1 + rank(i) }

type binding struct {
	f field
	r rank
}

// fieldMap resolves header names to fields.
type fieldMap struct {
	byName map[string]binding
	// mapped holds, per field, the header given with --map, as written;
	// preset the preset's header or path, which the message of a missing
	// field names even when the input lacks it.
	mapped [numFields]string
	preset [numFields]string
}

// newFieldMap builds the header lookup from the aliases and m (--map
// field=Header).
func newFieldMap(m map[string]string) (*fieldMap, error) {
	fm := &fieldMap{byName: make(map[string]binding)}
	for f := range numFields {
		fm.byName[NormalizeHeader(fieldNames[f])] = binding{f, rankCanonical}
		for i, a := range fieldAliases[f] {
			fm.byName[NormalizeHeader(a)] = binding{f, rankAlias(i)}
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	claimed := make(map[string]field)
	for _, k := range keys {
		f, ok := lookupField(k)
		if !ok {
			return nil, fmt.Errorf("--map %s=%s: unknown field %q (fields: %s)", k, m[k], k, strings.Join(fieldNames[:], ", "))
		}
		h := NormalizeHeader(m[k])
		if h == "" {
			return nil, fmt.Errorf("--map %s=%s: empty header name", k, m[k])
		}
		if g, dup := claimed[h]; dup && g != f {
			return nil, fmt.Errorf("--map: header %q is given for both %s and %s", m[k], g, f)
		}
		if fm.mapped[f] != "" {
			return nil, fmt.Errorf("--map: field %s is mapped twice", f)
		}
		claimed[h] = f
		fm.mapped[f] = m[k]
		fm.byName[h] = binding{f, rankMapped}
	}
	return fm, nil
}

func lookupField(name string) (field, bool) {
	n := NormalizeHeader(name)
	for f := range numFields {
		if NormalizeHeader(fieldNames[f]) == n {
			return f, true
		}
	}
	return 0, false
}

// lookup finds the field a header or JSON key names. It does not allocate.
func (fm *fieldMap) lookup(h string) (binding, bool) {
	var buf [64]byte
	b := appendNormalized(buf[:0], h)
	bd, ok := fm.byName[string(b)]
	return bd, ok
}

// lookedFor lists the names that feed field f, best first.
func (fm *fieldMap) lookedFor(f field) []string {
	var out []string
	if fm.mapped[f] != "" {
		out = append(out, fm.mapped[f])
	}
	if p := fm.preset[f]; p != "" && p != fm.mapped[f] {
		out = append(out, p)
	}
	return append(append(out, fieldNames[f]), fieldAliases[f]...)
}

// Column is one canonical field and the header or JSON key (as written)
// that feeds it.
type Column struct {
	Field, Source string
}

// Binding is what an input's columns became (SPEC §9): which header or JSON
// key feeds each field, which were not used, and which fields more than one
// header could feed.
type Binding struct {
	// Columns lists the bound fields in the order of SPEC §6: id,
	// customer, plan, channel, priority, submitted_at, first_response_at,
	// first_response_minutes.
	Columns []Column
	// Unused lists the headers (or the keys of the first JSON record) that
	// feed no field, in file order.
	Unused []string
	// Warnings say, per field that two headers could feed, which one is
	// read and which is not.
	Warnings []string
	// Skipped counts the rows above the header (a title) that were not
	// read as rows (XLSX).
	Skipped int
	// Zone is the zone the file itself states for its times, and
	// ZoneSource where (SPEC §9: Zammad's "Timezone:" line); nil when the
	// file states none.
	Zone       *time.Location
	ZoneSource string
}

// MissingError is the file error of an input that has no column (or JSON
// key) for a required field (SPEC §9). It names the data, not the flags:
// cmd adds which flag to pass.
type MissingError struct {
	// Fields are the fields any one of which would do (first_response_at
	// or first_response_minutes), and LookedFor every name tried.
	Fields    []string
	LookedFor []string
	// Have lists the headers the input has (CSV), empty for JSON.
	Have []string
	// JSON reports that no record of a JSON input had the key.
	JSON bool
}

func (e *MissingError) Error() string {
	var b strings.Builder
	if e.JSON {
		fmt.Fprintf(&b, "no record has a key for %s", strings.Join(e.Fields, " or "))
	} else {
		fmt.Fprintf(&b, "no %s column", strings.Join(e.Fields, " or "))
	}
	fmt.Fprintf(&b, " (looked for %s", quoteList(e.LookedFor))
	if len(e.Have) > 0 {
		fmt.Fprintf(&b, "; the header has %s", quoteList(clipList(e.Have, 12)))
	}
	b.WriteString(")")
	return b.String()
}

// MapError is the file error of a --map entry whose header or JSON key the
// input does not have (SPEC §9).
type MapError struct {
	Field, Header string
	JSON          bool
}

func (e *MapError) Error() string {
	if e.JSON {
		return fmt.Sprintf("--map %s=%s: no record has the key %q", e.Field, e.Header, e.Header)
	}
	return fmt.Sprintf("--map %s=%s: no column %q in the header", e.Field, e.Header, e.Header)
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		if n == "…" {
			q[i] = n
		} else {
			q[i] = fmt.Sprintf("%q", n)
		}
	}
	return strings.Join(q, ", ")
}

func clipList(names []string, n int) []string {
	if len(names) <= n {
		return names
	}
	return append(names[:n:n], "…")
}

// Requirements are the fields an input must be able to feed (SPEC §9).
// id and submitted_at are always required.
type Requirements struct {
	// Response requires a first_response_at or first_response_minutes
	// column (for a history: reply events, which its event column gives).
	Response bool
	// Plan requires a plan column: set it when no other plan source (a
	// default plan, an accounts file) exists.
	Plan bool
}

// required lists the field groups a binding must have, each group
// satisfied by any one of its fields.
func (q Requirements) required() [][]field {
	out := [][]field{{fieldID}, {fieldSubmitted}}
	if q.Response {
		out = append(out, []field{fieldFirstResponse, fieldMinutes})
	}
	if q.Plan {
		out = append(out, []field{fieldPlan})
	}
	return out
}

// missing returns the error for a required group none of whose fields has
// a column: have(f) says whether f has one.
func (fm *fieldMap) missing(q Requirements, have func(field) bool, header []string, json bool) error {
	for _, group := range q.required() {
		ok := false
		var names, looked []string
		for _, f := range group {
			ok = ok || have(f)
			names = append(names, f.String())
			looked = append(looked, fm.lookedFor(f)...)
		}
		if !ok {
			return &MissingError{Fields: names, LookedFor: looked, Have: header, JSON: json}
		}
	}
	return nil
}

// headerBinding is what bindColumns decides for one header: per field the
// column that feeds it (or -1), its rank, and another column that could
// feed it too (or -1).
type headerBinding struct {
	cols, other []int
	ranks       []rank
}

// bindColumns is the one header binder of the package: ticket rows,
// histories and accounts files bind their headers through it. names are the
// fields' names (for Binding.Columns); lookup says which field a header
// names and with what rank. The best-ranked header feeds a field, the
// first of equals (SPEC §9, §3 "CSV"); any other that could is noted.
func bindColumns(header []string, names []string, lookup func(h string) (f int, r rank, ok bool)) (hb headerBinding, bd Binding) {
	n := len(names)
	hb = headerBinding{cols: make([]int, n), other: make([]int, n), ranks: make([]rank, n)}
	for f := range n {
		hb.cols[f], hb.other[f], hb.ranks[f] = -1, -1, rankNone
	}
	for i, h := range header {
		f, r, ok := lookup(strings.TrimSpace(h))
		if !ok {
			continue
		}
		switch {
		case r < hb.ranks[f]:
			if hb.cols[f] >= 0 && hb.other[f] < 0 {
				hb.other[f] = hb.cols[f]
			}
			hb.cols[f], hb.ranks[f] = i, r
		case hb.other[f] < 0:
			hb.other[f] = i
		}
	}
	used := make([]bool, len(header))
	for f := range n {
		c := hb.cols[f]
		if c < 0 {
			continue
		}
		used[c] = true
		bd.Columns = append(bd.Columns, Column{names[f], strings.TrimSpace(header[c])})
		// A --map entry or a preset's column is a choice, not a guess.
		if o := hb.other[f]; o >= 0 && hb.ranks[f] != rankMapped {
			bd.Warnings = append(bd.Warnings, fmt.Sprintf("%s: %q is read; %q could feed it too", names[f], strings.TrimSpace(header[c]), strings.TrimSpace(header[o])))
		}
	}
	for i, h := range header {
		if !used[i] && strings.TrimSpace(h) != "" {
			bd.Unused = append(bd.Unused, strings.TrimSpace(h))
		}
	}
	return hb, bd
}

// bindHeader maps CSV columns to fields: cols[f] is the column index of
// field f, or -1. A --map entry must name a column that exists, and the
// required fields (SPEC §9) must have one.
func (fm *fieldMap) bindHeader(header []string, q Requirements) (cols [numFields]int, bd Binding, err error) {
	hb, bd := bindColumns(header, fieldNames[:], func(h string) (int, rank, bool) {
		b, ok := fm.lookup(h)
		return int(b.f), b.r, ok
	})
	copy(cols[:], hb.cols)
	for f := range numFields {
		if fm.mapped[f] != "" && hb.ranks[f] != rankMapped {
			return cols, Binding{}, &MapError{Field: f.String(), Header: fm.mapped[f]}
		}
	}
	if err := fm.missing(q, func(f field) bool { return cols[f] >= 0 }, header, false); err != nil {
		return cols, Binding{}, err
	}
	return cols, bd, nil
}

// ParseMap reads --map flag values of the form field=Header into the map
// that Options.Map takes.
func ParseMap(specs []string) (map[string]string, error) {
	m := make(map[string]string, len(specs))
	for _, s := range specs {
		k, v, ok := strings.Cut(s, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("--map %s: want field=Header", s)
		}
		if _, ok := lookupField(k); !ok {
			return nil, fmt.Errorf("--map %s: unknown field %q (fields: %s)", s, k, strings.Join(fieldNames[:], ", "))
		}
		if _, dup := m[k]; dup {
			return nil, fmt.Errorf("--map %s: field %s is mapped twice", s, k)
		}
		m[k] = v
	}
	return m, nil
}
