package report

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"iter"
	"math/bits"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/textsafe"
	"github.com/slaaudit/slaaudit/plans"
)

// JSONStream writes the stable machine format of SPEC §7, schema_version 1:
// instants in RFC 3339 UTC, durations in whole seconds (truncated), tickets
// in input order, breaches and credits as the Result holds them. credits,
// credit_totals and not_in_accounts appear when Meta.Accounts is set. Each
// ticket says its target (SPEC §11), and unknown_priorities appears when
// the plans file has a priorities list.
//
// schema_version comes first, then the tickets, then everything only known
// once the audit is over (as_of, timezone, period, counts, rejected,
// summary, …): key order carries no meaning in JSON, and this order lets
// the stream write each ticket as the audit decides it.
//
// It writes one ticket at a time, as an audit decides them (set audit.Options.OnVerdict to its Add), and the
// rest of the document at Close. What it holds is bounded, never a whole
// audit (SPEC §12): a buffer of jsonFlushSize bytes (or the largest
// ticket's JSON), and at most jsonBatchesInFlight batches of verdicts
// waiting to be formatted.
//
// A run that fails before Close leaves w holding a prefix of the document
// that no JSON reader accepts: the closing brace is only written by Close.
//
// Formatting a ticket costs more than auditing it, and `check` audits on
// one goroutine while it reads on another: formatted on the auditing
// goroutine, the tickets made it the bottleneck of `check -o json` (about
// 1.2 times the wall time of the writer before, which collected records
// and formatted them at the end with a worker per CPU). So Add copies the
// verdict into a batch, and one goroutine formats the batches, in order,
// while the audit goes on; at most jsonBatchesInFlight batches exist. It
// starts at the first full batch and stops at Close, or at Abort when the
// audit fails: one of them must be called.
type JSONStream struct {
	// Owned by the formatting goroutine while it runs.
	d jsonDoc
	n int // tickets formatted
	c jsonText

	// The auditor's side: the batch being filled and the bytes of its
	// strings; the batches to format, the formatted ones to fill again,
	// and done, closed when the formatter has returned. todo is nil until
	// the formatter starts.
	batch      []streamed
	batchBytes int
	todo, free chan []streamed
	done       chan struct{}
}

// streamed is what the JSON report prints of a verdict, as Add copies it
// for the formatter: 272 bytes, where the verdict is 384. The formatter
// runs on another core than the audit, so every byte copied crosses
// between them; copying whole verdicts took 1.4% more of the time of
// `check -o json` on two cores.
type streamed struct {
	id, customer, plan, channel, priority string
	// target is the plan's key for its default windows (targetOf), and
	// reason "" when there is none.
	target, reason string
	source         audit.Source
	// The instants, as seconds and nanoseconds since 1970 (appendTime),
	// and the response time when answered.
	submitted, deadline, response unixTime
	window, late, rt              time.Duration
	status                        audit.Status
	class                         plans.Class
	answered, unanswered, severe  bool
	// warnings are the ticket's, then the verdict's.
	warnings []string
}

// unixTime is an instant as seconds and nanoseconds since 1970, a
// time.Time without its location.
type unixTime struct {
	sec  int64
	nsec int32
}

func unixTimeOf(t time.Time) unixTime { return unixTime{t.Unix(), int32(t.Nanosecond())} }

const (
	// jsonBatch is the number of tickets handed to the formatter at a
	// time, or fewer when their strings reach jsonBatchBytes: a copied
	// verdict keeps its strings (and the reader's block they sit in)
	// alive until it is formatted.
	jsonBatch      = 256
	jsonBatchBytes = 1 << 20
	// jsonBatchesInFlight bounds the batches: one filling, one formatting,
	// the rest waiting.
	jsonBatchesInFlight = 4
)

// NewJSONStream starts the JSON report on w and returns the stream.
// Nothing is written to w until the stream has jsonFlushSize bytes to
// write, or until Close.
func NewJSONStream(w io.Writer) *JSONStream {
	s := &JSONStream{d: jsonDoc{w: w, b: make([]byte, 0, 2*jsonFlushSize)}}
	s.d.b = append(s.d.b, "{\n  \"schema_version\": "...)
	s.d.b = strconv.AppendInt(s.d.b, SchemaVersion, 10)
	s.d.b = append(s.d.b, ",\n  \"tickets\": ["...)
	return s
}

