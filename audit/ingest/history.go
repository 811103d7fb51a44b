package ingest

import (
	"bufio"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/slaaudit/slaaudit/audit"
)

// A history (SPEC §6 "Ticket histories") has one row per event, in any
// order: ticket_id, at, event (created, reply, note, status, …), actor
// (customer, agent, system), public, and the ticket fields on any row. The
// reader derives each ticket from its events:
//
//   - submitted_at is the instant of the ticket's created event;
//   - first_response_at is the earliest public reply by an agent at or
//     after created. A reply at the same instant as created counts: the
//     window is measured from submission, and an answer that no clock can
//     put after it is still an answer;
//   - internal notes (event note, or public false), replies by the system
//     (automatic replies) and replies by the customer never count. An
//     empty public means public for a reply; a note is internal whatever
//     public says;
//   - a ticket field (customer, plan, channel, priority) may be on any row;
//     two different non-empty values reject the ticket, naming both rows.
//
// A ticket is rejected, with the reason and the rows involved, for a reply
// (by anyone) before its created event, a second created event, no created
// event, conflicting fields, or an event whose at, event or public cannot
// be read. An event row without a ticket id is a rejection of its own,
// since it belongs to no ticket.
//
// Memory: the end of a ticket's events is only known at the end of the
// input, so every ticket is held until then — but as a compact state, so
// memory grows with the number of tickets, not of events, and stays under
// SPEC §12's ~100 bytes a ticket: a 64-byte ticketState (instants as UNIX
// nanoseconds with an index into a table of zones, positions as line
// numbers, the ticket fields as indexes into a table of distinct values
// per field), the id's bytes in one arena, and 5 to 11 bytes of hash table
// (see ticketTable). What few tickets need more (warnings, contradictions, a
// field set on a row other than the ticket's first) goes to a side table.
// Only with Options.Trail is anything kept per event, and with
// Options.TrailFor only for one ticket.
type history struct {
	src     eventSource
	binding Binding
	checker eventChecker
	trail   bool
	only    string // with trail: the one ticket to keep a trail for
	preset  *preset

	tickets ticketTable
	events  int
	// values holds, per ticket field, each distinct value once, valueOf
	// its index; a ticketState refers to its fields by index (0 is "").
	values  [len(histTicketFields)][]string
	valueOf [len(histTicketFields)]map[string]uint32
	// zones holds each distinct location of the instants kept, zoneOf its
	// index; an instant whose location does not fit (more than
	// maxZones) is kept whole in the ticket's stateExtra.
	zones  []*time.Location
	zoneOf map[*time.Location]uint8
	// name and index say how a pos becomes an audit.Source: every row of
	// a history comes from one file, by line or (a JSON array) by index.
	name  string
	index bool
	eof   bool
	emit  int // next ticket to emit, after eof
	ev    eventRow
	e     event
	// last is the ticket of the last event folded, -1 before the first,
	// and lastHash the hash of its id.
	last     int
	lastHash uint64
	// split, when not nil, reads the events on other goroutines
	// (history_split.go); begun says whether it has been decided.
	split *histSplit
	begun bool
}

// pos is a row of the history's file: its line, or its index in a JSON
// array (history.source makes it an audit.Source). A file of more than
// 4 294 967 295 rows saturates it.
type pos uint32

// ticketState is what a history keeps per ticket while it reads: small,
// since it is kept for every ticket until the end of the input (SPEC §12).
// Its size is 64 bytes (TestHistoryStateIsCompact).
type ticketState struct {
	// createdAt, responseAt and replyAt are UNIX nanoseconds: times are
	// read only in the years 1900–2199 (ParseTime), well inside int64's
	// 1678–2262. The first two are in the zone of createdZone and
	// responseZone (indexes into history.zones, or inExtra).
	createdAt, responseAt, replyAt int64
	// first is the ticket's first event row; created its created event;
	// reply the earliest reply of any kind, to check it is not before
	// created; response the earliest public reply by an agent.
	first, created, reply, response pos
	// customer and small are the ticket fields (customer, then plan,
	// channel, priority) as indexes into history.values; a plan, channel
	// or priority has few values, and one whose index does not fit is
	// bigField here and in the stateExtra (history.field). The row that
	// set each field is first when its bit fieldAtFirst<<i is set in
	// flags, else in the stateExtra.
	customer uint32
	// idLo and idHi are where the id starts in ticketTable.ids (40 bits);
	// it ends where the next ticket's starts.
	idLo                      uint32
	extra                     uint32 // index into ticketTable.extras, 0 for none
	small                     [len(histTicketFields) - 1]uint16
	createdZone, responseZone uint8
	idHi                      uint8
	flags                     uint8
}

