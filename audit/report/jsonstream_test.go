package report

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/ingest"
	"github.com/slaaudit/slaaudit/audit/sample"
	"github.com/slaaudit/slaaudit/audit/textsafe"
	"github.com/slaaudit/slaaudit/plans"
)

// refCheck is the JSON report of SPEC §7 as one struct, in the order
// JSONStream writes its keys: the oracle that the hand-written document is
// checked against.
type refCheck struct {
	SchemaVersion int              `json:"schema_version"`
	Tickets       []jsonTicket     `json:"tickets"`
	AsOf          string           `json:"as_of"`
	Timezone      string           `json:"timezone"`
	Period        jsonPeriod       `json:"period"`
	Counts        jsonCounts       `json:"counts"`
	Rejected      []jsonRejected   `json:"rejected"`
	Summary       []jsonSummary    `json:"summary"`
	Unknown       *jsonUnknown     `json:"unknown_priorities,omitempty"`
	Breakdowns    []jsonBreakdown  `json:"breakdowns,omitempty"`
	DueSoon       []jsonDue        `json:"due_soon,omitzero"`
	Credits       []jsonCredit     `json:"credits,omitzero"`
	CreditTotals  []jsonTotal      `json:"credit_totals,omitzero"`
	NotInAccounts []string         `json:"not_in_accounts,omitzero"`
	Inputs        []jsonInput      `json:"inputs,omitzero"`
	Excluded      []jsonValueCount `json:"excluded_channels,omitzero"`
}

