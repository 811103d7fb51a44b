package ingest

import (
	"bufio"
	"fmt"
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
// input, so every ticket is held until then — but as a compact state (the
// created instant, the earliest reply and the earliest response with their
// rows, the four fields, the first row, any warnings), so memory grows with
// the number of tickets, not of events: about 140 bytes per ticket plus its
// id and its share of the map from ids (positions as line numbers, the
// ticket fields as indexes into one table of distinct values, warnings and
// contradictions aside). Only with Options.Trail is anything kept per
// event, and with Options.TrailFor only for one ticket.
type history struct {
	src     eventSource
	binding Binding
	tz      *time.Location
	layout  string
	trail   bool
	only    string // with trail: the one ticket to keep a trail for
	preset  *preset

	// byID indexes order, which holds the tickets by first appearance.
	byID   map[string]int
	order  []ticketState
	events int
	// values holds each distinct ticket-field value once, valueOf its
	// index; a ticketState refers to its fields by index (0 is "").
	values  []string
	valueOf map[string]uint32
	// name and index say how a pos becomes an audit.Source: every row of
	// a history comes from one file, by line or (a JSON array) by index.
	name  string
	index bool
	eof   bool
	emit  int // next index of order to emit, after eof
	ev    eventRow
}

// pos is a row of the history's file: its line, or its index in a JSON
// array (history.source makes it an audit.Source). A file of more than
// 4 294 967 295 rows saturates it.
type pos uint32

// ticketState is what a history keeps per ticket while it reads: small,
// since it is kept for every ticket until the end of the input (SPEC §12).
type ticketState struct {
	id string
	// first is the ticket's first event row; created its created event;
	// reply the earliest reply of any kind, to check it is not before
	// created; response the earliest public reply by an agent.
	first, created, reply, response   pos
	hasCreated, hasReply, hasResponse bool

	createdAt, responseAt time.Time
	replyAt               int64 // UnixNano

	// fields are indexes into history.values; fieldSrc the rows that set
	// them.
	fields   [len(histTicketFields)]uint32
	fieldSrc [len(histTicketFields)]pos

	x *stateExtra // what few tickets have
}

// stateExtra is the rare part of a ticket's state.
type stateExtra struct {
	createdWarn, responseWarn string
	rej                       *audit.Rejection // the first contradiction found
	trail                     []trailEvent     // only with Options.Trail
}

func (st *ticketState) extra() *stateExtra {
	if st.x == nil {
		st.x = &stateExtra{}
	}
	return st.x
}

func (st *ticketState) rej() *audit.Rejection {
	if st.x == nil {
		return nil
	}
	return st.x.rej
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

// value returns the index of v in the table of field values.
func (h *history) value(v string) uint32 {
	if i, ok := h.valueOf[v]; ok {
		return i
	}
	c := strings.Clone(v)
	i := uint32(len(h.values))
	h.values = append(h.values, c)
	h.valueOf[c] = i
	return i
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
	h := &history{
		tz:      r.opts.InputTZ,
		layout:  r.opts.TimeLayout,
		trail:   r.opts.Trail,
		only:    r.opts.TrailFor,
		preset:  r.preset,
		byID:    make(map[string]int),
		values:  []string{""},
		valueOf: map[string]uint32{"": 0},
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

// nextHistory implements Next for a history: it reads every event, passing
// on rejections of rows without a ticket id, and then emits the tickets in
// the order of their first event.
func (r *Reader) nextHistory(t *audit.Ticket) error {
	h := r.hist
	for !h.eof {
		err := h.src.next(&h.ev)
		switch err.(type) {
		case nil:
			h.events++
			if rej := h.add(&h.ev); rej != nil {
				return rej
			}
			continue
		case *audit.Rejection:
			h.events++
			return err
		}
		if err != io.EOF {
			r.err = err
			return err
		}
		h.eof = true
		h.byID, h.valueOf = nil, nil // no longer needed: order holds every ticket
	}
	if h.emit < len(h.order) {
		st := &h.order[h.emit]
		h.emit++
		return h.finish(st, t)
	}
	h.order = nil
	r.err = io.EOF
	return io.EOF
}

// add takes one event into its ticket's state. It returns a rejection only
// for a row whose ticket id cannot be read.
func (h *history) add(ev *eventRow) *audit.Rejection {
	// As for ticket rows (Reader.build): an id that is not UTF-8 text
	// cannot name a ticket, so its row is rejected on its own.
	if v := ev.vals[histID]; v.k == kindString {
		if why := textProblem(v.s); why != "" {
			return &audit.Rejection{Source: ev.src, Field: histID.String(), Reason: why}
		}
	}
	id, ok := ev.vals[histID].text()
	if !ok {
		return &audit.Rejection{Source: ev.src, Field: histID.String(), Reason: notScalar(ev.vals[histID])}
	}
	if id == "" {
		return &audit.Rejection{Source: ev.src, Field: histID.String(), Reason: "missing ticket_id"}
	}
	i, ok := h.byID[id]
	if !ok {
		i = len(h.order)
		h.order = append(h.order, ticketState{id: strings.Clone(id), first: h.posOf(ev.src)})
		h.byID[h.order[i].id] = i
	}
	st := &h.order[i]
	if st.rej() != nil {
		return nil // already rejected; the row still counts as an event
	}
	if reason, f := h.take(st, ev); reason != "" {
		x := st.extra()
		x.rej = &audit.Rejection{Source: ev.src, ID: st.id, Field: f.String(), Reason: reason}
		x.trail = nil
	}
	return nil
}

// take applies one event to st and returns the reason it contradicts the
// ticket, if it does, and the column at fault.
func (h *history) take(st *ticketState, ev *eventRow) (string, histField) {
	// Values that are not UTF-8 text reject the ticket, naming the first
	// such column in the order of histField (see textProblem).
	for f := histAt; f < numHistFields; f++ {
		if v := ev.vals[f]; v.k == kindString {
			if why := textProblem(v.s); why != "" {
				return why, f
			}
		}
	}
	at, warn, reason := h.parseAt(ev.vals[histAt])
	if reason != "" {
		return reason, histAt
	}
	kind, ok := ev.vals[histEvent].text()
	if !ok {
		return notScalar(ev.vals[histEvent]), histEvent
	}
	if kind = strings.ToLower(kind); kind == "" {
		return "missing event", histEvent
	}
	actor, ok := ev.vals[histActor].text()
	if !ok {
		return notScalar(ev.vals[histActor]), histActor
	}
	actor = strings.ToLower(actor)
	public, reason := parsePublic(ev.vals[histPublic])
	if reason != "" {
		return reason, histPublic
	}
	for i, tf := range histTicketFields {
		v, ok := ev.vals[tf.h].text()
		if !ok {
			return notScalar(ev.vals[tf.h]), tf.h
		}
		switch {
		case v == "":
		case st.fields[i] == 0:
			st.fields[i], st.fieldSrc[i] = h.value(v), h.posOf(ev.src)
		case h.values[st.fields[i]] != v:
			return fmt.Sprintf("%q conflicts with %q at %s", clip(v), clip(h.values[st.fields[i]]), h.source(st.fieldSrc[i])), tf.h
		}
	}

	switch kind {
	case "created":
		if st.hasCreated {
			return fmt.Sprintf("second created event; the first is at %s (%s)", h.source(st.created), utc(st.createdAt)), histEvent
		}
		st.hasCreated, st.created, st.createdAt = true, h.posOf(ev.src), at
		if warn != "" || st.x != nil {
			st.extra().createdWarn = warn
		}
	case "reply":
		if !st.hasReply || at.UnixNano() < st.replyAt {
			st.hasReply, st.reply, st.replyAt = true, h.posOf(ev.src), at.UnixNano()
		}
		if counts(kind, actor, public) && (!st.hasResponse || at.Before(st.responseAt)) {
			st.hasResponse, st.response, st.responseAt = true, h.posOf(ev.src), at
			if warn != "" || st.x != nil {
				st.extra().responseWarn = warn
			}
		}
	}
	if h.trail && (h.only == "" || st.id == h.only) {
		x := st.extra()
		x.trail = append(x.trail, trailEvent{src: ev.src, where: ev.where, at: at, kind: intern(kind), actor: intern(actor), public: public})
	}
	return "", 0
}

// parseAt reads an event's instant; a time warning (a DST decision) is
// kept for the events the ticket uses.
func (h *history) parseAt(v value) (time.Time, string, string) {
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

// finish turns the state of one ticket into a ticket or its rejection.
func (h *history) finish(st *ticketState, t *audit.Ticket) error {
	*t = audit.Ticket{}
	switch {
	case st.rej() != nil:
		return st.rej()
	case !st.hasCreated:
		return &audit.Rejection{Source: h.source(st.first), ID: st.id, Field: histEvent.String(),
			Reason: fmt.Sprintf("ticket %s has no created event", clip(st.id))}
	case st.hasReply && st.replyAt < st.createdAt.UnixNano():
		return &audit.Rejection{Source: h.source(st.reply), ID: st.id, Field: histAt.String(),
			Reason: fmt.Sprintf("reply at %s is before created at %s (%s)", utc(time.Unix(0, st.replyAt)), h.source(st.created), utc(st.createdAt))}
	}
	t.ID = st.id
	t.Customer, t.Plan, t.Channel, t.Priority = h.values[st.fields[0]], h.values[st.fields[1]], h.values[st.fields[2]], h.values[st.fields[3]]
	t.Submitted = st.createdAt
	t.Source = h.source(st.created)
	x := st.x
	if x == nil {
		x = &stateExtra{}
	}
	if x.createdWarn != "" {
		t.Warnings = append(t.Warnings, "submitted_at: "+x.createdWarn)
	}
	if st.hasResponse {
		t.FirstResponse = st.responseAt
		if x.responseWarn != "" {
			t.Warnings = append(t.Warnings, "first_response_at: "+x.responseWarn)
		}
	}
	if h.trail {
		t.Trail = h.trailLines(st, x.trail)
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
		case counts(e.kind, e.actor, e.public) && !usedResponse && e.src == response && e.at.Equal(st.responseAt):
			usedResponse = true
			b.WriteString("first response")
		default:
			b.WriteString(skipReason(e.kind, e.actor, e.public))
		}
		lines = append(lines, b.String())
	}
	if !st.hasResponse {
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