// bigField is the index of a plan, channel or priority kept in the
// stateExtra.
const bigField = ^uint16(0)

const (
	hasCreated uint8 = 1 << iota
	hasReply
	hasResponse
	fieldAtFirst // and the next 3 bits: one per ticket field
)

// inExtra is the zone index of an instant kept whole in the stateExtra.
const inExtra = ^uint8(0)

// maxZones is the size of the zone table: a history has one zone, UTC and
// the fixed offsets it writes, rarely more than a few dozen.
const maxZones = int(inExtra)

// stateExtra is the rare part of a ticket's state.
type stateExtra struct {
	createdWarn, responseWarn string
	rej                       *audit.Rejection // the first contradiction found
	trail                     []trailEvent     // only with Options.Trail
	fieldSrc                  [len(histTicketFields)]pos
	fields                    [len(histTicketFields)]uint32 // those that are bigField
	// createdAt and responseAt, when their zone is not in the zone table.
	createdAt, responseAt time.Time
}

func (st *ticketState) has(f uint8) bool { return st.flags&f != 0 }

// ticketTable holds the state of every ticket of a history, in the order of
// first appearance, and finds a ticket by its id. A Go map of ids to
// states cost 227 bytes a ticket (the state, the id's string header and
// allocation, the map's slot and its growth); this costs the 64-byte state
// (in chunks of 4096, so that growing never copies), the id's bytes (in one
// arena), and a 4-byte slot of an open-addressing table kept at most 3/4
// full.
type ticketTable struct {
	ids    []byte
	chunks [][]ticketState
	n      int
	// slots holds index+1 of a ticket, or 0; its length is a power of 2.
	// Linear probing: a ticket's id hashes to a slot, and it is in the
	// first slot from there that holds it, before the first empty one.
	slots  []uint32
	seed   maphash.Seed
	extras []stateExtra // extras[0] is unused
}

const (
	chunkBits = 12
	chunkLen  = 1 << chunkBits
	// maxTickets is the most tickets a history can hold: slots hold
	// index+1 in a uint32.
	maxTickets uint64 = 1<<32 - 2
	// maxIDBytes is the most id bytes: idLo and idHi address 40 bits.
	maxIDBytes uint64 = 1 << 40
)

// at returns the state of ticket i; the pointer stays valid, since chunks
// never move.
func (tt *ticketTable) at(i int) *ticketState {
	return &tt.chunks[i>>chunkBits][i&(chunkLen-1)]
}

// idBytes returns the id of ticket i, in the arena.
func (tt *ticketTable) idBytes(i int) []byte {
	st := tt.at(i)
	start := uint64(st.idHi)<<32 | uint64(st.idLo)
	end := uint64(len(tt.ids))
	if i+1 < tt.n {
		next := tt.at(i + 1)
		end = uint64(next.idHi)<<32 | uint64(next.idLo)
	}
	return tt.ids[start:end]
}

// id returns the id of ticket i as a new string.
func (tt *ticketTable) id(i int) string { return string(tt.idBytes(i)) }

// find returns the index of the ticket with id, or -1 and the slot where
// it would go; hash is maphash.String(tt.seed, id).
func (tt *ticketTable) find(hash uint64, id string) (int, int) {
	mask := len(tt.slots) - 1
	for j := int(hash) & mask; ; j = (j + 1) & mask {
		s := tt.slots[j]
		if s == 0 {
			return -1, j
		}
		if string(tt.idBytes(int(s-1))) == id {
			return int(s - 1), j
		}
	}
}

// add appends a ticket with id and returns its index, or -1 when the table
// is full (maxTickets, maxIDBytes). slot is what find returned.
func (tt *ticketTable) add(id string, slot int, first pos) int {
	if uint64(tt.n) >= maxTickets || uint64(len(tt.ids))+uint64(len(id)) > maxIDBytes {
		return -1
	}
	i := tt.n
	if i&(chunkLen-1) == 0 {
		tt.chunks = append(tt.chunks, make([]ticketState, chunkLen))
	}
	start := uint64(len(tt.ids))
	tt.ids = append(tt.ids, id...)
	*tt.at(i) = ticketState{first: first, idLo: uint32(start), idHi: uint8(start >> 32)}
	tt.n++
	tt.slots[slot] = uint32(i + 1)
	if tt.n*4 > len(tt.slots)*3 {
		tt.grow()
	}
	return i
}

