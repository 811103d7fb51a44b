package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/ingest"
	"github.com/slaaudit/slaaudit/audit/sample"
	"github.com/slaaudit/slaaudit/audit/textsafe"
	"github.com/slaaudit/slaaudit/plans"
)

// referenceJSON is the JSON report as encoding/json writes it with every
// ticket in the document: the renderer before tickets were streamed.
func referenceJSON(t *testing.T, r *audit.Result, m Meta) []byte {
	t.Helper()
	var buf bytes.Buffer
	out := jsonCheck{
		SchemaVersion: SchemaVersion,
		AsOf:          instant(r.AsOf),
		Timezone:      r.Plans.Timezone,
		Period:        periodJSON(r),
		Counts:        countsJSON(r.Counts),
		Tickets:       make([]jsonTicket, 0, len(r.Tickets)),
		Rejected:      rejectedJSON(seqOf(r.Rejected.All()), r.Rejected.Len()),
		Summary:       summaryJSON(r.Summary),
		Unknown:       unknownJSON(r),
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
// out-of-period rows, keeping the tickets and also collecting them in a
// JSONTickets.
func sampleAudit(t testing.TB, n int) (*audit.Result, *JSONTickets) {
	var csv bytes.Buffer
	if err := sample.Write(&csv, sample.Options{Tickets: n, Seed: 7, Month: "2026-10", Shape: "rows",
		Format: "csv", Bad: n / 20, Pending: n / 20, Outside: n / 20}); err != nil {
		t.Fatal(err)
	}
	set := plans.Builtin()
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, set.Location)
	jt := NewJSONTickets()
	a := audit.New(audit.Options{Plans: set, AsOf: from.AddDate(0, 1, 0), From: from, To: from.AddDate(0, 1, 0),
		KeepTickets: true, OnVerdict: jt.Add})
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
	return a.Result(), jt
}

// TestJSONMatchesEncodingJSON checks that the hand-written ticket records
// give the bytes encoding/json gives for the same tickets, whether the
// tickets are kept (JSON) or streamed (JSONWithTickets).
func TestJSONMatchesEncodingJSON(t *testing.T) {
	res, jt := sampleAudit(t, 3000)
	if len(res.Tickets) == 0 || res.Rejected.Len() == 0 {
		t.Fatalf("the sample has %d tickets and %d rejected rows; want some of each", len(res.Tickets), res.Rejected.Len())
	}
	// Odd values the sample does not make: escapes, invalid UTF-8, an
	// index position, warnings, fractions and far instants.
	odd := res.Tickets[0]
	odd.Ticket.ID = "a\"b\\c\x00\x1f\n\t\u2028\u2029\xff<>&é"
	odd.Ticket.Customer = ""
	odd.Ticket.Source = audit.Source{File: "x\".json", Index: 7, IsIndex: true}
	odd.Ticket.Submitted = time.Date(2026, 10, 2, 3, 4, 5, 120_000_000, time.FixedZone("", 3600))
	odd.Deadline = time.Date(10400, 1, 1, 0, 0, 0, 1, time.UTC)
	odd.Ticket.Warnings = []string{"w1", "w\"2"}
	odd.Warnings = []string{"w3"}
	zero := odd
	zero.Ticket.Source = audit.Source{File: "stdin"}
	// SPEC §11 targets: a per-priority one (escaped), the same plan's
	// default, and an excluded ticket of that plan (target null).
	tg := res.Tickets[1]
	tg.Target = tg.Plan.Key + "/ur\"gent"
	def := tg
	def.Target = ""
	exc := tg
	exc.Status, exc.Reason, exc.Target = audit.Excluded, "not covered", ""
	res.Tickets = append(res.Tickets, odd, zero, tg, def, exc)
	for i := len(res.Tickets) - 5; i < len(res.Tickets); i++ {
		jt.Add(&res.Tickets[i])
	}

	for _, m := range []Meta{{}, {Accounts: true}} {
		want := referenceJSON(t, res, m)
		var kept, streamed bytes.Buffer
		if err := JSON(&kept, res, m); err != nil {
			t.Fatal(err)
		}
		if err := JSONWithTickets(&streamed, res, m, jt); err != nil {
			t.Fatal(err)
		}
		for name, got := range map[string][]byte{"JSON": kept.Bytes(), "JSONWithTickets": streamed.Bytes()} {
			if !bytes.Equal(got, want) {
				i := 0
				for i < min(len(got), len(want)) && got[i] == want[i] {
					i++
				}
				t.Fatalf("%s differs from encoding/json at byte %d:\ngot  %q\nwant %q", name, i,
					got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
			}
		}
	}
}

func TestJSONNoTickets(t *testing.T) {
	res, _ := sampleAudit(t, 50)
	res.Tickets = nil
	want := referenceJSON(t, res, Meta{})
	var got bytes.Buffer
	if err := JSONWithTickets(&got, res, Meta{}, NewJSONTickets()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("got\n%s\nwant\n%s", got.Bytes(), want)
	}
}

// TestAppendInstant compares the hand-written instant format with
// time.Format on random instants, years 0 to 9999 and beyond.
func TestAppendInstant(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var shared dateCache // hits and evictions across calls
	check := func(sec, nsec int64) {
		t.Helper()
		want := instant(time.Unix(sec, nsec))
		if got := string(appendInstant(nil, sec, nsec)); got != want {
			t.Fatalf("appendInstant(%d, %d) = %q, want %q", sec, nsec, got, want)
		}
		if got := string(shared.appendInstant(nil, sec, nsec)); got != want {
			t.Fatalf("dateCache.appendInstant(%d, %d) = %q, want %q", sec, nsec, got, want)
		}
	}
	for _, s := range []int64{0, -1, 1, -62167219200, -62167219201, 253402300799, 253402300800, 951782400, 4107542400} {
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

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "a\"b\\c", "\x00\x1f\x7f", "\b\f\n\r\t", "\u2028\u2029", "\xff\xfe", "é€😀", "<>&", "\xed\xa0\x80"} {
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
		if got := appendJSONString(nil, []byte(s)); !bytes.Equal(got, w) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, w)
		}
		if got := appendJSONContent(nil, s); !bytes.Equal(got, w[1:len(w)-1]) {
			t.Fatalf("appendJSONContent(%q) = %s, want %s", s, got, w[1:len(w)-1])
		}
	})
}

