package report

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"math/bits"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/textsafe"
	"github.com/slaaudit/slaaudit/plans"
)

// The JSON shapes of SPEC §7. Structs, not maps, so that keys come out in
// the order the SPEC shows.

type jsonPeriod struct {
	From *string `json:"from"`
	To   *string `json:"to"`
}

type jsonCounts struct {
	Rows          int `json:"rows"`
	Audited       int `json:"audited"`
	Excluded      int `json:"excluded"`
	Rejected      int `json:"rejected"`
	OutsidePeriod int `json:"outside_period"`
	// SPEC §10: rows set aside by --customer or --plan.
	Filtered int `json:"filtered"`
	// SPEC §6: histories add the number of event rows read.
	Events int `json:"events,omitempty"`
}

type jsonTicket struct {
	ID              string   `json:"id"`
	Customer        string   `json:"customer"`
	Plan            string   `json:"plan"`
	Channel         string   `json:"channel"`
	Priority        string   `json:"priority"`
	Source          string   `json:"source"`
	SubmittedAt     string   `json:"submitted_at"`
	Target          *string  `json:"target"` // SPEC §11; null when excluded
	Class           *string  `json:"class"`
	WindowSeconds   *int64   `json:"window_seconds"`
	Deadline        *string  `json:"deadline"`
	FirstResponseAt *string  `json:"first_response_at"`
	ResponseSeconds *int64   `json:"response_seconds"`
	Status          string   `json:"status"`
	LateSeconds     int64    `json:"late_seconds"`
	Unanswered      bool     `json:"unanswered"`
	Severe          bool     `json:"severe"`
	Reason          string   `json:"reason"`
	Warnings        []string `json:"warnings"`
}

type jsonRejected struct {
	Source string `json:"source"`
	Field  string `json:"field"`
	Error  string `json:"error"`
}

type jsonSummary struct {
	Plan string `json:"plan"`
	jsonTally
}

type jsonCredit struct {
	Customer     string `json:"customer"`
	Month        string `json:"month"`
	Plan         string `json:"plan"`
	TermContract bool   `json:"term_contract"`
	Breaches     int    `json:"breaches"`
	Severe       int    `json:"severe"`
	Percent      string `json:"percent"`
	// UncappedPercent is the percent before the cap (SPEC §5), equal to
	// Percent unless the cap cut it.
	UncappedPercent string  `json:"uncapped_percent"`
	MonthlyFee      *string `json:"monthly_fee"`
	Currency        string  `json:"currency"`
	Amount          *string `json:"amount"`
	Reason          string  `json:"reason"`
	// Tickets lists the breached ticket ids behind the row (--detail only).
	Tickets []string `json:"tickets,omitzero"`
}

type jsonTotal struct {
	Currency string `json:"currency"`
	Amount   string `json:"amount"`
}

type jsonCheck struct {
	SchemaVersion int            `json:"schema_version"`
	AsOf          string         `json:"as_of"`
	Timezone      string         `json:"timezone"`
	Period        jsonPeriod     `json:"period"`
	Counts        jsonCounts     `json:"counts"`
	Tickets       []jsonTicket   `json:"tickets"`
	Rejected      []jsonRejected `json:"rejected"`
	Summary       []jsonSummary  `json:"summary"`
	// SPEC §11: present when the plans file has a priorities list.
	Unknown *jsonUnknown `json:"unknown_priorities,omitempty"`
	// SPEC §10: present when --by or --due-within asks for them.
	Breakdowns []jsonBreakdown `json:"breakdowns,omitempty"`
	DueSoon    []jsonDue       `json:"due_soon,omitzero"`
	// SPEC §7: credits are present when an accounts file is given; omitzero
	// keeps an empty non-nil slice as [].
	Credits       []jsonCredit `json:"credits,omitzero"`
	CreditTotals  []jsonTotal  `json:"credit_totals,omitzero"`
	NotInAccounts []string     `json:"not_in_accounts,omitzero"`
	// SPEC §9: how each input was read, and the channel values of the
	// excluded tickets; additive to schema v1.
	Inputs           []jsonInput      `json:"inputs,omitzero"`
	ExcludedChannels []jsonValueCount `json:"excluded_channels,omitzero"`
}

func excludedJSON(m Meta) []jsonValueCount {
	if m.ExcludedChannels == nil {
		return nil
	}
	out := make([]jsonValueCount, len(m.ExcludedChannels))
	for i, v := range m.ExcludedChannels {
		out[i] = jsonValueCount(v)
	}
	return out
}

type jsonInput struct {
	Path      string            `json:"path"`
	Format    string            `json:"format"`
	Delimiter string            `json:"delimiter,omitempty"`
	Shape     string            `json:"shape"`
	Preset    string            `json:"preset,omitempty"`
	Zone      string            `json:"zone,omitempty"`
	ZoneFrom  string            `json:"zone_source,omitempty"`
	Columns   map[string]string `json:"columns"`
	Unused    []string          `json:"unused"`
	Skipped   int               `json:"skipped_rows,omitempty"`
}

func inputsJSON(m Meta) []jsonInput {
	var out []jsonInput
	for _, in := range m.Read {
		j := jsonInput{Path: in.Path, Format: in.Format, Delimiter: in.Delimiter, Shape: in.Shape,
			Preset: in.Preset, Zone: in.Zone, ZoneFrom: in.ZoneSource,
			Columns: make(map[string]string, len(in.Columns)), Unused: append([]string{}, in.Unused...), Skipped: in.Skipped}
		for _, c := range in.Columns {
			j.Columns[c.Field] = c.Source
		}
		out = append(out, j)
	}
	return out
}