// grow doubles the slots, rehashing every id from the arena.
func (tt *ticketTable) grow() {
	tt.slots = make([]uint32, 2*len(tt.slots))
	mask := len(tt.slots) - 1
	for i := range tt.n {
		j := int(maphash.Bytes(tt.seed, tt.idBytes(i))) & mask
		for tt.slots[j] != 0 {
			j = (j + 1) & mask
		}
		tt.slots[j] = uint32(i + 1)
	}
}

// extra returns the stateExtra of st, adding one if it has none. The
// pointer is valid until the next call.
func (tt *ticketTable) extra(st *ticketState) *stateExtra {
	if st.extra == 0 {
		if len(tt.extras) == 0 {
			tt.extras = append(tt.extras, stateExtra{})
		}
		st.extra = uint32(len(tt.extras))
		tt.extras = append(tt.extras, stateExtra{})
	}
	return &tt.extras[st.extra]
}

// extraOf returns the stateExtra of st, or nil.
func (tt *ticketTable) extraOf(st *ticketState) *stateExtra {
	if st.extra == 0 {
		return nil
	}
	return &tt.extras[st.extra]
}

func (tt *ticketTable) rej(st *ticketState) *audit.Rejection {
	if x := tt.extraOf(st); x != nil {
		return x.rej
	}
	return nil
}

// zone returns the index of loc in the zone table, or inExtra when the
// table is full.
func (h *history) zone(loc *time.Location) uint8 {
	if i, ok := h.zoneOf[loc]; ok {
		return i
	}
	if len(h.zones) >= maxZones {
		return inExtra
	}
	i := uint8(len(h.zones))
	h.zones = append(h.zones, loc)
	h.zoneOf[loc] = i
	return i
}

// setCreated and setResponse keep an instant; createdAt and responseAt
// give it back, the same time.Time (location included).
func (h *history) setCreated(st *ticketState, t time.Time) {
	st.createdAt, st.createdZone = t.UnixNano(), h.zone(t.Location())
	if st.createdZone == inExtra {
		h.tickets.extra(st).createdAt = t
	}
}

func (h *history) setResponse(st *ticketState, t time.Time) {
	st.responseAt, st.responseZone = t.UnixNano(), h.zone(t.Location())
	if st.responseZone == inExtra {
		h.tickets.extra(st).responseAt = t
	}
}

func (h *history) createdAt(st *ticketState) time.Time {
	if st.createdZone == inExtra {
		return h.tickets.extraOf(st).createdAt
	}
	return time.Unix(0, st.createdAt).In(h.zones[st.createdZone])
}

func (h *history) responseAt(st *ticketState) time.Time {
	if st.responseZone == inExtra {
		return h.tickets.extraOf(st).responseAt
	}
	return time.Unix(0, st.responseAt).In(h.zones[st.responseZone])
}

// fieldSrc returns the row that set ticket field i.
func (h *history) fieldSrc(st *ticketState, i int) pos {
	if st.flags&(fieldAtFirst<<i) != 0 {
		return st.first
	}
	return h.tickets.extraOf(st).fieldSrc[i]
}

// posOf returns the pos of a row of the history's file.
func (h *history) posOf(src audit.Source) pos {
	n := src.Line
	if src.IsIndex {
		h.index = true
		n = src.Index
	}
	if h.name == "" {
		h.name = src.File
	}
	if n < 0 {
		n = 0
	}
	if uint64(n) > uint64(^pos(0)) {
		return ^pos(0)
	}
	return pos(n)
}

// source returns the audit.Source of a pos.
func (h *history) source(p pos) audit.Source {
	if h.index {
		return audit.Source{File: h.name, Index: int(p), IsIndex: true}
	}
	return audit.Source{File: h.name, Line: int(p)}
}

// value returns the index of v in the table of values of ticket field j.
func (h *history) value(j int, v string) uint32 {
	if i, ok := h.valueOf[j][v]; ok {
		return i
	}
	c := strings.Clone(v)
	i := uint32(len(h.values[j]))
	h.values[j] = append(h.values[j], c)
	h.valueOf[j][c] = i
	return i
}