// TestJSONTicketsChunks checks that the tickets come out the same whatever
// the chunks and the number of workers formatting them, and that a failing
// writer stops the workers.
func TestJSONTicketsChunks(t *testing.T) {
	res, _ := sampleAudit(t, 3000)
	var want bytes.Buffer
	if err := JSON(&want, res, Meta{}); err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{1, 300, 4 << 10, jsonChunkSize} {
		jt := NewJSONTickets()
		jt.chunkSize = size
		for i := range res.Tickets {
			jt.Add(&res.Tickets[i])
		}
		for _, workers := range []int{1, 2, 5} {
			var got bytes.Buffer
			b, err := jt.writeWith(&got, []byte("head"), workers)
			if err != nil {
				t.Fatal(err)
			}
			got.Write(b)
			full := want.Bytes()
			start := bytes.Index(full, []byte("\"tickets\": [")) + len("\"tickets\": [")
			end := bytes.Index(full, []byte("\n  ],\n  \"rejected\""))
			if w := "head" + string(full[start:end]); got.String() != w {
				t.Errorf("chunks of %d bytes, %d workers: the tickets differ from JSON's", size, workers)
			}
			count := &failingWriter{after: -1}
			if _, err := jt.writeWith(count, []byte("head"), workers); err != nil {
				t.Fatal(err)
			}
			for _, after := range []int{0, 1, count.writes - 1} {
				if after < 0 || after >= count.writes {
					continue
				}
				err := errors.New("disk full")
				fw := &failingWriter{after: after, err: err}
				if _, got := jt.writeWith(fw, []byte("head"), workers); !errors.Is(got, err) {
					t.Errorf("chunks of %d bytes, %d workers, failing after %d of %d writes: got error %v, want %v",
						size, workers, after, count.writes, got, err)
				}
			}
		}
	}
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

// TestJSONTicketsAddTargetsAllocate0: recording a ticket held to a
// per-priority target (SPEC §11) costs no allocation once the target is
// known, however many plan versions and targets there are: the record
// holds an index, not the string.
func TestJSONTicketsAddTargetsAllocate0(t *testing.T) {
	res, _ := sampleAudit(t, 50)
	base := res.Tickets[0]
	var vs []audit.Verdict
	for i := range 40 { // more targets than JSONTickets remembers by pointer
		v := base
		v.Target = fmt.Sprintf("%s/p%d", base.Plan.Key, i)
		vs = append(vs, v)
	}
	jt := NewJSONTickets()
	for i := range vs {
		jt.Add(&vs[i]) // learn the targets
	}
	n := 0
	allocs := testing.AllocsPerRun(2000, func() {
		n++
		jt.Add(&vs[n%len(vs)])
	})
	if allocs > 0.05 { // a new 8 KiB chunk every ~270 records
		t.Errorf("Add allocates %.3f times per ticket", allocs)
	}
}
