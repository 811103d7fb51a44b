package report

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/slaaudit/slaaudit/audit"
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
	Plan       string   `json:"plan"`
	Tickets    int      `json:"tickets"`
	Met        int      `json:"met"`
	Breached   int      `json:"breached"`
	Severe     int      `json:"severe"`
	Pending    int      `json:"pending"`
	Excluded   int      `json:"excluded"`
	Attainment *float64 `json:"attainment"`
}

type jsonCredit struct {
	Customer     string  `json:"customer"`
	Month        string  `json:"month"`
	Plan         string  `json:"plan"`
	TermContract bool    `json:"term_contract"`
	Breaches     int     `json:"breaches"`
	Severe       int     `json:"severe"`
	Percent      string  `json:"percent"`
	MonthlyFee   *string `json:"monthly_fee"`
	Currency     string  `json:"currency"`
	Amount       *string `json:"amount"`
	Reason       string  `json:"reason"`
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
	// SPEC §7: credits are present when an accounts file is given; omitzero
	// keeps an empty non-nil slice as [].
	Credits       []jsonCredit `json:"credits,omitzero"`
	CreditTotals  []jsonTotal  `json:"credit_totals,omitzero"`
	NotInAccounts []string     `json:"not_in_accounts,omitzero"`
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
}

// JSON writes the stable machine format of SPEC §7, schema_version 1:
// instants in RFC 3339 UTC, durations in whole seconds (truncated), tickets
// in input order (r.Tickets, so the audit must keep them), breaches and
// credits as the Result holds them. credits, credit_totals and
// not_in_accounts appear when m.Accounts is set.
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
		SchemaVersion: SchemaVersion,
		AsOf:          instant(r.AsOf),
		Timezone:      r.Plans.Timezone,
		Period:        periodJSON(r),
		Counts:        countsJSON(r.Counts),
		Tickets:       []jsonTicket{},
		Rejected:      rejectedJSON(r.Rejected),
		Summary:       make([]jsonSummary, 0, len(r.Summary)),
	}
	for _, s := range r.Summary {
		js := jsonSummary{Plan: s.Plan, Tickets: s.Tickets, Met: s.Met, Breached: s.Breached,
			Severe: s.Severe, Pending: s.Pending, Excluded: s.Excluded}
		// SPEC §3.7: an empty group has no attainment (null), never 100%.
		if a, ok := s.Attainment(); ok {
			js.Attainment = &a
		}
		out.Summary = append(out.Summary, js)
	}
	if m.Accounts {
		out.Credits = creditsJSON(r, false)
		out.CreditTotals = totalsJSON(r)
		out.NotInAccounts = append([]string{}, r.NotInAccounts...)
	}
	// Everything but the tickets is small and goes through encoding/json;
	// the tickets are spliced in where it writes an empty array. No string
	// value can hold the marker: encoding/json escapes newlines.
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
	buf = append(buf, tail...)
	_, err := w.Write(buf)
	return err
}

// CreditsJSON writes the credits command's JSON: schema_version 1 with
// as_of, timezone, period, counts, credits, credit_totals, not_in_accounts
// and rejected. With m.Detail each credit lists its breached ticket ids.
func CreditsJSON(w io.Writer, r *audit.Result, m Meta) error {
	return encode(w, jsonCreditsReport{
		SchemaVersion: SchemaVersion,
		AsOf:          instant(r.AsOf),
		Timezone:      r.Plans.Timezone,
		Period:        periodJSON(r),
		Counts:        countsJSON(r.Counts),
		Credits:       creditsJSON(r, m.Detail),
		CreditTotals:  totalsJSON(r),
		NotInAccounts: append([]string{}, r.NotInAccounts...),
		Rejected:      rejectedJSON(r.Rejected),
	})
}

func encode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
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
		Rejected: c.Rejected, OutsidePeriod: c.OutsidePeriod, Events: c.Events}
}