type jsonCreditsReport struct {
	SchemaVersion int            `json:"schema_version"`
	AsOf          string         `json:"as_of"`
	Timezone      string         `json:"timezone"`
	Period        jsonPeriod     `json:"period"`
	Counts        jsonCounts     `json:"counts"`
	Credits       []jsonCredit   `json:"credits"`
	CreditTotals  []jsonTotal    `json:"credit_totals"`
	NotInAccounts []string       `json:"not_in_accounts"`
	Rejected      []jsonRejected `json:"rejected"`
	// SPEC §11: present when the plans file has a priorities list.
	Unknown          *jsonUnknown     `json:"unknown_priorities,omitempty"`
	Inputs           []jsonInput      `json:"inputs,omitzero"`
	ExcludedChannels []jsonValueCount `json:"excluded_channels,omitzero"`
}

// jsonUnknown summarises the ticket priority values that matched no
// priority of the plans file (SPEC §11): how many tickets, and how many per
// value as written, sorted by value. other_tickets counts the tickets of
// values past the first 1000.
type jsonUnknown struct {
	Tickets      int              `json:"tickets"`
	Values       []jsonValueCount `json:"values"`
	OtherTickets int              `json:"other_tickets"`
}

type jsonValueCount struct {
	Value   string `json:"value"`
	Tickets int    `json:"tickets"`
}

// unknownJSON is the unknown_priorities object, or nil when the plans file
// has no priorities list (and so checks none).
func unknownJSON(r *audit.Result) *jsonUnknown {
	if !r.Plans.HasPriorities() {
		return nil
	}
	u := &jsonUnknown{Values: make([]jsonValueCount, 0, len(r.UnknownPriorities)),
		Tickets: r.UnknownPrioritiesOther, OtherTickets: r.UnknownPrioritiesOther}
	for _, vc := range r.UnknownPriorities {
		u.Tickets += vc.Tickets
		u.Values = append(u.Values, jsonValueCount{Value: vc.Value, Tickets: vc.Tickets})
	}
	return u
}

// JSON writes the stable machine format of SPEC §7, schema_version 1:
// instants in RFC 3339 UTC, durations in whole seconds (truncated), tickets
// in input order (r.Tickets, so the audit must keep them), breaches and
// credits as the Result holds them. credits, credit_totals and
// not_in_accounts appear when m.Accounts is set. Each ticket says its
// target (SPEC §11), and unknown_priorities appears when the plans file
// has a priorities list.
//
// An audit of many tickets should not keep them: collect them with a
// JSONTickets instead and write with JSONWithTickets, which gives the same
// bytes.
func JSON(w io.Writer, r *audit.Result, m Meta) error {
	t := NewJSONTickets()
	for i := range r.Tickets {
		t.Add(&r.Tickets[i])
	}
	return JSONWithTickets(w, r, m, t)
}

// JSONWithTickets writes the JSON report of JSON with the tickets of t in
// place of r.Tickets (which it ignores).
func JSONWithTickets(w io.Writer, r *audit.Result, m Meta, t *JSONTickets) error {
	out := jsonCheck{
		SchemaVersion:    SchemaVersion,
		AsOf:             instant(r.AsOf),
		Timezone:         r.Plans.Timezone,
		Period:           periodJSON(r),
		Counts:           countsJSON(r.Counts),
		Tickets:          []jsonTicket{},
		Rejected:         []jsonRejected{},
		Summary:          summaryJSON(r.Summary),
		Unknown:          unknownJSON(r),
		Inputs:           inputsJSON(m),
		ExcludedChannels: excludedJSON(m),
		Breakdowns:       breakdownsJSON(r),
		DueSoon:          dueSoonJSON(r, m),
	}
	if m.Accounts {
		out.Credits = creditsJSON(r, false)
		out.CreditTotals = totalsJSON(r)
		out.NotInAccounts = append([]string{}, r.NotInAccounts...)
	}
	// Everything but the tickets and the rejected rows is small and goes
	// through encoding/json; those two lists are spliced in where it writes
	// empty arrays. No string value can hold a marker: encoding/json
	// escapes newlines.
	var doc bytes.Buffer
	if err := encode(&doc, out); err != nil {
		return err
	}
	const marker = "\n  \"tickets\": ["
	i := bytes.Index(doc.Bytes(), []byte(marker+"]"))
	if i < 0 {
		return errors.New("json: no tickets array in the document")
	}
	head, tail := doc.Bytes()[:i+len(marker)], doc.Bytes()[i+len(marker):]
	buf := append(make([]byte, 0, jsonWriteBuffer), head...)
	if t.n > 0 {
		var err error
		if buf, err = t.write(w, buf); err != nil {
			return err
		}
		buf = append(buf, "\n  "...)
	}
	return spliceRejected(w, buf, tail, r.Rejected)
}