// Add writes the ticket of verdict v. It keeps no reference to v, only a
// copy until the ticket is formatted (strings are immutable; the slices a
// verdict shares with the audit's buffers are copied). After a write error
// the tickets are dropped; Close reports the error.
func (s *JSONStream) Add(v *audit.Verdict) {
	if s.batch == nil {
		s.batch = make([]streamed, 0, jsonBatch)
	}
	s.batch = s.batch[:len(s.batch)+1]
	c, t := &s.batch[len(s.batch)-1], &v.Ticket
	*c = streamed{
		id: t.ID, customer: t.Customer, plan: v.Plan.Key, channel: t.Channel, priority: t.Priority,
		target: targetOf(v), reason: v.Reason, source: t.Source,
		submitted: unixTimeOf(t.Submitted), deadline: unixTimeOf(v.Deadline),
		window: v.Window, late: v.Late,
		status: v.Status, class: v.Class, unanswered: v.Unanswered, severe: v.Severe,
	}
	if rt, ok := v.ResponseTime(); ok {
		c.answered, c.response, c.rt = true, unixTimeOf(t.FirstResponse), rt
	}
	if n := len(t.Warnings) + len(v.Warnings); n > 0 {
		c.warnings = append(append(make([]string, 0, n), t.Warnings...), v.Warnings...)
	}
	s.batchBytes += len(t.ID) + len(t.Customer) + len(t.Channel) + len(t.Priority) + len(v.Reason)
	if len(s.batch) == cap(s.batch) || s.batchBytes >= jsonBatchBytes {
		s.handOver()
	}
}

// handOver gives the batch to the formatter, starting it at the first
// batch, and takes an empty one.
func (s *JSONStream) handOver() {
	if s.todo == nil {
		s.todo = make(chan []streamed, jsonBatchesInFlight-2)
		s.free = make(chan []streamed, jsonBatchesInFlight)
		s.done = make(chan struct{})
		go s.formatter()
	}
	s.todo <- s.batch
	s.batchBytes = 0
	select {
	case s.batch = <-s.free:
	default:
		s.batch = make([]streamed, 0, jsonBatch)
	}
}

// formatter formats the batches in order until todo is closed, and clears
// each to let its strings go.
func (s *JSONStream) formatter() {
	defer close(s.done)
	for batch := range s.todo {
		s.format(batch)
		clear(batch)
		s.free <- batch[:0]
	}
}

// format appends the tickets of batch to the document.
func (s *JSONStream) format(batch []streamed) {
	for i := range batch {
		if s.d.err != nil {
			return
		}
		s.d.b = appendTicket(s.d.b, &batch[i], s.n == 0, &s.c)
		s.n++
		s.d.flushFull()
	}
}

// Abort stops the stream of an audit that failed: it waits for the
// formatting goroutine and writes nothing more. It does nothing after Close,
// or when called again.
func (s *JSONStream) Abort() {
	s.stopFormatter()
	s.batch = nil
}

// stopFormatter lets the formatter finish the batches handed over and
// waits for it to return.
func (s *JSONStream) stopFormatter() {
	if s.todo != nil {
		close(s.todo)
		<-s.done
		s.todo = nil
	}
}

// Close writes the rest of the report of r, the result of the audit whose
// verdicts went to Add, and reports the first write error. It ignores
// r.Tickets.
func (s *JSONStream) Close(r *audit.Result, m Meta) error {
	s.stopFormatter()
	s.format(s.batch)
	s.batch = nil
	d := &s.d
	if s.n > 0 {
		d.b = append(d.b, "\n  "...)
	}
	d.b = append(d.b, ']')
	d.head(r)
	d.rejected(r.Rejected)
	d.key("summary")
	d.value(summaryJSON(r.Summary))
	if u := unknownJSON(r); u != nil {
		d.key("unknown_priorities")
		d.value(u)
	}
	if b := breakdownsJSON(r); len(b) > 0 {
		d.key("breakdowns")
		d.value(b)
	}
	if m.DueSoon {
		d.key("due_soon")
		d.value(dueSoonJSON(r, m))
	}
	if m.Accounts {
		d.key("credits")
		d.value(creditsJSON(r, false))
		d.key("credit_totals")
		d.value(totalsJSON(r))
		d.key("not_in_accounts")
		d.value(append([]string{}, r.NotInAccounts...))
	}
	d.tail(m)
	return d.close()
}

