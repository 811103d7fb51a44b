package audit

import (
	"encoding/binary"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// The lists an audit keeps for its reports — breached verdicts and rejected
// rows — can hold millions of entries, so they are kept as compact records
// rather than as structs of strings and pointers (SPEC §12: rejected rows
// cost no more than tickets do). A record is a run of varints and strings in
// chunks of 64 KiB, with no pointer for the garbage collector to follow;
// plans, accounts, file names and the values a field takes over and over
// (customer, channel, priority, field, reason) are indexes into small
// tables. A record takes some 30 to 60 bytes, against 300 to 1000 for a
// Verdict and its strings. Lists hand their entries back one at a time,
// decoded into a value that the iteration reuses.

// compactChunk is the size of a chunk of records.
const compactChunk = 64 << 10

// records is an append-only run of records in chunks. A record's offset is
// its chunk index << 32 | its position in the chunk.
type records struct {
	chunks [][]byte
}

// buffer returns the last chunk with room for n more bytes.
func (r *records) buffer(n int) []byte {
	if k := len(r.chunks); k > 0 && cap(r.chunks[k-1])-len(r.chunks[k-1]) >= n {
		return r.chunks[k-1]
	}
	r.chunks = append(r.chunks, make([]byte, 0, max(compactChunk, n)))
	return r.chunks[len(r.chunks)-1]
}

// commit stores b, the last chunk extended by buffer's caller, and returns
// the offset of the record that starts at start.
func (r *records) commit(b []byte, start int) uint64 {
	k := len(r.chunks) - 1
	r.chunks[k] = b
	return uint64(k)<<32 | uint64(start)
}

// at returns a decoder positioned on the record at offset off.
func (r *records) at(off uint64) decoder {
	return decoder{b: r.chunks[off>>32], i: int(off & 0xFFFFFFFF)}
}

// all calls yield with a decoder on each record in order, given the number
// of records; it stops when yield returns false.
func (r *records) all(n int, yield func(*decoder) bool) {
	seen := 0
	for _, c := range r.chunks {
		d := decoder{b: c}
		for d.i < len(c) && seen < n {
			if !yield(&d) {
				return
			}
			seen++
		}
	}
}

// decoder reads one record after another from a chunk.
type decoder struct {
	b []byte
	i int
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b[d.i:])
	d.i += n
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b[d.i:])
	d.i += n
	return v
}

func (d *decoder) bytes() []byte {
	n := int(d.uvarint())
	s := d.b[d.i : d.i+n]
	d.i += n
	return s
}

// appendDelta appends s as the length of the prefix it shares with prev
// and the rest of s.
func appendDelta(b []byte, prev, s string) []byte {
	n := 0
	for n < len(prev) && n < len(s) && prev[n] == s[n] {
		n++
	}
	b = binary.AppendUvarint(b, uint64(n))
	return appendString(b, s[n:])
}