// field returns ticket field j of st, "" when unset.
func (h *history) field(st *ticketState, j int) string {
	i := st.customer
	if j > 0 {
		i = uint32(st.small[j-1])
		if st.small[j-1] == bigField {
			i = h.tickets.extraOf(st).fields[j]
		}
	}
	return h.values[j][i]
}

// setField sets ticket field j of st to value index i.
func (h *history) setField(st *ticketState, j int, i uint32) {
	switch {
	case j == 0:
		st.customer = i
	case i < uint32(bigField):
		st.small[j-1] = uint16(i)
	default:
		st.small[j-1] = bigField
		h.tickets.extra(st).fields[j] = i
	}
}

// trailEvent is one event kept for Ticket.Trail.
type trailEvent struct {
	src    audit.Source
	where  string
	at     time.Time
	kind   string
	actor  string
	public bool
}

func (r *Reader) newHistory(body *bufio.Reader, csvIn io.Reader, l Layout, paths *presetPaths) (*history, error) {
	seed := maphash.MakeSeed()
	h := &history{
		checker: eventChecker{tz: r.opts.InputTZ, layout: r.opts.TimeLayout, preset: r.preset, seed: seed},
		trail:   r.opts.Trail,
		only:    r.opts.TrailFor,
		preset:  r.preset,
		tickets: ticketTable{slots: make([]uint32, 1024), seed: seed},
		last:    -1,
		zoneOf:  make(map[*time.Location]uint8),
	}
	for j := range histTicketFields {
		h.values[j] = []string{""}
		h.valueOf[j] = map[string]uint32{"": 0}
	}
	if l.Format == "csv" {
		var err error
		var hc *historyCSV
		hc, err = newHistoryCSV(r.name, csvIn, l.Delimiter, r.fields)
		if err != nil {
			return h, err
		}
		h.src, h.binding = hc, hc.binding
		return h, nil
	}
	recs := newJSONRecords(r.name, body, l)
	if paths != nil && paths.threads != nil {
		h.src = &threadSource{objs: recs, paths: paths}
	} else {
		h.src = &historyJSON{objs: recs, fm: r.fields}
	}
	return h, nil
}

// nextHistory implements next for a history: it reads every event, passing
// on rejections of rows without a ticket id, and then emits the tickets in
// the order of their first event.
func (r *Reader) nextHistory(t *audit.Ticket) error {
	h := r.hist
	if !h.begun {
		h.begun = true
		h.split = r.splitHistory(r.opts.HistoryWorkers)
	}
	for !h.eof {
		e, err := h.nextEvent()
		if err == nil {
			h.events++
			rej, err := h.fold(e)
			if err != nil {
				r.err = err
				return err
			}
			if rej != nil {
				return rej
			}
			continue
		}
		switch err.(type) {
		case *audit.Rejection:
			h.events++
			return err
		}
		if hj, ok := h.src.(*historyJSON); ok && err == io.EOF {
			if end := hj.end(); end != nil {
				err = end
			}
		}
		if err != io.EOF {
			r.err = err
			return err
		}
		h.eof = true
		// No longer needed: the tickets are emitted in order.
		h.tickets.slots, h.valueOf, h.zoneOf = nil, [len(histTicketFields)]map[string]uint32{}, nil
	}
	if tt := &h.tickets; h.emit < tt.n {
		i := h.emit
		h.emit++
		err := h.finish(i, t)
		if h.emit&(chunkLen-1) == 0 {
			tt.chunks[i>>chunkBits] = nil // every ticket of the chunk is emitted
		}
		return err
	}
	h.tickets = ticketTable{}
	r.err = io.EOF
	return io.EOF
}

// event is an event row checked on its own (eventChecker.check): what folding
// it into its ticket's state (history.fold) needs of it, none of which
// depends on another row, so that the rows of a split history are checked
// on several goroutines at once (history_split.go) and only the fold is in
// input order.
type event struct {
	src   audit.Source
	where string
	// rej, when set, rejects the row on its own: it is not an event
	// object (JSON), and nothing else of the event is set.
	rej *audit.Rejection
	// id is the ticket's id and hash its hash in the ticket table; idReason,
	// when set, says why the id cannot name a ticket, and the row is
	// rejected on its own.
	id       string
	hash     uint64
	idReason string
	// reason, when set, is the first contradiction the row holds by
	// itself, in column field. When bad >= 0 it is in ticket field bad (in
	// the order of histTicketFields), and is found only after the
	// conflicts of the fields before it with the ticket's.
	reason string
	field  histField
	bad    int
	// The event's values, when reason is not set.
	at          time.Time
	warn        string
	kind, actor string
	public      bool
	fields      [len(histTicketFields)]string
}