// CreditsJSON writes the credits command's JSON: schema_version 1 with
// as_of, timezone, period, counts, credits, credit_totals, not_in_accounts
// and rejected. With m.Detail each credit lists its breached ticket ids.
func CreditsJSON(w io.Writer, r *audit.Result, m Meta) error {
	d := &jsonDoc{w: w}
	d.b = append(d.b, "{\n  \"schema_version\": "...)
	d.b = strconv.AppendInt(d.b, SchemaVersion, 10)
	d.head(r)
	d.key("credits")
	d.value(creditsJSON(r, m.Detail))
	d.key("credit_totals")
	d.value(totalsJSON(r))
	d.key("not_in_accounts")
	d.value(append([]string{}, r.NotInAccounts...))
	d.rejected(r.Rejected)
	if u := unknownJSON(r); u != nil {
		d.key("unknown_priorities")
		d.value(u)
	}
	d.tail(m)
	return d.close()
}

// jsonFlushSize is how much of a JSON report is gathered before it is
// written out.
const jsonFlushSize = 64 << 10

// jsonDoc appends a JSON report, indented as encoding/json indents with
// two spaces, to one reused buffer, and writes the buffer out whenever it
// holds jsonFlushSize bytes. After a write error it writes nothing more;
// close reports the error.
type jsonDoc struct {
	w   io.Writer
	b   []byte
	err error
}

// flushFull writes the buffer out once it is full.
func (d *jsonDoc) flushFull() {
	if len(d.b) >= jsonFlushSize {
		d.flush()
	}
}

func (d *jsonDoc) flush() {
	if d.err == nil && len(d.b) > 0 {
		_, d.err = d.w.Write(d.b)
	}
	d.b = d.b[:0]
}

// close ends the document and writes what is left.
func (d *jsonDoc) close() error {
	d.b = append(d.b, "\n}\n"...)
	d.flush()
	return d.err
}

// key starts the top-level key k, which follows another.
func (d *jsonDoc) key(k string) {
	d.b = append(d.b, ",\n  \""...)
	d.b = append(d.b, k...)
	d.b = append(d.b, "\": "...)
}