func rejectedJSON(rs []audit.Rejection) []jsonRejected {
	out := make([]jsonRejected, 0, len(rs))
	for _, rj := range rs {
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
		class := v.Class.String()
		win := seconds(v.Window)
		dl := instant(v.Deadline)
		jt.Class, jt.WindowSeconds, jt.Deadline = &class, &win, &dl
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

func creditsJSON(r *audit.Result, detail bool) []jsonCredit {
	out := make([]jsonCredit, 0, len(r.Credits))
	for i := range r.Credits {
		c := &r.Credits[i]
		jc := jsonCredit{
			Customer: c.Customer, Month: c.Month, Plan: planKey(r, c.Plan),
			TermContract: c.TermContract, Breaches: c.Breaches, Severe: c.Severe,
			Percent: c.Percent.String(), Currency: c.Currency, Reason: c.Reason,
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
			for _, v := range breachesBehind(r, c) {
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
// and the counts are known only at the end, so the tickets wait; they wait
// as flat binary records (fixed-width numbers and the raw strings, some 130
// bytes a ticket, no pointers for the garbage collector to follow) in 1 MiB
// chunks, not as verdicts (some 300 bytes, five strings and two slices) nor
// as indented JSON (some 640 bytes), and are formatted by hand, with the
// same bytes as encoding/json, as they are written.
type JSONTickets struct {
	n      int
	chunks [][]byte
	plans  []string // plan keys, by index
	planOf map[string]int
	files  []string // source files, by index
	last   int      // index of the last file added, for the common case
}

// NewJSONTickets returns an empty collection.
func NewJSONTickets() *JSONTickets {
	return &JSONTickets{planOf: make(map[string]int), last: -1}
}

// Len reports the number of tickets added.
func (j *JSONTickets) Len() int { return j.n }

// Flags of a ticket record.
const (
	recBusiness = 1 << iota
	recAnswered
	recUnanswered
	recSevere
	recIndex // the source is an array index, not a line
	recWarnings
	recStatusShift = 8 // the status takes bits 8 to 15
)

const jsonChunkSize = 1 << 20

// recFixed is the size of the fixed part of a ticket record: flags, plan
// and file indexes (8 bytes), position (8), submitted_at (12), window (8),
// deadline (12), first_response_at (12), response seconds (8), late seconds
// (8) and the lengths of the five strings that follow (20).
const recFixed = 96

// Add appends the ticket of verdict v. It keeps no reference to v.
func (j *JSONTickets) Add(v *audit.Verdict) {
	t := &v.Ticket
	flags := uint64(v.Status) << recStatusShift
	if v.Class == plans.Business {
		flags |= recBusiness
	}
	if t.Answered() {
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
	if len(t.Warnings)+len(v.Warnings) > 0 {
		flags |= recWarnings
	}
	pos := t.Source.Line
	if t.Source.IsIndex {
		pos = t.Source.Index
	}
	// The fixed part, at fixed offsets (recFixed); a field that does not
	// apply is zero.
	var fx [recFixed]byte
	le := binary.LittleEndian
	le.PutUint64(fx[0:], flags|uint64(j.planIndex(v.Plan.Key))<<16|uint64(j.fileIndex(t.Source.File))<<32)
	le.PutUint64(fx[8:], uint64(pos))
	le.PutUint64(fx[16:], uint64(t.Submitted.Unix()))
	le.PutUint32(fx[24:], uint32(t.Submitted.Nanosecond()))
	// SPEC §3 "Excluded tickets": class, window_seconds and deadline null.
	if v.Status != audit.Excluded {
		le.PutUint64(fx[28:], uint64(seconds(v.Window)))
		le.PutUint64(fx[36:], uint64(v.Deadline.Unix()))
		le.PutUint32(fx[44:], uint32(v.Deadline.Nanosecond()))
	}
	if rt, ok := v.ResponseTime(); ok {
		le.PutUint64(fx[48:], uint64(t.FirstResponse.Unix()))
		le.PutUint32(fx[56:], uint32(t.FirstResponse.Nanosecond()))
		le.PutUint64(fx[60:], uint64(seconds(rt)))
	}
	// SPEC §7: late_seconds is 0 unless breached.
	if v.Status == audit.Breached {
		le.PutUint64(fx[68:], uint64(seconds(v.Late)))
	}
	strs := [...]string{t.ID, t.Customer, t.Channel, t.Priority, v.Reason}
	n := recFixed
	for i, s := range strs {
		le.PutUint32(fx[76+4*i:], uint32(len(s)))
		n += len(s)
	}
	if flags&recWarnings != 0 {
		n += 4 + warningsLen(t.Warnings) + warningsLen(v.Warnings)
	}
	b := append(j.buffer(n), fx[:]...)
	for _, s := range strs {
		b = append(b, s...)
	}
	if flags&recWarnings != 0 {
		b = le.AppendUint32(b, uint32(len(t.Warnings)+len(v.Warnings)))
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
		n += len(w) + 4
	}
	return n
}

// buffer returns the last chunk, with room for n more bytes.
func (j *JSONTickets) buffer(n int) []byte {
	if k := len(j.chunks); k > 0 && cap(j.chunks[k-1])-len(j.chunks[k-1]) >= n {
		return j.chunks[k-1]
	}
	j.chunks = append(j.chunks, make([]byte, 0, max(jsonChunkSize, n)))
	return j.chunks[len(j.chunks)-1]
}

func (j *JSONTickets) planIndex(key string) int {
	// A plans file has a handful of keys, and a key is the same string
	// every time, so that comparing is cheaper than hashing.
	if len(j.plans) <= 16 {
		for i, k := range j.plans {
			if k == key {
				return i
			}
		}
	} else if i, ok := j.planOf[key]; ok {
		return i
	}
	j.planOf[key] = len(j.plans)
	j.plans = append(j.plans, key)
	return len(j.plans) - 1
}

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
	b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// recReader decodes a record chunk.
type recReader struct{ b []byte }

func (r *recReader) u32() uint32 {
	v := binary.LittleEndian.Uint32(r.b)
	r.b = r.b[4:]
	return v
}

func (r *recReader) bytes() []byte {
	n := r.u32()
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

// jsonWriteBuffer is the size of the buffer the JSON report is written in.
const jsonWriteBuffer = 256 << 10

// write appends the tickets to b, as encoding/json would indent them at the
// second level, separated by ",\n" and preceded by "\n", writing b to w
// whenever it is nearly full, and returns what is left to write.
func (j *JSONTickets) write(w io.Writer, b []byte) ([]byte, error) {
	var src []byte // "file:" as JSON string content, without the quotes
	srcFile := -1
	var dates dateCache
	first := true
	for _, c := range j.chunks {
		r := recReader{c}
		for len(r.b) > 0 {
			// Format into b, and write it out when it is nearly full
			// (a ticket is some 650 bytes), rather than through a
			// bufio.Writer, which would copy every ticket once more.
			if len(b) > jsonWriteBuffer-8<<10 {
				if _, err := w.Write(b); err != nil {
					return nil, err
				}
				b = b[:0]
			}
			if first {
				b = append(b, "\n    {\n      \"id\": "...)
				first = false
			} else {
				b = append(b, ",\n    {\n      \"id\": "...)
			}
			fx := r.b[:recFixed:recFixed]
			le := binary.LittleEndian
			head := le.Uint64(fx[0:])
			flags := head & 0xFFFF
			status := audit.Status(flags >> recStatusShift)
			plan := j.plans[head>>16&0xFFFF]
			if f := int(head >> 32); f != srcFile {
				srcFile = f
				src = appendJSONContent(src[:0], j.files[f])
			}
			pos := int64(le.Uint64(fx[8:]))
			subSec, subNs := int64(le.Uint64(fx[16:])), int64(le.Uint32(fx[24:]))
			window := int64(le.Uint64(fx[28:]))
			dlSec, dlNs := int64(le.Uint64(fx[36:])), int64(le.Uint32(fx[44:]))
			respSec, respNs := int64(le.Uint64(fx[48:])), int64(le.Uint32(fx[56:]))
			response, late := int64(le.Uint64(fx[60:])), int64(le.Uint64(fx[68:]))
			var strs [5][]byte
			rest := r.b[recFixed:]
			for i := range strs {
				n := le.Uint32(fx[76+4*i:])
				strs[i], rest = rest[:n], rest[n:]
			}
			r.b = rest
			id, customer, channel, priority, reason := strs[0], strs[1], strs[2], strs[3], strs[4]

			b = appendJSONString(b, id)
			b = append(b, ",\n      \"customer\": "...)
			b = appendJSONString(b, customer)
			b = append(b, ",\n      \"plan\": "...)
			b = appendJSONString(b, []byte(plan))
			b = append(b, ",\n      \"channel\": "...)
			b = appendJSONString(b, channel)
			b = append(b, ",\n      \"priority\": "...)
			b = appendJSONString(b, priority)
			b = append(b, ",\n      \"source\": \""...)
			// audit.Source.String: "file:line", "file:#index", or the
			// file alone for line 0.
			b = append(b, src...)
			switch {
			case flags&recIndex != 0:
				b = append(b, ":#"...)
				b = strconv.AppendInt(b, pos, 10)
			case pos != 0:
				b = append(b, ':')
				b = strconv.AppendInt(b, pos, 10)
			}
			b = append(b, "\",\n      \"submitted_at\": \""...)
			b = dates.appendInstant(b, subSec, subNs)
			if status == audit.Excluded {
				b = append(b, "\",\n      \"class\": null,\n      \"window_seconds\": null,\n      \"deadline\": null"...)
			} else {
				if flags&recBusiness != 0 {
					b = append(b, "\",\n      \"class\": \"business\",\n      \"window_seconds\": "...)
				} else {
					b = append(b, "\",\n      \"class\": \"off_hours\",\n      \"window_seconds\": "...)
				}
				b = strconv.AppendInt(b, window, 10)
				b = append(b, ",\n      \"deadline\": \""...)
				b = dates.appendInstant(b, dlSec, dlNs)
				b = append(b, '"')
			}
			if flags&recAnswered != 0 {
				b = append(b, ",\n      \"first_response_at\": \""...)
				b = dates.appendInstant(b, respSec, respNs)
				b = append(b, "\",\n      \"response_seconds\": "...)
				b = strconv.AppendInt(b, response, 10)
			} else {
				b = append(b, ",\n      \"first_response_at\": null,\n      \"response_seconds\": null"...)
			}
			b = append(b, ",\n      \"status\": \""...)
			b = append(b, status.String()...)
			b = append(b, "\",\n      \"late_seconds\": "...)
			b = strconv.AppendInt(b, late, 10)
			b = append(b, ",\n      \"unanswered\": "...)
			b = strconv.AppendBool(b, flags&recUnanswered != 0)
			b = append(b, ",\n      \"severe\": "...)
			b = strconv.AppendBool(b, flags&recSevere != 0)
			b = append(b, ",\n      \"reason\": "...)
			b = appendJSONString(b, reason)
			if flags&recWarnings != 0 {
				b = append(b, ",\n      \"warnings\": ["...)
				for i := range r.u32() {
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
	}
	return b, nil
}

// appendJSONString appends s as a JSON string exactly as encoding/json
// writes it with SetEscapeHTML(false): '"', '\\' and the C0 controls are
// escaped (\b, \f, \n, \r, \t by name, the others as \u00XX), invalid UTF-8
// becomes \ufffd, and U+2028 and U+2029 are escaped for JavaScript.
func appendJSONString(b, s []byte) []byte {
	b = append(b, '"')
	b = appendJSONContent(b, s)
	return append(b, '"')
}

func appendJSONContent[S []byte | string](b []byte, s S) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
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
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
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
	days, rem := sec/86400, sec%86400
	if rem < 0 {
		days, rem = days-1, rem+86400
	}
	k := days & 3
	if !c.ok[k] || c.day[k] != days {
		c.day[k], c.ok[k] = days, true
		c.text[k] = civilText(days)
	}
	b = append(b, c.text[k][:]...)
	h, mi, s := rem/3600, rem/60%60, rem%60
	b = append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':',
		byte('0'+s/10), byte('0'+s%10))
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
// 1970-01-01, years 0 to 9999) as "2006-01-02T", with H. Hinnant's
// civil_from_days.
func civilText(days int64) [11]byte {
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return [11]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d/10), byte('0' + d%10), 'T'}
}