// spliceRejected writes b, then doc with the rejected rows written into its
// empty "rejected" array.
func spliceRejected(w io.Writer, b, doc []byte, rs *audit.Rejections) error {
	const marker = "\n  \"rejected\": ["
	i := bytes.Index(doc, []byte(marker+"]"))
	if i < 0 {
		return errors.New("json: no rejected array in the document")
	}
	b = append(b, doc[:i+len(marker)]...)
	first := true
	for _, rj := range rs.All() {
		if first {
			b = append(b, "\n    {\n      \"source\": \""...)
			first = false
		} else {
			b = append(b, ",\n    {\n      \"source\": \""...)
		}
		b = appendJSONContent(b, rj.Source.String())
		b = append(b, "\",\n      \"field\": \""...)
		b = appendJSONContent(b, rj.Field)
		b = append(b, "\",\n      \"error\": \""...)
		b = appendJSONContent(b, rj.Reason)
		b = append(b, "\"\n    }"...)
		if len(b) >= jsonWriteBuffer {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	if !first {
		b = append(b, "\n  "...)
	}
	b = append(b, doc[i+len(marker):]...)
	_, err := w.Write(b)
	return err
}

// CreditsJSON writes the credits command's JSON: schema_version 1 with
// as_of, timezone, period, counts, credits, credit_totals, not_in_accounts
// and rejected. With m.Detail each credit lists its breached ticket ids.
func CreditsJSON(w io.Writer, r *audit.Result, m Meta) error {
	var doc bytes.Buffer
	err := encode(&doc, jsonCreditsReport{
		SchemaVersion:    SchemaVersion,
		AsOf:             instant(r.AsOf),
		Timezone:         r.Plans.Timezone,
		Period:           periodJSON(r),
		Counts:           countsJSON(r.Counts),
		Credits:          creditsJSON(r, m.Detail),
		CreditTotals:     totalsJSON(r),
		NotInAccounts:    append([]string{}, r.NotInAccounts...),
		Rejected:         []jsonRejected{},
		Unknown:          unknownJSON(r),
		Inputs:           inputsJSON(m),
		ExcludedChannels: excludedJSON(m),
	})
	if err != nil {
		return err
	}
	return spliceRejected(w, nil, doc.Bytes(), r.Rejected)
}

// encode writes v as indented JSON, with the control characters that JSON
// allows raw escaped (SPEC §12, textsafe.AppendJSON).
func encode(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(textsafe.AppendJSON(nil, buf.Bytes()))
	return err
}

func periodJSON(r *audit.Result) jsonPeriod {
	var p jsonPeriod
	// SPEC §3 "No period flags": an open side is null.
	if !r.From.IsZero() {
		s := instant(r.From)
		p.From = &s
	}
	if !r.To.IsZero() {
		s := instant(r.To)
		p.To = &s
	}
	return p
}

func countsJSON(c audit.Counts) jsonCounts {
	return jsonCounts{Rows: c.Rows, Audited: c.Audited, Excluded: c.Excluded,
		Rejected: c.Rejected, OutsidePeriod: c.OutsidePeriod, Filtered: c.Filtered, Events: c.Events}
}

// rejectedJSON converts n rejected rows; the JSON reports stream theirs
// instead (appendRejected).
func rejectedJSON(rs iter.Seq[audit.Rejection], n int) []jsonRejected {
	out := make([]jsonRejected, 0, n)
	for rj := range rs {
		out = append(out, jsonRejected{Source: rj.Source.String(), Field: rj.Field, Error: rj.Reason})
	}
	return out
}

// ticketJSON is one ticket of SPEC §7 as the CSV renderer uses it; the JSON
// renderer writes the same fields by hand (JSONTickets.write).
func ticketJSON(v *audit.Verdict) jsonTicket {
	t := &v.Ticket
	jt := jsonTicket{
		ID: t.ID, Customer: t.Customer, Plan: v.Plan.Key, Channel: t.Channel,
		Priority: t.Priority, Source: t.Source.String(), SubmittedAt: instant(t.Submitted),
		Status: v.Status.String(), Unanswered: v.Unanswered, Severe: v.Severe,
		Reason: v.Reason, Warnings: ticketWarnings(v),
	}
	// SPEC §3 "Excluded tickets": class, window_seconds and deadline null.
	if v.Status != audit.Excluded {
		target := targetOf(v)
		class := v.Class.String()
		win := seconds(v.Window)
		dl := instant(v.Deadline)
		jt.Target, jt.Class, jt.WindowSeconds, jt.Deadline = &target, &class, &win, &dl
	}
	// SPEC §7: first_response_at and response_seconds are null when
	// unanswered.
	if rt, ok := v.ResponseTime(); ok {
		at := instant(t.FirstResponse)
		s := seconds(rt)
		jt.FirstResponseAt, jt.ResponseSeconds = &at, &s
	}
	// SPEC §7: late_seconds is 0 unless breached.
	if v.Status == audit.Breached {
		jt.LateSeconds = seconds(v.Late)
	}
	return jt
}

// targetOf is v.Target, or the plan key for a verdict built without one
// (a literal): the plan's default windows.
func targetOf(v *audit.Verdict) string {
	if v.Target == "" {
		return v.Plan.Key
	}
	return v.Target
}

func creditsJSON(r *audit.Result, detail bool) []jsonCredit {
	out := make([]jsonCredit, 0, len(r.Credits))
	for i := range r.Credits {
		c := &r.Credits[i]
		jc := jsonCredit{
			Customer: c.Customer, Month: c.Month, Plan: c.Plan,
			TermContract: c.TermContract, Breaches: c.Breaches, Severe: c.Severe,
			Percent: c.Percent.String(), UncappedPercent: c.UncappedPercent.String(),
			Currency: c.Currency, Reason: c.Reason,
		}
		// SPEC §5: an unknown fee gives monthly_fee and amount null.
		if s, ok := moneyPtr(c.MonthlyFee, c.Currency); ok {
			jc.MonthlyFee = &s
		}
		if s, ok := moneyPtr(c.Amount, c.Currency); ok {
			jc.Amount = &s
		}
		if detail {
			jc.Tickets = []string{}
			for _, v := range c.Behind.All() {
				jc.Tickets = append(jc.Tickets, v.Ticket.ID)
			}
		}
		out = append(out, jc)
	}
	return out
}

func totalsJSON(r *audit.Result) []jsonTotal {
	out := make([]jsonTotal, 0, len(r.CreditTotals))
	for _, t := range r.CreditTotals {
		out = append(out, jsonTotal{Currency: t.Currency, Amount: money(t.Amount, t.Currency)})
	}
	return out
}

// JSONTickets holds the "tickets" array of a JSON report (SPEC §7) while an
// audit runs, so that the audit need not keep every verdict: set
// audit.Options.OnVerdict to its Add, and write the report with
// JSONWithTickets. The JSON report must know its counts before its tickets,
// and the counts are known only at the end, so the tickets wait.
//
// They wait as compact binary records in 8 KiB chunks with no pointers for
// the garbage collector to follow: some 30 bytes a ticket, against some 300
// for a verdict and 550 for its indented JSON. Size is what costs here: at a
// million tickets, first touching the memory that holds them (a page fault
// per 4 KiB) was a fifth of `check -o json`. So a record is mostly varints,
// and they are small because most are differences: the position and the
// submission from the previous ticket's, the deadline from the submission
// plus the window, the response from the submission. The customer, channel,
// priority and reason take few values over an export, so a record holds an
// index into a table of them (stringTable), which keeps each value once,
// already written as a JSON string: that spares the writer most of the
// escaping too.
type JSONTickets struct {
	n         int
	chunks    [][]byte
	chunkSize int            // jsonChunkSize, but in tests
	targets   []recTarget    // plan keys and targets as JSON strings, by index
	targetOf  map[tgtKey]int // index by plan key and target
	versions  []planVersion  // index by plan version and target, for the common case
	files     []string       // source files, by index
	last      int            // index of the last file added, for the common case

	// The file, position and submission second of the last record added,
	// which the next record is relative to.
	prevFile         int
	prevPos, prevSub int64

	customers, channels, priorities, reasons stringTable
}

// NewJSONTickets returns an empty collection.
func NewJSONTickets() *JSONTickets {
	return &JSONTickets{chunkSize: jsonChunkSize, targetOf: make(map[tgtKey]int), last: -1, prevFile: -1,
		// An export has hundreds of customers, and a handful of
		// channels, priorities and reasons (each spelling counts).
		customers: newStringTable(12), channels: newStringTable(8),
		priorities: newStringTable(8), reasons: newStringTable(8)}
}

// Len reports the number of tickets added.
func (j *JSONTickets) Len() int { return j.n }

// Flags of a ticket record, its first byte.
const (
	recBusiness = 1 << iota
	recAnswered
	recUnanswered
	recSevere
	recIndex    // the source is an array index, not a line
	recWarnings // warnings follow the strings
	recFrac     // an instant has a fraction of a second: nanoseconds follow
	recFile     // the source file is not the previous record's: its index follows
)

// jsonChunkSize is the size of a chunk of records: some 270 tickets, the
// unit of work of write's workers, whose JSON (some 150 KiB) is written out
// while it is still in the CPU's cache.
const jsonChunkSize = 8 << 10

// recMaxVarints bounds the bytes of a record that are not string bytes:
// the flags and every varint a record can hold, with room to spare.
const recMaxVarints = 24 * binary.MaxVarintLen64

// A ticket record is, in order (see write):
//
//	flags                byte
//	status, target       uvarint (target: an index of plan key and target)
//	file                 uvarint, with recFile
//	position             varint, less the previous record's
//	submitted            varint, Unix seconds less the previous record's
//	window, deadline     varint seconds, and Unix seconds less submitted and
//	                     window; unless excluded
//	first response       varint, Unix seconds less submitted, and the
//	                     response seconds less that; with recAnswered
//	late                 varint seconds, when breached
//	nanoseconds          uvarint, of submitted, deadline (unless excluded)
//	                     and first response (with recAnswered); with recFrac
//	id                   string
//	customer, channel,   stringTable references
//	priority, reason
//	warnings             uvarint count and strings, with recWarnings
//
// where a string is a uvarint length and the bytes. Differences wrap around
// on overflow, and undo exactly.

// Add appends the ticket of verdict v. It keeps no reference to v.
func (j *JSONTickets) Add(v *audit.Verdict) {
	t := &v.Ticket
	var flags byte
	if v.Class == plans.Business {
		flags |= recBusiness
	}
	rt, answered := v.ResponseTime()
	if answered {
		flags |= recAnswered
	}
	if v.Unanswered {
		flags |= recUnanswered
	}
	if v.Severe {
		flags |= recSevere
	}
	if t.Source.IsIndex {
		flags |= recIndex
	}
	nw := len(t.Warnings) + len(v.Warnings)
	if nw > 0 {
		flags |= recWarnings
	}
	// SPEC §3 "Excluded tickets": class, window_seconds and deadline null.
	excluded := v.Status == audit.Excluded
	subNs, dlNs, respNs := t.Submitted.Nanosecond(), 0, 0
	if !excluded {
		dlNs = v.Deadline.Nanosecond()
	}
	if answered {
		respNs = t.FirstResponse.Nanosecond()
	}
	if subNs|dlNs|respNs != 0 {
		flags |= recFrac
	}
	n := recMaxVarints + len(t.ID) + len(t.Customer) + len(t.Channel) + len(t.Priority) + len(v.Reason)
	if nw > 0 {
		n += binary.MaxVarintLen64*nw + warningsLen(t.Warnings) + warningsLen(v.Warnings)
	}
	b := j.buffer(n)
	if len(b) == 0 {
		// A chunk starts afresh, so that chunks can be formatted apart
		// (write).
		j.prevFile, j.prevPos, j.prevSub = -1, 0, 0
	}
	file := j.fileIndex(t.Source.File)
	if file != j.prevFile {
		flags |= recFile
	}
	b = append(b, flags)
	b = binary.AppendUvarint(b, uint64(v.Status))
	var target string
	if !excluded {
		target = targetOf(v)
	}
	b = binary.AppendUvarint(b, uint64(j.targetIndex(v.Plan, target)))
	if flags&recFile != 0 {
		b = binary.AppendUvarint(b, uint64(file))
		j.prevFile = file
	}
	pos := int64(t.Source.Line)
	if t.Source.IsIndex {
		pos = int64(t.Source.Index)
	}
	b = binary.AppendVarint(b, pos-j.prevPos)
	sub := t.Submitted.Unix()
	b = binary.AppendVarint(b, sub-j.prevSub)
	j.prevPos, j.prevSub = pos, sub
	if !excluded {
		// On the elapsed clock the deadline is the submission plus the
		// window: a difference of 0, one byte.
		win := seconds(v.Window)
		b = binary.AppendVarint(b, win)
		b = binary.AppendVarint(b, v.Deadline.Unix()-sub-win)
	}
	if answered {
		d := t.FirstResponse.Unix() - sub
		b = binary.AppendVarint(b, d)
		b = binary.AppendVarint(b, seconds(rt)-d)
	}
	// SPEC §7: late_seconds is 0 unless breached.
	if v.Status == audit.Breached {
		b = binary.AppendVarint(b, seconds(v.Late))
	}
	if flags&recFrac != 0 {
		b = binary.AppendUvarint(b, uint64(subNs))
		if !excluded {
			b = binary.AppendUvarint(b, uint64(dlNs))
		}
		if answered {
			b = binary.AppendUvarint(b, uint64(respNs))
		}
	}
	b = appendRecString(b, t.ID)
	b = j.customers.appendRef(b, t.Customer)
	b = j.channels.appendRef(b, t.Channel)
	b = j.priorities.appendRef(b, t.Priority)
	b = j.reasons.appendRef(b, v.Reason)
	if nw > 0 {
		b = binary.AppendUvarint(b, uint64(nw))
		for _, w := range t.Warnings {
			b = appendRecString(b, w)
		}
		for _, w := range v.Warnings {
			b = appendRecString(b, w)
		}
	}
	j.chunks[len(j.chunks)-1] = b
	j.n++
}

func warningsLen(ws []string) int {
	n := 0
	for _, w := range ws {
		n += len(w)
	}
	return n
}

// buffer returns the last chunk, with room for n more bytes.
func (j *JSONTickets) buffer(n int) []byte {
	if k := len(j.chunks); k > 0 && cap(j.chunks[k-1])-len(j.chunks[k-1]) >= n {
		return j.chunks[k-1]
	}
	j.chunks = append(j.chunks, make([]byte, 0, max(j.chunkSize, n)))
	return j.chunks[len(j.chunks)-1]
}

// targetIndex returns the index of p's key with target, the windows a
// ticket was held to (SPEC §11; "" for an excluded ticket). A plans file
// has a handful of plan versions, each always the same *plans.Plan, and
// their targets are the plan's own strings, so that comparing pointers and
// short strings is cheaper than hashing keys.
func (j *JSONTickets) targetIndex(p *plans.Plan, target string) int {
	for _, v := range j.versions {
		if v.plan == p && v.target == target {
			return v.index
		}
	}
	k := tgtKey{p.Key, target}
	i, ok := j.targetOf[k]
	if !ok {
		i = len(j.targets)
		k.target = strings.Clone(target)
		j.targetOf[k] = i
		j.targets = append(j.targets, recTarget{
			plan:   string(appendJSONString(nil, []byte(p.Key))),
			target: string(appendJSONString(nil, []byte(target)))})
	}
	// Remember a bounded number of versions: plans built on the fly
	// (not a real plans file) would make the scan long.
	if len(j.versions) < 32 {
		j.versions = append(j.versions, planVersion{p, strings.Clone(target), i})
	}
	return i
}

type planVersion struct {
	plan   *plans.Plan
	target string
	index  int
}

// tgtKey is a plan key and a target, as strings.
type tgtKey struct{ plan, target string }

// recTarget is a plan key and a target, as JSON strings.
type recTarget struct{ plan, target string }

func (j *JSONTickets) fileIndex(file string) int {
	if j.last >= 0 && j.files[j.last] == file {
		return j.last
	}
	for i, f := range j.files {
		if f == file {
			j.last = i
			return i
		}
	}
	j.files = append(j.files, file)
	j.last = len(j.files) - 1
	return j.last
}

func appendRecString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// stringTable interns the values of one ticket field for JSONTickets. A
// record refers to a value by its index + 1, or holds 0 and the value
// itself once the table is full (maxInterned): an export with a great many
// customers costs memory, not correctness.
type stringTable struct {
	// cache is a direct-mapped cache in front of index, by tableKey: a
	// field's values are few, and comparing one string is cheaper than
	// hashing it.
	cache []tableEntry
	bits  uint              // len(cache) is 1 << bits
	index map[string]uint32 // index + 1 by value
	json  []string          // the values as JSON strings, quoted and escaped
}

type tableEntry struct {
	s   string
	ref uint32 // index + 1, or 0 for an empty entry
}

// maxInterned bounds the values a stringTable holds.
const maxInterned = 1 << 16

// newStringTable returns a table whose cache has 1 << bits entries: for
// n values, some 16 n, for few of them to share an entry.
func newStringTable(bits uint) stringTable {
	return stringTable{cache: make([]tableEntry, 1<<bits), bits: bits}
}

// appendRef appends the reference to s to the record b.
func (t *stringTable) appendRef(b []byte, s string) []byte {
	e := &t.cache[tableKey(s, t.bits)&(len(t.cache)-1)]
	if e.ref == 0 || e.s != s {
		ref, ok := t.index[s]
		if !ok {
			if len(t.json) >= maxInterned {
				return appendRecString(append(b, 0), s)
			}
			if t.index == nil {
				t.index = make(map[string]uint32)
			}
			// A copy: a reader's strings share large blocks, which a
			// kept string would keep alive.
			s = strings.Clone(s)
			t.json = append(t.json, string(appendJSONString(nil, []byte(s))))
			ref = uint32(len(t.json))
			t.index[s] = ref
		}
		e.s, e.ref = s, ref
	}
	if e.ref < 0x80 {
		return append(b, byte(e.ref))
	}
	return binary.AppendUvarint(b, uint64(e.ref))
}

// tableKey hashes s for stringTable.cache from its length and its first and
// last bytes (up to 8 of each), which tell apart the values of a field as
// exports spell them ("acme-2", "acme-3") without reading all of a long one.
func tableKey(s string, bits uint) int {
	h := uint64(len(s))
	switch n := len(s); {
	case n >= 8:
		h ^= load64(s) ^ load64(s[n-8:])*0xFF51AFD7ED558CCD
	case n >= 4:
		h ^= uint64(load32(s)) ^ uint64(load32(s[n-4:]))<<32
	case n > 0:
		h ^= uint64(s[0])<<8 | uint64(s[n/2])<<16 | uint64(s[n-1])<<24
	}
	return int(h * 0x9E3779B97F4A7C15 >> (64 - bits))
}

func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func load32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// recReader decodes records: b[i:] is what is left.
type recReader struct {
	b []byte
	i int
}

func (r *recReader) more() bool { return r.i < len(r.b) }

func (r *recReader) byte() byte {
	c := r.b[r.i]
	r.i++
	return c
}

// uvarint is small enough to be inlined, for the most values, which take
// one byte; the others take a call.
func (r *recReader) uvarint() uint64 {
	if c := r.b[r.i]; c < 0x80 {
		r.i++
		return uint64(c)
	}
	return r.uvarintLong()
}

func (r *recReader) uvarintLong() uint64 {
	v, n := binary.Uvarint(r.b[r.i:])
	r.i += n
	return v
}

// unzig undoes the zig-zag encoding of binary.AppendVarint: a varint is
// unzig(r.uvarint()), so that both inline.
func unzig(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

func (r *recReader) bytes() []byte {
	n := int(r.uvarint())
	s := r.b[r.i : r.i+n]
	r.i += n
	return s
}

// appendString appends as a JSON string the value of field t that the
// record refers to next.
func (r *recReader) appendString(b []byte, t *stringTable) []byte {
	if i := r.uvarint(); i > 0 {
		return append(b, t.json[i-1]...)
	}
	return appendJSONString(b, r.bytes())
}

// jsonWriteBuffer is the size of the buffer the JSON report is written in.
const jsonWriteBuffer = 256 << 10

// statusJSON is the text from the status value to the late_seconds value,
// by audit.Status.
var statusJSON = func() (s [4]string) {
	for i := range s {
		s[i] = ",\n      \"status\": \"" + audit.Status(i).String() + "\",\n      \"late_seconds\": "
	}
	return s
}()

// flagsJSON is the text from the unanswered value to the reason value, by
// recUnanswered and recSevere.
var flagsJSON = [4]string{
	",\n      \"unanswered\": false,\n      \"severe\": false,\n      \"reason\": ",
	",\n      \"unanswered\": true,\n      \"severe\": false,\n      \"reason\": ",
	",\n      \"unanswered\": false,\n      \"severe\": true,\n      \"reason\": ",
	",\n      \"unanswered\": true,\n      \"severe\": true,\n      \"reason\": ",
}

// write appends the tickets to b, as encoding/json would indent them at the
// second level, separated by ",\n" and preceded by "\n", writing to w as b
// fills, and returns what is left to write.
//
// Formatting is most of the cost of the report, and chunks of records can be
// formatted apart (see Add), so with more than one CPU the chunks are
// formatted by as many workers, and written in order as they are done.
func (j *JSONTickets) write(w io.Writer, b []byte) ([]byte, error) {
	return j.writeWith(w, b, runtime.GOMAXPROCS(0))
}

// writeWith is write with at most the given number of workers; 1 formats
// on the calling goroutine.
func (j *JSONTickets) writeWith(w io.Writer, b []byte, workers int) ([]byte, error) {
	workers = min(workers, len(j.chunks))
	if workers <= 1 {
		for i, c := range j.chunks {
			// Write b out before it would grow.
			if len(b) > 0 && cap(b)-len(b) < jsonTextSize(c) {
				if _, err := w.Write(b); err != nil {
					return nil, err
				}
				b = b[:0]
			}
			b = j.formatChunk(b, c, i == 0)
		}
		return b, nil
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}

	// The feeder hands chunk i to a worker and its result channel to the
	// writer (this goroutine), in chunk order; pending bounds the chunks
	// formatted ahead of the writer, and so the memory held. done stops
	// the feeder when the writer gives up on an error; the workers then
	// finish their chunk (a result channel has room for it) and stop.
	type job struct {
		i   int
		out chan []byte
	}
	jobs := make(chan job)
	pending := make(chan chan []byte, workers)
	done := make(chan struct{})
	defer close(done)
	free := make(chan []byte, workers+1) // text buffers to reuse
	go func() {
		defer close(jobs)
		defer close(pending)
		for i := range j.chunks {
			out := make(chan []byte, 1)
			select {
			case pending <- out:
			case <-done:
				return
			}
			select {
			case jobs <- job{i, out}:
			case <-done:
				return
			}
		}
	}()
	for range workers {
		go func() {
			for jb := range jobs {
				c := j.chunks[jb.i]
				var buf []byte
				select {
				case buf = <-free:
				default:
					buf = make([]byte, 0, jsonTextSize(c))
				}
				jb.out <- j.formatChunk(buf[:0], c, jb.i == 0)
			}
		}()
	}
	for out := range pending {
		text := <-out
		if _, err := w.Write(text); err != nil {
			return nil, err
		}
		select {
		case free <- text:
		default:
		}
	}
	return b[:0], nil
}

// jsonTextSize is a size for the buffer that the JSON of chunk c goes to,
// enough for most chunks (a record is some 30 bytes, its JSON some 550),
// so that the buffer seldom grows.
func jsonTextSize(c []byte) int { return 24 * len(c) }

// formatChunk appends the tickets of chunk c to b, the first one preceded by
// "\n" when first is set, and by ",\n" otherwise.
func (j *JSONTickets) formatChunk(b, c []byte, first bool) []byte {
	var src []byte // "file:" as JSON string content, without the quotes
	var dates dateCache
	var pos, sub int64 // of the previous record, as in Add
	r := recReader{b: c}
	for r.more() {
		if first {
			b = append(b, "\n    {\n      \"id\": "...)
			first = false
		} else {
			b = append(b, ",\n    {\n      \"id\": "...)
		}

		// The numbers, in record order.
		flags := r.byte()
		status := audit.Status(r.uvarint())
		tg := &j.targets[r.uvarint()]
		if flags&recFile != 0 {
			src = appendJSONContent(src[:0], j.files[r.uvarint()])
		}
		pos += unzig(r.uvarint())
		sub += unzig(r.uvarint())
		excluded := status == audit.Excluded
		var window, dl, resp, response, late int64
		if !excluded {
			window = unzig(r.uvarint())
			dl = sub + window + unzig(r.uvarint())
		}
		if flags&recAnswered != 0 {
			d := unzig(r.uvarint())
			resp, response = sub+d, d+unzig(r.uvarint())
		}
		if status == audit.Breached {
			late = unzig(r.uvarint())
		}
		var subNs, dlNs, respNs int64
		if flags&recFrac != 0 {
			subNs = int64(r.uvarint())
			if !excluded {
				dlNs = int64(r.uvarint())
			}
			if flags&recAnswered != 0 {
				respNs = int64(r.uvarint())
			}
		}

		// The text, reading the strings as it goes.
		b = appendJSONString(b, r.bytes())
		b = append(b, ",\n      \"customer\": "...)
		b = r.appendString(b, &j.customers)
		b = append(b, ",\n      \"plan\": "...)
		b = append(b, tg.plan...)
		b = append(b, ",\n      \"channel\": "...)
		b = r.appendString(b, &j.channels)
		b = append(b, ",\n      \"priority\": "...)
		b = r.appendString(b, &j.priorities)
		b = append(b, ",\n      \"source\": \""...)
		// audit.Source.String: "file:line", "file:#index", or the
		// file alone for line 0.
		b = append(b, src...)
		switch {
		case flags&recIndex != 0:
			b = append(b, ":#"...)
			b = appendInt(b, pos)
		case pos != 0:
			b = append(b, ':')
			b = appendInt(b, pos)
		}
		b = append(b, "\",\n      \"submitted_at\": \""...)
		b = dates.appendInstant(b, sub, subNs)
		if excluded {
			b = append(b, "\",\n      \"target\": null,\n      \"class\": null,\n      \"window_seconds\": null,\n      \"deadline\": null"...)
		} else {
			b = append(b, "\",\n      \"target\": "...)
			b = append(b, tg.target...)
			if flags&recBusiness != 0 {
				b = append(b, ",\n      \"class\": \"business\",\n      \"window_seconds\": "...)
			} else {
				b = append(b, ",\n      \"class\": \"off_hours\",\n      \"window_seconds\": "...)
			}
			b = appendInt(b, window)
			b = append(b, ",\n      \"deadline\": \""...)
			b = dates.appendInstant(b, dl, dlNs)
			b = append(b, '"')
		}
		if flags&recAnswered != 0 {
			b = append(b, ",\n      \"first_response_at\": \""...)
			b = dates.appendInstant(b, resp, respNs)
			b = append(b, "\",\n      \"response_seconds\": "...)
			b = appendInt(b, response)
		} else {
			b = append(b, ",\n      \"first_response_at\": null,\n      \"response_seconds\": null"...)
		}
		if int(status) < len(statusJSON) {
			b = append(b, statusJSON[status]...)
		} else {
			b = append(b, ",\n      \"status\": \""...)
			b = append(b, status.String()...)
			b = append(b, "\",\n      \"late_seconds\": "...)
		}
		b = appendInt(b, late)
		b = append(b, flagsJSON[flags/recUnanswered&3]...)
		b = r.appendString(b, &j.reasons)
		if flags&recWarnings != 0 {
			b = append(b, ",\n      \"warnings\": ["...)
			for i := range r.uvarint() {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, "\n        "...)
				b = appendJSONString(b, r.bytes())
			}
			b = append(b, "\n      ]\n    }"...)
		} else {
			b = append(b, ",\n      \"warnings\": []\n    }"...)
		}
	}
	return b
}

// digits2 holds the two-digit numbers 00 to 99, for formatting numbers two
// digits at a time.
const digits2 = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// appendInt is strconv.AppendInt(b, v, 10) for the numbers of a ticket,
// which are positions and seconds: a non-negative number is written in
// place, two digits at a time, with no call into strconv and no copy.
func appendInt(b []byte, v int64) []byte {
	if v < 0 {
		return strconv.AppendInt(b, v, 10)
	}
	if v < 10 {
		return append(b, byte('0'+v))
	}
	u := uint64(v)
	// The number of digits, from the number of bits (log10(2) is about
	// 1233/4096), corrected by one power of ten.
	n := bits.Len64(u) * 1233 >> 12
	if u >= pow10[n] {
		n++
	}
	l := len(b)
	if cap(b)-l < n {
		b = append(b, make([]byte, n)...)
	}
	b = b[:l+n]
	d := b[l:]
	for i := n; u >= 10; u /= 100 {
		r := 2 * (u % 100)
		i -= 2
		d[i], d[i+1] = digits2[r], digits2[r+1]
		if u < 100 {
			return b
		}
	}
	d[0] = byte('0' + u)
	return b
}

// pow10[i] is 10 to the i.
var pow10 = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// appendJSONString appends s as a JSON string exactly as encode writes it
// (encoding/json with SetEscapeHTML(false), then textsafe.AppendJSON): '"',
// '\\' and the C0 controls are escaped (\b, \f, \n, \r, \t by name, the
// others as \u00XX), invalid UTF-8 becomes \ufffd, U+2028 and U+2029 are
// escaped for JavaScript, and DEL, the C1 controls and the bidi controls
// are written \uNNNN (SPEC §12).
func appendJSONString(b, s []byte) []byte {
	b = append(b, '"')
	b = appendJSONContent(b, s)
	return append(b, '"')
}

// jsonPlain marks the bytes that stand for themselves in a JSON string: the
// printable ASCII but '"' and '\\'. A table lookup tests a byte in one step.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x7F; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func appendJSONContent[S []byte | string](b []byte, s S) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if jsonPlain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		var r rune
		var size int
		if bs, ok := any(s).([]byte); ok {
			r, size = utf8.DecodeRune(bs[i:])
		} else {
			r, size = utf8.DecodeRuneInString(string(s[i:]))
		}
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' || textsafe.IsUnsafe(r) {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', hex[r>>12&0xF], hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

// appendInstant appends the instant sec, nsec as instant does: RFC 3339 in
// UTC with the fraction's trailing zeros dropped, written by hand for the
// years 0 to 9999.
func appendInstant(b []byte, sec, nsec int64) []byte {
	var c dateCache
	return c.appendInstant(b, sec, nsec)
}

// dateCache remembers the text of the last days written ("2026-10-02T"):
// the instants of a report fall on few days, and turning a day number into
// a civil date is most of the cost of formatting an instant.
type dateCache struct {
	day  [4]int64
	text [4][11]byte
	ok   [4]bool
}

func (c *dateCache) appendInstant(b []byte, sec, nsec int64) []byte {
	const minSec, maxSec = -62167219200, 253402300799 // 0000-01-01, 9999-12-31T23:59:59Z
	if sec < minSec || sec > maxSec {
		return time.Unix(sec, nsec).UTC().AppendFormat(b, time.RFC3339Nano)
	}
	// Unsigned arithmetic from 0000-01-01, a whole number of days before
	// the epoch, spares the sign fix-ups of signed division.
	u := uint64(sec - minSec)
	days, rem := int64(u/86400)+minSec/86400, uint32(u%86400)
	k := days & 3
	if !c.ok[k] || c.day[k] != days {
		c.day[k], c.ok[k] = days, true
		c.text[k] = civilText(days)
	}
	b = append(b, c.text[k][:]...)
	h, mi, s := 2*(rem/3600), 2*(rem/60%60), 2*(rem%60)
	b = append(b, digits2[h], digits2[h+1], ':', digits2[mi], digits2[mi+1], ':', digits2[s], digits2[s+1])
	if nsec != 0 {
		var frac [10]byte
		frac[0] = '.'
		for i, v := 9, nsec; i >= 1; i, v = i-1, v/10 {
			frac[i] = byte('0' + v%10)
		}
		n := 10
		for frac[n-1] == '0' {
			n--
		}
		b = append(b, frac[:n]...)
	}
	return append(b, 'Z')
}

// civilText formats the civil date of day number days (days since
// 1970-01-01, years 0 to 9999) as "2006-01-02T".
func civilText(days int64) [11]byte {
	d := plans.DateOfDays(days)
	y, m, dd := d.Year, int(d.Month), d.Day
	return [11]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + dd/10), byte('0' + dd%10), 'T'}
}

// summaryJSON converts the per-plan summary.
func summaryJSON(sums []audit.PlanSummary) []jsonSummary {
	out := make([]jsonSummary, 0, len(sums))
	for _, s := range sums {
		out = append(out, jsonSummary{Plan: s.Plan, jsonTally: tallyJSON(s.Tally)})
	}
	return out
}