// value appends v as the value of a top-level key: through encoding/json
// like every JSON document of slaaudit (encode), indented one level.
func (d *jsonDoc) value(v any) {
	if d.err != nil {
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("  ", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		d.err = err
		return
	}
	d.b = textsafe.AppendJSON(d.b, bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	d.flushFull()
}

// head appends what both reports say first about the run: as_of, timezone,
// period and counts.
func (d *jsonDoc) head(r *audit.Result) {
	d.key("as_of")
	d.value(instant(r.AsOf))
	d.key("timezone")
	d.value(r.Plans.Timezone)
	d.key("period")
	d.value(periodJSON(r))
	d.key("counts")
	d.value(countsJSON(r.Counts))
}

// rejected appends the rejected rows, one at a time from their compact
// list: there may be as many as tickets.
func (d *jsonDoc) rejected(rs *audit.Rejections) {
	d.key("rejected")
	d.b = append(d.b, '[')
	first := true
	for _, rj := range rs.All() {
		if first {
			d.b = append(d.b, "\n    {\n      \"source\": \""...)
			first = false
		} else {
			d.b = append(d.b, ",\n    {\n      \"source\": \""...)
		}
		d.b = appendJSONContent(d.b, rj.Source.String())
		d.b = append(d.b, "\",\n      \"field\": \""...)
		d.b = appendJSONContent(d.b, rj.Field)
		d.b = append(d.b, "\",\n      \"error\": \""...)
		d.b = appendJSONContent(d.b, rj.Reason)
		d.b = append(d.b, "\"\n    }"...)
		d.flushFull()
	}
	if !first {
		d.b = append(d.b, "\n  "...)
	}
	d.b = append(d.b, ']')
}

// tail appends what both reports say last (SPEC §9): how each input was
// read and the channels of the excluded tickets, when the caller says.
func (d *jsonDoc) tail(m Meta) {
	if in := inputsJSON(m); len(in) > 0 {
		d.key("inputs")
		d.value(in)
	}
	if ex := excludedJSON(m); ex != nil {
		d.key("excluded_channels")
		d.value(ex)
	}
}

// jsonText is what formatting a ticket remembers for the next: the text of
// values that repeat from one ticket to the next.
type jsonText struct {
	// The source file of the last ticket, and its text as JSON string
	// content: a file has many tickets in a row.
	file    string
	fileTxt []byte
	// The text of the last days written, by day number modulo 2: the
	// instants of a ticket and of the next fall on few days, and a day's
	// text is most of the cost of an instant's.
	days [2]struct {
		day  int64
		text [11]byte // 2006-01-02T
		ok   bool
	}
}

// appendTicket appends the ticket v, as Add copied it from a verdict, as
// encoding/json would write ticketJSON of the verdict at the second level
// of indentation
// (TestJSONMatchesEncodingJSON), preceded by "\n", or by ",\n" unless
// first.
//
// It is written by hand because it is most of the cost of `check -o
// json`: every value is appended in place, with no intermediate string.
func appendTicket(b []byte, v *streamed, first bool, c *jsonText) []byte {
	if first {
		b = append(b, "\n    {\n      \"id\": "...)
	} else {
		b = append(b, ",\n    {\n      \"id\": "...)
	}
	b = appendJSONString(b, v.id)
	b = append(b, ",\n      \"customer\": "...)
	b = appendJSONString(b, v.customer)
	b = append(b, ",\n      \"plan\": "...)
	plan := len(b)
	b = appendJSONString(b, v.plan)
	planEnd := len(b)
	b = append(b, ",\n      \"channel\": "...)
	b = appendJSONString(b, v.channel)
	b = append(b, ",\n      \"priority\": "...)
	b = appendJSONString(b, v.priority)
	// audit.Source.String: "file:line", "file:#index", or the file alone
	// for line 0.
	if f := v.source.File; f != c.file || c.fileTxt == nil {
		c.file = f
		c.fileTxt = appendJSONContent(c.fileTxt[:0], f)
	}
	b = append(b, ",\n      \"source\": \""...)
	b = append(b, c.fileTxt...)
	switch {
	case v.source.IsIndex:
		b = append(b, ":#"...)
		b = appendInt(b, int64(v.source.Index))
	case v.source.Line != 0:
		b = append(b, ':')
		b = appendInt(b, int64(v.source.Line))
	}
	b = append(b, "\",\n      \"submitted_at\": "...)
	b = c.appendTime(b, v.submitted)
	// SPEC §3 "Excluded tickets": target, class, window_seconds and
	// deadline null.
	if v.status == audit.Excluded {
		b = append(b, ",\n      \"target\": null,\n      \"class\": null,\n      \"window_seconds\": null,\n      \"deadline\": null"...)
	} else {
		b = append(b, ",\n      \"target\": "...)
		if v.target == v.plan {
			// The plan's default windows (SPEC §11): the plan again.
			b = append(b, b[plan:planEnd]...)
		} else {
			b = appendJSONString(b, v.target)
		}
		// plans.Class.String, with the text around it in one piece.
		if v.class == plans.Business {
			b = append(b, ",\n      \"class\": \"business\",\n      \"window_seconds\": "...)
		} else {
			b = append(b, ",\n      \"class\": \"off_hours\",\n      \"window_seconds\": "...)
		}
		b = appendInt(b, seconds(v.window))
		b = append(b, ",\n      \"deadline\": "...)
		b = c.appendTime(b, v.deadline)
	}
	// SPEC §7: first_response_at and response_seconds are null when
	// unanswered.
	if v.answered {
		b = append(b, ",\n      \"first_response_at\": "...)
		b = c.appendTime(b, v.response)
		b = append(b, ",\n      \"response_seconds\": "...)
		b = appendInt(b, seconds(v.rt))
	} else {
		b = append(b, ",\n      \"first_response_at\": null,\n      \"response_seconds\": null"...)
	}
	if int(v.status) < len(statusJSON) {
		b = append(b, statusJSON[v.status]...)
	} else {
		b = append(b, ",\n      \"status\": \""...)
		b = append(b, v.status.String()...)
		b = append(b, "\",\n      \"late_seconds\": "...)
	}
	// SPEC §7: late_seconds is 0 unless breached.
	if v.status == audit.Breached {
		b = appendInt(b, seconds(v.late))
	} else {
		b = append(b, '0')
	}
	switch {
	case v.unanswered && v.severe:
		b = append(b, ",\n      \"unanswered\": true,\n      \"severe\": true,\n      \"reason\": "...)
	case v.unanswered:
		b = append(b, ",\n      \"unanswered\": true,\n      \"severe\": false,\n      \"reason\": "...)
	case v.severe:
		b = append(b, ",\n      \"unanswered\": false,\n      \"severe\": true,\n      \"reason\": "...)
	default:
		b = append(b, ",\n      \"unanswered\": false,\n      \"severe\": false,\n      \"reason\": "...)
	}
	if len(v.warnings) == 0 {
		if v.reason == "" { // the common end of a ticket in one piece
			return append(b, "\"\",\n      \"warnings\": []\n    }"...)
		}
		b = appendJSONString(b, v.reason)
		return append(b, ",\n      \"warnings\": []\n    }"...)
	}
	b = appendJSONString(b, v.reason)
	b = append(b, ",\n      \"warnings\": ["...)
	sep := "\n        "
	for _, w := range v.warnings {
		b = append(b, sep...)
		b = appendJSONString(b, w)
		sep = ",\n        "
	}
	return append(b, "\n      ]\n    }"...)
}

// statusJSON is the text from the status value to the late_seconds value,
// by audit.Status: audit.Status.String with the text around it in one
// piece.
var statusJSON = func() (s [4]string) {
	for i := range s {
		s[i] = ",\n      \"status\": \"" + audit.Status(i).String() + "\",\n      \"late_seconds\": "
	}
	return s
}()

// appendTime appends t as instant does, as a JSON string: RFC 3339 in UTC,
// the fraction's trailing zeros dropped. It is written by hand for the
// years 0 to 9999 (the engine's are 1900 to 2199): three instants a ticket
// through time.Time.AppendFormat were a quarter of the cost of a ticket.
func (c *jsonText) appendTime(b []byte, t unixTime) []byte {
	sec := t.sec
	day, rem := sec/86400, int(sec%86400)
	if rem < 0 {
		day, rem = day-1, rem+86400
	}
	e := &c.days[day&1]
	if !e.ok || e.day != day {
		d := plans.DateOfDays(day)
		if d.Year < 0 || d.Year > 9999 {
			b = append(b, '"')
			b = time.Unix(t.sec, int64(t.nsec)).UTC().AppendFormat(b, time.RFC3339Nano)
			return append(b, '"')
		}
		y, m, dd := d.Year, int(d.Month), d.Day
		e.day, e.ok = day, true
		e.text = [11]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
			byte('0' + m/10), byte('0' + m%10), '-', byte('0' + dd/10), byte('0' + dd%10), 'T'}
	}
	b = append(b, '"')
	b = append(b, e.text[:]...)
	h, mi, s := rem/3600, rem/60%60, rem%60
	b = append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':', byte('0'+s/10), byte('0'+s%10))
	if ns := t.nsec; ns != 0 {
		var frac [10]byte
		frac[0] = '.'
		for i := 9; i >= 1; i-- {
			frac[i] = byte('0' + ns%10)
			ns /= 10
		}
		n := len(frac)
		for frac[n-1] == '0' {
			n--
		}
		b = append(b, frac[:n]...)
	}
	return append(b, 'Z', '"')
}

