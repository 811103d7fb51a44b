package ingest

import (
	"fmt"
	"sort"
	"strings"
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

// Fields returns the canonical ticket field names of SPEC §6, the keys that
// Options.Map accepts.
func Fields() []string { return append([]string(nil), fieldNames[:]...) }

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

// rank orders the ways a header can name a field: a --map entry beats an
// alias. Among headers of equal rank the first one wins (SPEC §3 "CSV").
type rank uint8

const (
	rankMapped rank = iota
	rankAlias
	rankNone
)

type binding struct {
	f field
	r rank
}

// fieldMap resolves header names to fields.
type fieldMap struct {
	byName map[string]binding
	// mapped holds, per field, the header given with --map, as written.
	mapped [numFields]string
}

// newFieldMap builds the header lookup from the aliases and m (--map
// field=Header).
func newFieldMap(m map[string]string) (*fieldMap, error) {
	fm := &fieldMap{byName: make(map[string]binding)}
	for f := range numFields {
		fm.byName[NormalizeHeader(fieldNames[f])] = binding{f, rankAlias}
		for _, a := range fieldAliases[f] {
			fm.byName[NormalizeHeader(a)] = binding{f, rankAlias}
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

// bindHeader maps CSV columns to fields: cols[f] is the column index of
// field f, or -1. SPEC §3 "CSV": a missing id or submitted_at column is a
// file error; when two headers map to one field the first wins. A --map
// entry wins over an alias and must name a column that exists.
func (fm *fieldMap) bindHeader(header []string) (cols [numFields]int, err error) {
	var ranks [numFields]rank
	for f := range cols {
		cols[f], ranks[f] = -1, rankNone
	}
	for i, h := range header {
		bd, ok := fm.lookup(strings.TrimSpace(h))
		if ok && bd.r < ranks[bd.f] {
			cols[bd.f], ranks[bd.f] = i, bd.r
		}
	}
	for f := range numFields {
		if fm.mapped[f] != "" && ranks[f] != rankMapped {
			return cols, fmt.Errorf("--map %s=%s: no column %q in the header", f, fm.mapped[f], fm.mapped[f])
		}
	}
	for _, f := range [...]field{fieldID, fieldSubmitted} {
		if cols[f] < 0 {
			return cols, fmt.Errorf("no %s column (looked for %s; name another header with --map %s=Header)",
				f, strings.Join(append([]string{fieldNames[f]}, fieldAliases[f]...), ", "), f)
		}
	}
	return cols, nil
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