// nextEvent reads and checks the next event, on this goroutine or, when the
// history is split, on others.
func (h *history) nextEvent() (*event, error) {
	if h.split != nil {
		e, err := h.split.next()
		if err != errUnsplit {
			return e, err
		}
		h.split = nil
	}
	if err := h.src.next(&h.ev); err != nil {
		return nil, err
	}
	h.checker.check(&h.ev, &h.e)
	return &h.e, nil
}

// eventChecker reads event rows into events (check): what it needs of the
// history, none of which changes, so that it may run on several goroutines.
type eventChecker struct {
	tz     *time.Location
	layout string
	preset *preset
	seed   maphash.Seed // the ticket table's
}

// check reads ev into e: everything about it that does not depend on
// other rows.
func (h *eventChecker) check(ev *eventRow, e *event) {
	*e = event{src: ev.src, where: ev.where, bad: -1}
	// As for ticket rows (Reader.build): an id that is not UTF-8 text
	// cannot name a ticket, so its row is rejected on its own.
	if v := ev.vals[histID]; v.k == kindString && !ev.plain {
		if why := textProblem(v.s); why != "" {
			e.idReason = why
			return
		}
	}
	id, ok := ev.vals[histID].text()
	switch {
	case !ok:
		e.idReason = notScalar(ev.vals[histID])
		return
	case id == "":
		e.idReason = "missing ticket_id"
		return
	}
	e.id, e.hash = id, maphash.String(h.seed, id)
	e.reason, e.field = h.checkValues(ev, e)
}

// checkValues reads the values of ev other than its id into e, and returns
// the first contradiction they hold by themselves, if any, and the column
// at fault.
func (h *eventChecker) checkValues(ev *eventRow, e *event) (string, histField) {
	// Values that are not UTF-8 text reject the ticket, naming the first
	// such column in the order of histField (see textProblem).
	for f := histAt; f < numHistFields && !ev.plain; f++ {
		if v := ev.vals[f]; v.k == kindString {
			if why := textProblem(v.s); why != "" {
				return why, f
			}
		}
	}
	var reason string
	if e.at, e.warn, reason = h.parseAt(ev.vals[histAt]); reason != "" {
		return reason, histAt
	}
	kind, ok := ev.vals[histEvent].text()
	if !ok {
		return notScalar(ev.vals[histEvent]), histEvent
	}
	if e.kind = strings.ToLower(kind); e.kind == "" {
		return "missing event", histEvent
	}
	actor, ok := ev.vals[histActor].text()
	if !ok {
		return notScalar(ev.vals[histActor]), histActor
	}
	e.actor = strings.ToLower(actor)
	if e.public, reason = parsePublic(ev.vals[histPublic]); reason != "" {
		return reason, histPublic
	}
	for j, tf := range histTicketFields {
		v, ok := ev.vals[tf.h].text()
		if !ok {
			e.bad = j
			return notScalar(ev.vals[tf.h]), tf.h
		}
		e.fields[j] = v
	}
	return "", 0
}

// fold takes a checked event into its ticket's state. It returns a
// rejection only for a row whose ticket id cannot be read, and an error only
// for a history of more tickets than a ticketTable holds.
func (h *history) fold(e *event) (*audit.Rejection, error) {
	if e.rej != nil {
		return e.rej, nil
	}
	if e.idReason != "" {
		return &audit.Rejection{Source: e.src, Field: histID.String(), Reason: e.idReason}, nil
	}
	tt := &h.tickets
	// Exports list a ticket's events together more often than not: the
	// ticket of the event before, whose state and id are in the cache,
	// is checked first.
	i := h.last
	if i < 0 || e.hash != h.lastHash || string(tt.idBytes(i)) != e.id {
		var slot int
		if i, slot = tt.find(e.hash, e.id); i < 0 {
			if i = tt.add(e.id, slot, h.posOf(e.src)); i < 0 {
				return nil, &FileError{Source: e.src, Err: fmt.Errorf("a history holds at most %d tickets and %d bytes of ids", maxTickets, maxIDBytes)}
			}
		}
		h.last, h.lastHash = i, e.hash
	}
	st := tt.at(i)
	if tt.rej(st) != nil {
		return nil, nil // already rejected; the row still counts as an event
	}
	if reason, f := h.take(i, st, e); reason != "" {
		x := tt.extra(st)
		x.rej = &audit.Rejection{Source: e.src, ID: tt.id(i), Field: f.String(), Reason: reason}
		x.trail = nil
	}
	return nil, nil
}