// The JSON shapes of SPEC §7, for the parts of a report that encoding/json
// writes.

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
// instead (jsonDoc.rejected).
func rejectedJSON(rs iter.Seq[audit.Rejection], n int) []jsonRejected {
	out := make([]jsonRejected, 0, n)
	for rj := range rs {
		out = append(out, jsonRejected{Source: rj.Source.String(), Field: rj.Field, Error: rj.Reason})
	}
	return out
}

// ticketJSON is one ticket of SPEC §7 as the CSV renderer uses it; the JSON
// renderer writes the same fields by hand (appendTicket).
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
// Four numbers a ticket through strconv were some 7% of the CPU profile of
// `check -o json`.
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
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendJSONContent(b, s)
	return append(b, '"')
}

// plain8 reports whether the eight bytes of x are all plain (jsonPlain):
// none is below 0x20, '"', '\\', DEL or above. (y - ones) &^ y has the high
// bit of a byte set where y has a zero byte (and maybe above it), and
// (x - 0x20 ones) &^ x where x has a byte below 0x20 (and maybe above).
func plain8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q, bs, del := x^(ones*'"'), x^(ones*'\\'), x^(ones*0x7F)
	return ((x-ones*0x20)&^x|(q-ones)&^q|(bs-ones)&^bs|(del-ones)&^del|x)&highs == 0
}

// jsonPlain marks the bytes that stand for themselves in a JSON string: the
// printable ASCII but '"' and '\\'. A table lookup tests a byte in one step.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x7F; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func appendJSONContent(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		// Eight plain bytes at a time: a long value (a customer name of
		// a megabyte) is scanned several times faster than a byte at a
		// time.
		for i+8 <= len(s) && plain8(binary.LittleEndian.Uint64([]byte(s[i:i+8]))) {
			i += 8
		}
		if i == len(s) {
			break
		}
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
		r, size := utf8.DecodeRuneInString(s[i:])
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

// summaryJSON converts the per-plan summary.
func summaryJSON(sums []audit.PlanSummary) []jsonSummary {
	out := make([]jsonSummary, 0, len(sums))
	for _, s := range sums {
		out = append(out, jsonSummary{Plan: s.Plan, jsonTally: tallyJSON(s.Tally)})
	}
	return out
}