// referenceJSON is the JSON report as encoding/json writes it with every
// ticket in the document.
func referenceJSON(t *testing.T, r *audit.Result, m Meta) []byte {
	t.Helper()
	var buf bytes.Buffer
	out := refCheck{
		SchemaVersion: SchemaVersion,
		Tickets:       make([]jsonTicket, 0, len(r.Tickets)),
		AsOf:          instant(r.AsOf),
		Timezone:      r.Plans.Timezone,
		Period:        periodJSON(r),
		Counts:        countsJSON(r.Counts),
		Rejected:      rejectedJSON(seqOf(r.Rejected.All()), r.Rejected.Len()),
		Summary:       summaryJSON(r.Summary),
		Unknown:       unknownJSON(r),
		Breakdowns:    breakdownsJSON(r),
		DueSoon:       dueSoonJSON(r, m),
		Inputs:        inputsJSON(m),
		Excluded:      excludedJSON(m),
	}
	for i := range r.Tickets {
		out.Tickets = append(out.Tickets, ticketJSON(&r.Tickets[i]))
	}
	if m.Accounts {
		out.Credits = creditsJSON(r, false)
		out.CreditTotals = totalsJSON(r)
		out.NotInAccounts = append([]string{}, r.NotInAccounts...)
	}
	if err := encode(&buf, out); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sampleAudit audits a generated export of n tickets with bad, pending and
// out-of-period rows, keeping the tickets.
func sampleAudit(t testing.TB, n int) *audit.Result { return sampleAuditWith(t, n, audit.Reports{}) }

// sampleAuditWith is sampleAudit with the reports of rep (breakdowns, due
// soon).
func sampleAuditWith(t testing.TB, n int, rep audit.Reports) *audit.Result {
	var csv bytes.Buffer
	if err := sample.Write(&csv, sample.Options{Tickets: n, Seed: 7, Month: "2026-10", Shape: "rows",
		Format: "csv", Bad: n / 20, Pending: n / 20, Outside: n / 20}); err != nil {
		t.Fatal(err)
	}
	set := plans.Builtin()
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, set.Location)
	a := audit.New(audit.Options{Plans: set, AsOf: from.AddDate(0, 1, 0), From: from, To: from.AddDate(0, 1, 0),
		KeepTickets: true, Reports: rep})
	r, err := ingest.NewReader(&csv, "export.csv", ingest.Options{InputTZ: set.Location})
	if err != nil {
		t.Fatal(err)
	}
	var tk audit.Ticket
	for r.Scan(&tk) {
		if rej := r.Rejection(); rej != nil {
			a.Reject(*rej)
		} else {
			a.Audit(&tk)
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return a.Result()
}

// streamJSON writes the JSON report of r through a JSONStream, as
// `check -o json` does: each ticket as the audit hands it over.
func streamJSON(w io.Writer, r *audit.Result, m Meta) error {
	s := NewJSONStream(w)
	for i := range r.Tickets {
		v := r.Tickets[i] // a copy: Add must not keep it
		s.Add(&v)
	}
	return s.Close(r, m)
}

// firstDiff fails t with the first byte where got and want differ.
func firstDiff(t *testing.T, name string, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	i := 0
	for i < min(len(got), len(want)) && got[i] == want[i] {
		i++
	}
	t.Fatalf("%s differs from encoding/json at byte %d:\ngot  %q\nwant %q", name, i,
		got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
}

// TestJSONMatchesEncodingJSON checks that the hand-written tickets and
// document give the bytes encoding/json gives for the same report, whether
// the tickets are kept (JSON) or streamed (JSONStream), and with every
// optional key.
func TestJSONMatchesEncodingJSON(t *testing.T) {
	res := sampleAuditWith(t, 3000, audit.Reports{By: []audit.Dimension{audit.ByCustomer, audit.ByDay},
		DueSoon: true, DueWithin: 24 * time.Hour})
	if len(res.Tickets) == 0 || res.Rejected.Len() == 0 {
		t.Fatalf("the sample has %d tickets and %d rejected rows; want some of each", len(res.Tickets), res.Rejected.Len())
	}
	if len(res.Breakdowns) == 0 || len(res.DueSoon.Verdicts) == 0 {
		t.Fatalf("the sample has %d breakdowns and %d tickets due soon; want some", len(res.Breakdowns), len(res.DueSoon.Verdicts))
	}
	// Odd values the sample does not make: escapes, invalid UTF-8, an
	// index position, warnings, fractions and far instants.
	odd := res.Tickets[0]
	odd.Ticket.ID = "a\"b\\c\x00\x1f\n\t\u2028\u2029\xff<>&é\x7f\u009b\u202e"
	odd.Ticket.Customer = ""
	odd.Ticket.Source = audit.Source{File: "x\".json\x1b", Index: 7, IsIndex: true}
	odd.Ticket.Submitted = time.Date(2026, 10, 2, 3, 4, 5, 120_000_000, time.FixedZone("", 3600))
	odd.Deadline = time.Date(10400, 1, 1, 0, 0, 0, 1, time.UTC)
	odd.Ticket.Warnings = []string{"w1", "w\"2"}
	odd.Warnings = []string{"w3"}
	zero := odd
	zero.Ticket.Source = audit.Source{File: "stdin"}
	onlyVerdictWarning := res.Tickets[2]
	onlyVerdictWarning.Warnings = []string{"late \u202e"}
	// SPEC §11 targets: a per-priority one (escaped), the same plan's
	// default, and an excluded ticket of that plan (target null).
	tg := res.Tickets[1]
	tg.Target = tg.Plan.Key + "/ur\"gent"
	def := tg
	def.Target = ""
	exc := tg
	exc.Status, exc.Reason, exc.Target = audit.Excluded, "not covered", ""
	res.Tickets = append(res.Tickets, odd, zero, onlyVerdictWarning, tg, def, exc)

	withAll := Meta{Accounts: true, DueSoon: true,
		Read:             []Input{{Path: "export\x1b.csv", Format: "csv", Delimiter: ",", Shape: "rows", Columns: []Column{{Field: "id", Source: "Id"}}}},
		ExcludedChannels: []ValueCount{{Value: "chat", Tickets: 2}}}
	for _, m := range []Meta{{}, {Accounts: true}, withAll} {
		want := referenceJSON(t, res, m)
		var kept, streamed bytes.Buffer
		if err := JSON(&kept, res, m); err != nil {
			t.Fatal(err)
		}
		if err := streamJSON(&streamed, res, m); err != nil {
			t.Fatal(err)
		}
		firstDiff(t, "JSON", kept.Bytes(), want)
		firstDiff(t, "JSONStream", streamed.Bytes(), want)
		if !json.Valid(kept.Bytes()) {
			t.Fatal("the report is not valid JSON")
		}
	}
}

func TestJSONNoTickets(t *testing.T) {
	res := sampleAudit(t, 50)
	res.Tickets = nil
	want := referenceJSON(t, res, Meta{})
	var got bytes.Buffer
	if err := JSON(&got, res, Meta{}); err != nil {
		t.Fatal(err)
	}
	firstDiff(t, "JSON", got.Bytes(), want)
}

// TestJSONStreamWritesAsItGoes: the tickets reach the writer while the
// audit runs, in bounded pieces, before Close (all but the last two
// batches at most are written); and until Close the writer holds no
// complete document (a failed run never leaves one that parses).
func TestJSONStreamWritesAsItGoes(t *testing.T) {
	res := sampleAudit(t, 3000)
	w := &maxWriter{}
	s := NewJSONStream(w)
	for i := range res.Tickets {
		s.Add(&res.Tickets[i])
	}
	out := w.bytes()
	if min := (len(res.Tickets)-2*jsonBatch)*400 - 2*jsonFlushSize; len(out) < min {
		t.Fatalf("after %d tickets %d bytes were written; want at least %d, written as they come", len(res.Tickets), len(out), min)
	}
	if !bytes.HasPrefix(out, []byte("{\n  \"schema_version\": 1,\n  \"tickets\": [\n")) {
		t.Fatalf("the report starts %q; want schema_version first, then the tickets", out[:60])
	}
	if json.Valid(out) {
		t.Fatal("before Close the output is a complete JSON document")
	}
	if err := s.Close(res, Meta{}); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(w.bytes()) {
		t.Fatal("after Close the output is not valid JSON")
	}
	if w.max > 2*jsonFlushSize {
		t.Errorf("a write of %d bytes; want at most %d", w.max, 2*jsonFlushSize)
	}
}

// maxWriter keeps what is written and the size of the largest write; it
// may be read while a JSONStream formats.
type maxWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (m *maxWriter) Write(p []byte) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.max = max(m.max, len(p))
	return m.buf.Write(p)
}

func (m *maxWriter) bytes() []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return bytes.Clone(m.buf.Bytes())
}

// TestJSONStreamKeepsNoTicket is the regression test for `check -o json`
// keeping every ticket's strings until the end (3,000 rows of 1 MiB
// customer names peaked at 2.2 GB): the heap a JSONStream holds after many
// tickets with large, distinct values is its buffer, not their sum.
func TestJSONStreamKeepsNoTicket(t *testing.T) {
	res := sampleAudit(t, 50)
	const tickets, size = 200, 256 << 10 // 50 MiB of customer names
	s := NewJSONStream(io.Discard)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range tickets {
		v := res.Tickets[i%len(res.Tickets)]
		// Distinct values, built afresh: a stream that kept them, or
		// interned them, would hold all 50 MiB.
		v.Ticket.Customer = strings.Repeat(string(rune('a'+i%26)), size-8) + fmt.Sprintf("%08d", i)
		v.Ticket.ID = fmt.Sprintf("%d-%s", i, strings.Repeat("x", 1000))
		v.Reason = fmt.Sprintf("reason %d", i)
		s.Add(&v)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	kept := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	runtime.KeepAlive(s)
	// The batches of copied verdicts waiting to be formatted, and the
	// buffer: jsonFlushSize plus one ticket, grown by append.
	batches := jsonBatchesInFlight * (jsonBatchBytes + jsonBatch*int(unsafe.Sizeof(audit.Verdict{})))
	if limit := int64(batches + 4*(jsonFlushSize+size)); kept > limit {
		t.Errorf("the stream holds %d bytes after %d tickets of %d-byte customers; want at most %d (nothing per ticket)",
			kept, tickets, size, limit)
	}
	if err := s.Close(res, Meta{}); err != nil {
		t.Fatal(err)
	}
}

// TestJSONStreamWriteError: a failing writer stops the stream, whenever it
// fails, and Close reports the error.
func TestJSONStreamWriteError(t *testing.T) {
	res := sampleAudit(t, 3000)
	count := &failingWriter{after: -1}
	if err := streamJSON(count, res, Meta{}); err != nil {
		t.Fatal(err)
	}
	if count.writes < 3 {
		t.Fatalf("the report took %d writes; want several", count.writes)
	}
	for _, after := range []int{0, 1, count.writes - 1} {
		err := errors.New("disk full")
		fw := &failingWriter{after: after, err: err}
		if got := streamJSON(fw, res, Meta{}); !errors.Is(got, err) {
			t.Errorf("failing after %d of %d writes: got error %v, want %v", after, count.writes, got, err)
		}
		if fw.writes != after {
			t.Errorf("failing after %d writes: %d writes succeeded; want the stream to stop", after, fw.writes)
		}
	}
	fw := &failingWriter{after: 0, err: errors.New("disk full")}
	if got := CreditsJSON(fw, res, Meta{}); !errors.Is(got, fw.err) {
		t.Errorf("CreditsJSON: got error %v, want %v", got, fw.err)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "0123456789abcdef\u202eghijklmnop\"qrstuvwx\x1b", "a\"b\\c", "\x00\x1f\x7f", "\b\f\n\r\t", "\u2028\u2029", "\xff\xfe", "é€😀", "<>&", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		// What encode writes: encoding/json, then textsafe.AppendJSON.
		w := textsafe.AppendJSON(nil, bytes.TrimSuffix(want.Bytes(), []byte("\n")))
		if got := appendJSONString(nil, s); !bytes.Equal(got, w) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, w)
		}
		if got := appendJSONContent(nil, s); !bytes.Equal(got, w[1:len(w)-1]) {
			t.Fatalf("appendJSONContent(%q) = %s, want %s", s, got, w[1:len(w)-1])
		}
	})
}