// take applies one event to st and returns the reason it contradicts the
// ticket, if it does, and the column at fault.
func (h *history) take(i int, st *ticketState, e *event) (string, histField) {
	if e.reason != "" && e.bad < 0 {
		return e.reason, e.field
	}
	tt := &h.tickets
	for j, tf := range histTicketFields {
		if j == e.bad {
			return e.reason, e.field
		}
		v := e.fields[j]
		if v == "" {
			continue
		}
		switch had := h.field(st, j); {
		case had == "":
			h.setField(st, j, h.value(j, v))
			if p := h.posOf(e.src); p == st.first {
				st.flags |= fieldAtFirst << j
			} else {
				tt.extra(st).fieldSrc[j] = p
			}
		case had != v:
			return fmt.Sprintf("%q conflicts with %q at %s", clip(v), clip(had), h.source(h.fieldSrc(st, j))), tf.h
		}
	}

	at, warn := e.at, e.warn
	switch e.kind {
	case "created":
		if st.has(hasCreated) {
			return fmt.Sprintf("second created event; the first is at %s (%s)", h.source(st.created), utc(h.createdAt(st))), histEvent
		}
		st.flags |= hasCreated
		st.created = h.posOf(e.src)
		h.setCreated(st, at)
		if warn != "" || st.extra != 0 {
			tt.extra(st).createdWarn = warn
		}
	case "reply":
		if !st.has(hasReply) || at.UnixNano() < st.replyAt {
			st.flags |= hasReply
			st.reply, st.replyAt = h.posOf(e.src), at.UnixNano()
		}
		if counts(e.kind, e.actor, e.public) && (!st.has(hasResponse) || at.UnixNano() < st.responseAt) {
			st.flags |= hasResponse
			st.response = h.posOf(e.src)
			h.setResponse(st, at)
			if warn != "" || st.extra != 0 {
				tt.extra(st).responseWarn = warn
			}
		}
	}
	if h.trail && (h.only == "" || string(tt.idBytes(i)) == h.only) {
		x := tt.extra(st)
		x.trail = append(x.trail, trailEvent{src: e.src, where: e.where, at: at, kind: intern(e.kind), actor: intern(e.actor), public: e.public})
	}
	return "", 0
}

// parseAt reads an event's instant; a time warning (a DST decision) is
// kept for the events the ticket uses.
func (h *eventChecker) parseAt(v value) (time.Time, string, string) {
	switch v.k {
	case kindAbsent:
		return time.Time{}, "", "missing at"
	case kindNumber:
		if !IsNumberLayout(h.layout) {
			return time.Time{}, "", numberNotTime(v.s)
		}
	case kindOther:
		return time.Time{}, "", notScalar(v)
	}
	s := strings.TrimSpace(v.s)
	if s == "" {
		return time.Time{}, "", "missing at"
	}
	at, warn, err := ParseTime(s, h.tz, h.layout)
	if err != nil {
		return time.Time{}, "", err.Error() + h.preset.zoneHint(s, h.tz, h.layout)
	}
	return at, warn, ""
}

// parsePublic reads the public column: true/false, yes/no, 1/0 (any case),
// or empty.
func parsePublic(v value) (bool, string) {
	s, ok := v.text()
	if !ok && v.k == kindOther && (v.s == "true" || v.s == "false") {
		return v.s == "true", "" // a JSON boolean
	}
	if !ok {
		return false, notScalar(v)
	}
	switch strings.ToLower(s) {
	case "", "true", "yes", "1":
		return true, ""
	case "false", "no", "0":
		return false, ""
	}
	return false, fmt.Sprintf("%q is not true or false", clip(s))
}

// counts reports whether an event is a response (SPEC §6): a public reply
// by an agent.
func counts(kind, actor string, public bool) bool {
	return kind == "reply" && actor == "agent" && public
}

