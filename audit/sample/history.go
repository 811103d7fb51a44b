package sample

import (
	"bufio"
	"math/rand/v2"
	"slices"
	"time"
)

// chunkSize is how many tickets' events are sorted by time together. Events
// are in time order within a chunk only; SPEC §6 lets a history come in any
// order, and a bounded chunk keeps memory constant.
const chunkSize = 256

type eventKind uint8

const (
	created eventKind = iota
	reply
	note
	status
)

var eventNames = [...]string{"created", "reply", "note", "status"}

type actor uint8

const (
	byCustomer actor = iota
	byAgent
	bySystem
)

var actorNames = [...]string{"customer", "agent", "system"}

// timeForm says how an event's time is written.
type timeForm uint8

const (
	rfc3339 timeForm = iota
	raw              // the ticket's rawTime
	zoneless
)

// event is one history row.
type event struct {
	at     time.Time
	ticket int32 // index into the chunk
	kind   eventKind
	actor  actor
	public bool
	utc    bool
	form   timeForm
	// fields says whether the row carries the ticket fields (the created
	// row does).
	fields bool
}

// historyWriter writes the history shape: one row per event. The created
// event and the first public agent reply fall at the same instants as the
// rows shape's submitted_at and first_response_at for the same seed.
type historyWriter struct {
	w      *bufio.Writer
	csv    bool
	list   jsonList
	loc    *time.Location
	rng    *rand.Rand
	chunk  []ticket
	events []event
	buf    []byte
	tmp    []byte
}

func newHistoryWriter(w *bufio.Writer, format string, g *generator) *historyWriter {
	return &historyWriter{
		w:     w,
		csv:   format == FormatCSV,
		list:  jsonList{w: w, array: format == FormatJSON},
		loc:   g.loc,
		rng:   newRand(g.o.Seed, streamEvents),
		chunk: make([]ticket, 0, chunkSize),
		buf:   make([]byte, 0, 256),
	}
}

func (h *historyWriter) begin() error {
	if h.csv {
		_, err := h.w.WriteString(HistoryHeader + "\n")
		return err
	}
	return h.list.begin()
}

func (h *historyWriter) ticket(t *ticket) error {
	h.chunk = append(h.chunk, *t)
	if len(h.chunk) == chunkSize {
		return h.flush()
	}
	return nil
}

func (h *historyWriter) end() error {
	if err := h.flush(); err != nil {
		return err
	}
	if h.csv {
		return nil
	}
	return h.list.end()
}

// flush writes the chunk's events in time order.
func (h *historyWriter) flush() error {
	h.events = h.events[:0]
	for i := range h.chunk {
		h.addEvents(int32(i), &h.chunk[i])
	}
	slices.SortStableFunc(h.events, func(a, b event) int { return a.at.Compare(b.at) })
	for i := range h.events {
		if err := h.write(&h.events[i]); err != nil {
			return err
		}
	}
	h.chunk = h.chunk[:0]
	return nil
}

func (h *historyWriter) add(i int32, at time.Time, kind eventKind, a actor, public, utc bool) *event {
	h.events = append(h.events, event{at: at, ticket: i, kind: kind, actor: a, public: public, utc: utc})
	return &h.events[len(h.events)-1]
}

// seconds returns a whole number of seconds in [lo, hi).
func (h *historyWriter) seconds(lo, hi time.Duration) time.Duration {
	lo, hi = lo/time.Second, hi/time.Second
	if hi <= lo {
		return lo * time.Second
	}
	return (lo + time.Duration(h.rng.Int64N(int64(hi-lo)))) * time.Second
}