// failingWriter fails every write after the first after ones (never when
// after is negative), and counts the writes that succeed.
type failingWriter struct {
	after, writes int
	err           error
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after >= 0 && w.writes == w.after {
		return 0, w.err
	}
	w.writes++
	return len(p), nil
}

// TestAppendTime compares the hand-written instant format with
// instant (time.Format) on random instants of the years 0 to 9999 and
// beyond, in UTC and other zones, with and without fractions.
func TestAppendTime(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	zones := []*time.Location{time.UTC, time.FixedZone("", -7*3600), time.FixedZone("", 5*3600+45*60)}
	var shared jsonText // hits and evictions across calls
	check := func(sec, nsec int64) {
		t.Helper()
		for _, z := range zones {
			tm := time.Unix(sec, nsec).In(z)
			want := `"` + instant(tm) + `"`
			var fresh jsonText
			if got := string(fresh.appendTime(nil, unixTimeOf(tm))); got != want {
				t.Fatalf("appendTime(%d, %d in %v) = %s, want %s", sec, nsec, z, got, want)
			}
			if got := string(shared.appendTime(nil, unixTimeOf(tm))); got != want {
				t.Fatalf("appendTime(%d, %d in %v), cached days = %s, want %s", sec, nsec, z, got, want)
			}
		}
	}
	for _, s := range []int64{0, -1, 1, 86399, 86400, -86400, -62167219200, -62167219201, 253402300799, 253402300800, 951782400, 4107542400} {
		check(s, 0)
		check(s, 1)
		check(s, 999_999_999)
	}
	for i := range 20_000 {
		sec := r.Int64N(253402300800+62167219200+1e9) - 62167219200 - 5e8
		if i%2 == 0 {
			sec = 1790000000 + r.Int64N(10*86400) // few days: cache hits
		}
		nsec := int64(0)
		switch r.IntN(3) {
		case 1:
			nsec = r.Int64N(1e9)
		case 2:
			nsec = r.Int64N(1000) * 1e6
		}
		check(sec, nsec)
	}
}