// skipReason says why an event other than the used created and the first
// response does not count.
func skipReason(kind, actor string, public bool) string {
	switch {
	case kind == "created":
		return "skipped, not the ticket's created event"
	case kind == "note":
		return "skipped, internal note"
	case kind != "reply":
		return fmt.Sprintf("skipped, %s is not a reply", kind)
	case actor == "system":
		return "skipped, automatic reply"
	case actor == "customer":
		return "skipped, customer comment"
	case actor != "agent":
		return fmt.Sprintf("skipped, actor %q is not an agent", actor)
	case !public:
		return "skipped, internal reply"
	}
	return "skipped, after the first response"
}

// finish turns the state of ticket i into a ticket or its rejection.
func (h *history) finish(i int, t *audit.Ticket) error {
	*t = audit.Ticket{}
	tt := &h.tickets
	st := tt.at(i)
	id := tt.id(i)
	switch {
	case tt.rej(st) != nil:
		return tt.rej(st)
	case !st.has(hasCreated):
		return &audit.Rejection{Source: h.source(st.first), ID: id, Field: histEvent.String(),
			Reason: fmt.Sprintf("ticket %s has no created event", clip(id))}
	case st.has(hasReply) && st.replyAt < st.createdAt:
		return &audit.Rejection{Source: h.source(st.reply), ID: id, Field: histAt.String(),
			Reason: fmt.Sprintf("reply at %s is before created at %s (%s)", utc(time.Unix(0, st.replyAt)), h.source(st.created), utc(h.createdAt(st)))}
	}
	t.ID = id
	t.Customer, t.Plan, t.Channel, t.Priority = h.field(st, 0), h.field(st, 1), h.field(st, 2), h.field(st, 3)
	t.Submitted = h.createdAt(st)
	t.Source = h.source(st.created)
	x := tt.extraOf(st)
	if x == nil {
		x = &stateExtra{}
	}
	if x.createdWarn != "" {
		t.Warnings = append(t.Warnings, "submitted_at: "+x.createdWarn)
	}
	if st.has(hasResponse) {
		t.FirstResponse = h.responseAt(st)
		if x.responseWarn != "" {
			t.Warnings = append(t.Warnings, "first_response_at: "+x.responseWarn)
		}
	}
	if h.trail {
		t.Trail = h.trailLines(st, x.trail)
		x.trail = nil
	}
	h.preset.adjustFields(t)
	return nil
}

// trailLines describes each event of the ticket in time order (then in the
// order of the file), used or skipped and why.
func (h *history) trailLines(st *ticketState, trail []trailEvent) []string {
	slices.SortStableFunc(trail, func(a, b trailEvent) int { return a.at.Compare(b.at) })
	lines := make([]string, 0, len(trail))
	usedCreated, usedResponse := false, false
	created, response := h.source(st.created), h.source(st.response)
	for _, e := range trail {
		var b strings.Builder
		b.WriteString(e.src.String())
		if e.where != "" {
			b.WriteString(" " + e.where)
		}
		fmt.Fprintf(&b, " %s %s", utc(e.at), e.kind)
		if e.actor != "" {
			b.WriteString(" by " + e.actor)
		}
		if e.kind == "reply" || e.kind == "note" {
			if e.public && e.kind == "reply" {
				b.WriteString(" (public)")
			} else {
				b.WriteString(" (internal)")
			}
		}
		b.WriteString(": ")
		switch {
		case e.kind == "created" && !usedCreated && e.src == created:
			usedCreated = true
			b.WriteString("submitted_at")
		case counts(e.kind, e.actor, e.public) && !usedResponse && e.src == response && e.at.UnixNano() == st.responseAt:
			usedResponse = true
			b.WriteString("first response")
		default:
			b.WriteString(skipReason(e.kind, e.actor, e.public))
		}
		lines = append(lines, b.String())
	}
	if !st.has(hasResponse) {
		lines = append(lines, "no public reply by an agent: unanswered")
	}
	return lines
}

// intern shares the strings of the usual event kinds and actors, so a trail
// does not hold a copy per event.
func intern(s string) string {
	for _, k := range [...]string{"created", "reply", "note", "status", "agent", "customer", "system", ""} {
		if s == k {
			return k
		}
	}
	return strings.Clone(s)
}

func utc(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