// addEvents makes the events of ticket t. Only the first public reply by an
// agent is a response (SPEC §6), so everything else before it is a customer
// comment, an internal note, an internal agent reply or an automatic reply.
func (h *historyWriter) addEvents(i int32, t *ticket) {
	s := t.submitted
	createdRow := func(at time.Time) *event {
		e := h.add(i, at, created, byCustomer, true, t.subUTC)
		e.fields = true
		return e
	}
	switch t.bad {
	case missingID:
		h.add(i, s, note, byAgent, false, t.subUTC)
		return
	case unparseableTime:
		createdRow(s).form = raw
		return
	case zonelessTime:
		createdRow(s).form = zoneless
		return
	case duplicateID:
		// A second created event for the previous ticket.
		createdRow(s.Add(h.seconds(time.Minute, 30*time.Minute)))
		return
	case responseBeforeSubmission, unknownPlan:
		createdRow(s)
		if t.answered() {
			h.add(i, t.response, reply, byAgent, true, t.respUTC)
		}
		return
	}

	createdRow(s)
	// Side events fall strictly between creation and the first response
	// (or, unanswered, within half the window).
	horizon := s.Add(t.window / 2)
	if t.answered() {
		horizon = t.response
	}
	span := horizon.Sub(s)
	between := func() time.Time { return s.Add(h.seconds(time.Second, span)) }
	utc := func() bool { return h.rng.IntN(2) == 0 }
	if h.rng.Float64() < 0.25 {
		// An automatic acknowledgement is public but never a response.
		h.add(i, s.Add(h.seconds(time.Second, 20*time.Second)), reply, bySystem, true, utc())
	}
	if h.rng.Float64() < 0.30 && span > 2*time.Second {
		h.add(i, between(), note, byAgent, false, utc())
	}
	if h.rng.Float64() < 0.05 && span > 2*time.Second {
		h.add(i, between(), reply, byAgent, false, utc())
	}
	if h.rng.Float64() < 0.20 && span > 2*time.Second {
		h.add(i, between(), reply, byCustomer, true, utc())
	}
	if !t.answered() {
		return
	}
	h.add(i, t.response, reply, byAgent, true, t.respUTC)
	last := t.response
	if h.rng.Float64() < 0.4 {
		last = last.Add(h.seconds(10*time.Minute, 24*time.Hour))
		h.add(i, last, reply, byCustomer, true, utc())
		last = last.Add(h.seconds(time.Minute, 8*time.Hour))
		h.add(i, last, reply, byAgent, true, utc())
	}
	if h.rng.Float64() < 0.6 {
		h.add(i, last.Add(h.seconds(time.Minute, 2*time.Hour)), status, byAgent, false, utc())
	}
}

func (h *historyWriter) appendAt(buf []byte, e *event, t *ticket) []byte {
	switch e.form {
	case raw:
		return append(buf, t.rawTime...)
	case zoneless:
		return e.at.In(h.loc).AppendFormat(buf, zonelessLayout)
	}
	return appendTime(buf, e.at, e.utc, h.loc)
}

func (h *historyWriter) write(e *event) error {
	t := &h.chunk[e.ticket]
	public := "false"
	if e.public {
		public = "true"
	}
	if h.csv {
		b := appendID(h.buf[:0], t.id)
		b = append(b, ',')
		b = h.appendAt(b, e, t)
		b = append(b, ',')
		b = append(b, eventNames[e.kind]...)
		b = append(b, ',')
		b = append(b, actorNames[e.actor]...)
		b = append(b, ',')
		b = append(b, public...)
		if e.fields {
			for _, f := range [...]string{t.cust.name, t.plan, t.channel, t.priority} {
				b = append(b, ',')
				b = appendCSVField(b, f)
			}
		} else {
			b = append(b, ",,,,"...)
		}
		b = append(b, '\n')
		h.buf = b
		_, err := h.w.Write(b)
		return err
	}
	h.tmp = appendID(h.tmp[:0], t.id)
	b := append(h.buf[:0], '{')
	b = appendJSONField(b, "ticket_id", string(h.tmp), true)
	h.tmp = h.appendAt(h.tmp[:0], e, t)
	b = appendJSONField(b, "at", string(h.tmp), false)
	b = appendJSONField(b, "event", eventNames[e.kind], false)
	b = appendJSONField(b, "actor", actorNames[e.actor], false)
	b = append(b, `,"public":`...)
	b = append(b, public...)
	if e.fields {
		b = appendJSONField(b, "customer", t.cust.name, false)
		b = appendJSONField(b, "plan", t.plan, false)
		b = appendJSONField(b, "channel", t.channel, false)
		b = appendJSONField(b, "priority", t.priority, false)
	}
	b = append(b, '}')
	h.buf = b
	return h.list.record(b)
}