// TestAppendInt compares appendInt with strconv.AppendInt around every
// power of ten, at the extremes, and on random numbers, appending to a
// buffer with and without room.
func TestAppendInt(t *testing.T) {
	vals := []int64{0, 1, 9, -1, -10, math.MaxInt64, math.MinInt64}
	for p := int64(10); p > 0 && p <= math.MaxInt64/10*10; p *= 10 {
		vals = append(vals, p-1, p, p+1)
		if p > math.MaxInt64/10 {
			break
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 10_000 {
		vals = append(vals, r.Int64()>>r.IntN(63))
	}
	for _, v := range vals {
		for _, b := range [][]byte{nil, []byte("x"), make([]byte, 2, 64)} {
			want := strconv.AppendInt(append([]byte(nil), b...), v, 10)
			if got := appendInt(append([]byte(nil), b...), v); !bytes.Equal(got, want) {
				t.Fatalf("appendInt(%q, %d) = %q, want %q", b, v, got, want)
			}
			if got := appendInt(append(make([]byte, 0, 64), b...), v); !bytes.Equal(got, want) {
				t.Fatalf("appendInt(%q with room, %d) = %q, want %q", b, v, got, want)
			}
		}
	}
}

// TestPlain8 compares plain8 with jsonPlain on every byte in every
// position, next to plain bytes and to others.
func TestPlain8(t *testing.T) {
	for c := range 256 {
		for pos := range 8 {
			for _, fill := range []byte{'a', '~', ' ', 0x80, '"'} {
				var w [8]byte
				for i := range w {
					w[i] = fill
				}
				w[pos] = byte(c)
				want := true
				for _, x := range w {
					want = want && jsonPlain[x]
				}
				if got := plain8(binary.LittleEndian.Uint64(w[:])); got != want {
					t.Fatalf("plain8(%q) = %v, want %v", w, got, want)
				}
			}
		}
	}
}

// A failed audit never reaches Close: Abort must stop the formatting
// goroutine (a command run in-process would otherwise leak one per failed
// JSON run), write nothing more, and be safe to call twice or after Close.
func TestJSONStreamAbortStopsFormatter(t *testing.T) {
	res := sampleAudit(t, 50)
	var out bytes.Buffer
	s := NewJSONStream(&out)
	for i := range 3 * jsonBatch {
		s.Add(&res.Tickets[i%len(res.Tickets)])
	}
	// The stream's own formatter, not the process's goroutine count: a
	// goroutine of an earlier test that ends meanwhile made the count
	// say the formatter never started (it failed so in CI).
	if s.done == nil {
		t.Fatalf("%d tickets did not start the formatter; the test proves nothing", 3*jsonBatch)
	}
	s.Abort()
	written := out.Len()
	s.Abort()
	// The formatter closes done on its way out.
	select {
	case <-s.done:
	case <-time.After(2 * time.Second):
		t.Error("the formatter still runs 2 s after Abort")
	}
	if bytes.Contains(out.Bytes(), []byte(`"counts"`)) || out.Len() != written {
		t.Errorf("Abort wrote the end of the document (%d bytes, %q…)", out.Len(), tail(out.Bytes()))
	}

	closed := NewJSONStream(io.Discard)
	if err := closed.Close(res, Meta{}); err != nil {
		t.Fatal(err)
	}
	closed.Abort()
}

func tail(b []byte) []byte { return b[max(0, len(b)-40):] }