// delta reads a string written by appendDelta against prev, which it
// overwrites and returns.
func (d *decoder) delta(prev []byte) []byte {
	n := int(d.uvarint())
	return append(prev[:n], d.bytes()...)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// interned keeps the values that a field takes over and over once: a record
// holds the index + 1 of its value, or 0 and the value itself once the
// table is full (maxInternedValues), so that a field with a new value on
// every row costs its bytes, not a map entry.
type interned struct {
	index  map[string]uint32
	values []string
}

const maxInternedValues = 1 << 14

func (t *interned) append(b []byte, s string) []byte {
	if ref, ok := t.index[s]; ok {
		return binary.AppendUvarint(b, uint64(ref))
	}
	if len(t.values) >= maxInternedValues {
		return appendString(append(b, 0), s)
	}
	if t.index == nil {
		t.index = make(map[string]uint32)
	}
	s = strings.Clone(s)
	t.values = append(t.values, s)
	t.index[s] = uint32(len(t.values))
	return binary.AppendUvarint(b, uint64(len(t.values)))
}

func (t *interned) read(d *decoder) string {
	if ref := d.uvarint(); ref > 0 {
		return t.values[ref-1]
	}
	return string(d.bytes())
}

// pointers indexes a few distinct pointers (plans, accounts) by first use.
type pointers[T any] struct {
	list []*T
	last int
}

func (p *pointers[T]) index(x *T) uint64 {
	if p.last < len(p.list) && p.list[p.last] == x {
		return uint64(p.last)
	}
	for i, y := range p.list {
		if y == x {
			p.last = i
			return uint64(i)
		}
	}
	p.list = append(p.list, x)
	p.last = len(p.list) - 1
	return uint64(p.last)
}

// Flags of a verdict record.
const (
	vrAnswered = 1 << iota
	vrUnanswered
	vrSevere
	vrIndex
	vrWarnings
	vrAccount
)

// Verdicts is a list of verdicts kept as compact records (see above); the
// audit keeps its breaches in one (Result.Breaches). A Ticket's Trail is
// not kept, and its times come back in UTC: reports show them in the plan's
// zone.
type Verdicts struct {
	recs     records
	n        int
	order    []uint64 // offsets of the records, in the list's order
	plans    pointers[plans.Plan]
	accounts pointers[Account]
	files    interned
	values   interned // customer, ticket plan, channel, priority, reason
	fields   interned // warnings
}

// Len reports the number of verdicts in the list.
func (l *Verdicts) Len() int {
	if l == nil {
		return 0
	}
	return l.n
}

// Add appends a copy of v. It keeps no reference to v or its strings.
func (l *Verdicts) Add(v *Verdict) {
	t := &v.Ticket
	var flags uint64
	if t.Answered() {
		flags |= vrAnswered
	}
	if v.Unanswered {
		flags |= vrUnanswered
	}
	if v.Severe {
		flags |= vrSevere
	}
	if t.Source.IsIndex {
		flags |= vrIndex
	}
	if len(t.Warnings)+len(v.Warnings) > 0 {
		flags |= vrWarnings
	}
	if v.Account != nil {
		flags |= vrAccount
	}
	n := 20*binary.MaxVarintLen64 + len(t.ID) + len(t.Customer) + len(t.Plan) + len(t.Channel) +
		len(t.Priority) + len(v.Reason) + len(t.Source.File) + len(v.Priority) + len(v.Target)
	for _, w := range t.Warnings {
		n += binary.MaxVarintLen64 + len(w)
	}
	for _, w := range v.Warnings {
		n += binary.MaxVarintLen64 + len(w)
	}
	b := l.recs.buffer(n)
	start := len(b)
	b = binary.AppendUvarint(b, flags)
	b = binary.AppendUvarint(b, uint64(v.Status)<<4|uint64(v.Class)<<2|uint64(v.PlanSource))
	b = binary.AppendUvarint(b, l.plans.index(v.Plan))
	if v.Account != nil {
		b = binary.AppendUvarint(b, l.accounts.index(v.Account))
	}
	b = l.files.append(b, t.Source.File)
	pos := t.Source.Line
	if t.Source.IsIndex {
		pos = t.Source.Index
	}
	b = binary.AppendVarint(b, int64(pos))
	// Instants as Unix seconds (the others relative to the submission)
	// and nanoseconds, which hold any time.Time an engine is given.
	sub := t.Submitted.Unix()
	b = binary.AppendVarint(b, sub)
	b = binary.AppendUvarint(b, uint64(t.Submitted.Nanosecond()))
	if t.Answered() {
		b = binary.AppendVarint(b, t.FirstResponse.Unix()-sub)
		b = binary.AppendUvarint(b, uint64(t.FirstResponse.Nanosecond()))
	}
	b = binary.AppendVarint(b, int64(v.Window))
	if v.Status != Excluded {
		b = binary.AppendVarint(b, v.Deadline.Unix()-sub)
		b = binary.AppendUvarint(b, uint64(v.Deadline.Nanosecond()))
	}
	b = binary.AppendVarint(b, int64(v.Late))
	b = appendString(b, t.ID)
	for _, s := range [...]string{t.Customer, t.Plan, t.Channel, t.Priority, v.Reason, v.Priority, v.Target} {
		b = l.values.append(b, s)
	}
	b = binary.AppendUvarint(b, uint64(v.PriorityMatch))
	if flags&vrWarnings != 0 {
		b = binary.AppendUvarint(b, uint64(len(t.Warnings)))
		for _, w := range t.Warnings {
			b = l.fields.append(b, w)
		}
		b = binary.AppendUvarint(b, uint64(len(v.Warnings)))
		for _, w := range v.Warnings {
			b = l.fields.append(b, w)
		}
	}
	l.order = append(l.order, l.recs.commit(b, start))
	l.n++
}

// decode reads the record at d into v, reusing v's warning slices.
func (l *Verdicts) decode(d *decoder, v *Verdict) {
	tw, vw := v.Ticket.Warnings[:0], v.Warnings[:0]
	*v = Verdict{}
	t := &v.Ticket
	flags := d.uvarint()
	kind := d.uvarint()
	v.Status, v.Class, v.PlanSource = Status(kind>>4), plans.Class(kind>>2&3), PlanSource(kind&3)
	v.Plan = l.plans.list[d.uvarint()]
	if flags&vrAccount != 0 {
		v.Account = l.accounts.list[d.uvarint()]
	}
	t.Source.File = l.files.read(d)
	pos := int(d.varint())
	if flags&vrIndex != 0 {
		t.Source.Index, t.Source.IsIndex = pos, true
	} else {
		t.Source.Line = pos
	}
	sub := d.varint()
	t.Submitted = time.Unix(sub, int64(d.uvarint())).UTC()
	if flags&vrAnswered != 0 {
		s := sub + d.varint()
		t.FirstResponse = time.Unix(s, int64(d.uvarint())).UTC()
	}
	v.Window = time.Duration(d.varint())
	if v.Status != Excluded {
		s := sub + d.varint()
		v.Deadline = time.Unix(s, int64(d.uvarint())).UTC()
	}
	v.Late = time.Duration(d.varint())
	v.Unanswered, v.Severe = flags&vrUnanswered != 0, flags&vrSevere != 0
	t.ID = string(d.bytes())
	t.Customer, t.Plan, t.Channel, t.Priority = l.values.read(d), l.values.read(d), l.values.read(d), l.values.read(d)
	v.Reason = l.values.read(d)
	v.Priority, v.Target = l.values.read(d), l.values.read(d)
	v.PriorityMatch = plans.PriorityMatch(d.uvarint())
	if flags&vrWarnings != 0 {
		for range d.uvarint() {
			tw = append(tw, l.fields.read(d))
		}
		for range d.uvarint() {
			vw = append(vw, l.fields.read(d))
		}
	}
	if len(tw) > 0 {
		t.Warnings = tw
	}
	if len(vw) > 0 {
		v.Warnings = vw
	}
}

// All yields the verdicts in the list's order with their index. The
// *Verdict is reused: it is valid until the next step.
func (l *Verdicts) All() iter.Seq2[int, *Verdict] {
	return func(yield func(int, *Verdict) bool) {
		if l == nil {
			return
		}
		var v Verdict
		for i, off := range l.order {
			d := l.recs.at(off)
			l.decode(&d, &v)
			if !yield(i, &v) {
				return
			}
		}
	}
}

// At returns a copy of the i-th verdict of the list.
func (l *Verdicts) At(i int) Verdict {
	var v Verdict
	d := l.recs.at(l.order[i])
	l.decode(&d, &v)
	return v
}

// sortBySubmission orders the list by submission instant, then id (SPEC
// §7), keeping the input order of equal ones.
func (l *Verdicts) sortBySubmission() {
	if l == nil || l.sortedBySubmission() {
		return
	}
	type key struct {
		sub time.Time
		off uint64
	}
	keys := make([]key, len(l.order))
	var v Verdict
	for i, off := range l.order {
		d := l.recs.at(off)
		l.decode(&d, &v)
		keys[i] = key{v.Ticket.Submitted, off}
	}
	id := func(off uint64) string {
		var v Verdict
		d := l.recs.at(off)
		l.decode(&d, &v)
		return v.Ticket.ID
	}
	slices.SortStableFunc(keys, func(a, b key) int {
		if c := a.sub.Compare(b.sub); c != 0 {
			return c
		}
		return strings.Compare(id(a.off), id(b.off))
	})
	for i, k := range keys {
		l.order[i] = k.off
	}
}

// sortedBySubmission reports whether the list is in report order already,
// as it is for an export in submission order, so that sorting it needs no
// memory.
func (l *Verdicts) sortedBySubmission() bool {
	var prev, v Verdict
	for i, off := range l.order {
		d := l.recs.at(off)
		l.decode(&d, &v)
		if i > 0 {
			if c := v.Ticket.Submitted.Compare(prev.Ticket.Submitted); c < 0 || c == 0 && v.Ticket.ID < prev.Ticket.ID {
				return false
			}
		}
		prev.Ticket.Submitted, prev.Ticket.ID = v.Ticket.Submitted, v.Ticket.ID
	}
	return true
}

// Rejections is the list of rejected rows of an audit, kept as compact
// records (see above), in input order.
//
// A rejected row's id and reason are written as the length of the prefix
// they share with the previous row's (in the same chunk) and the rest: the
// rows an export gets wrong tend to be wrong alike (`unknown plan "gold-17"`,
// `unknown plan "gold-18"`), so a million of them take some 15 bytes each.
type Rejections struct {
	recs   records
	n      int
	files  interned
	fields interned
	// The previous record's id and reason, which the next one is written
	// against.
	prevID, prevReason string
}

// Len reports the number of rejected rows.
func (l *Rejections) Len() int {
	if l == nil {
		return 0
	}
	return l.n
}

// Add appends a copy of r. It keeps no reference to r's strings.
func (l *Rejections) Add(r *Rejection) {
	b := l.recs.buffer(6*binary.MaxVarintLen64 + 3 + len(r.Source.File) + len(r.ID) + len(r.Field) + len(r.Reason))
	start := len(b)
	if start == 0 {
		// A chunk starts afresh, so that its records decode alone.
		l.prevID, l.prevReason = "", ""
	}
	pos := r.Source.Line << 1
	if r.Source.IsIndex {
		pos = r.Source.Index<<1 | 1
	}
	b = binary.AppendVarint(b, int64(pos))
	b = l.files.append(b, r.Source.File)
	b = appendDelta(b, l.prevID, r.ID)
	b = l.fields.append(b, r.Field)
	b = appendDelta(b, l.prevReason, r.Reason)
	l.recs.commit(b, start)
	// Copies: r's strings may share a reader's buffer.
	l.prevID, l.prevReason = strings.Clone(r.ID), strings.Clone(r.Reason)
	l.n++
}

// All yields the rejected rows in input order with their index.
func (l *Rejections) All() iter.Seq2[int, Rejection] {
	return func(yield func(int, Rejection) bool) {
		if l == nil {
			return
		}
		i := 0
		var id, reason []byte
		l.recs.all(l.n, func(d *decoder) bool {
			if d.i == 0 {
				// A new chunk: its first record stands alone.
				id, reason = id[:0], reason[:0]
			}
			var r Rejection
			pos := int(d.varint())
			if pos&1 != 0 {
				r.Source.Index, r.Source.IsIndex = pos>>1, true
			} else {
				r.Source.Line = pos >> 1
			}
			r.Source.File = l.files.read(d)
			id = d.delta(id)
			r.ID = string(id)
			r.Field = l.fields.read(d)
			reason = d.delta(reason)
			r.Reason = string(reason)
			ok := yield(i, r)
			i++
			return ok
		})
	}
}
