package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"pgregory.net/rapid"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/sample"
	"github.com/slaaudit/slaaudit/plans"
)

const histHeader = "ticket_id,at,event,actor,public,customer,plan,channel,priority\n"

func TestHistoryRules(t *testing.T) {
	tests := []struct {
		name  string
		input string // after histHeader
		want  []string
	}{
		{
			name: "a note and an auto-reply before the first agent reply are skipped",
			input: "7,2026-10-02T17:30:00Z,created,customer,true,acme,premium,email,high\n" +
				"7,2026-10-02T17:30:05Z,reply,system,true,,,,\n" +
				"7,2026-10-02T17:40:00Z,note,agent,false,,,,\n" +
				"7,2026-10-02T18:45:00Z,reply,agent,true,,,,\n",
			want: []string{"history.csv:2 id=7 customer=acme plan=premium channel=email priority=high submitted=2026-10-02T17:30:00Z response=2026-10-02T18:45:00Z"},
		},
		{
			name: "a customer follow-up is not a response",
			input: "7,2026-10-02T17:30:00Z,created,customer,true,acme,premium,,\n" +
				"7,2026-10-02T17:50:00Z,reply,customer,true,,,,\n",
			want: []string{"history.csv:2 id=7 customer=acme plan=premium submitted=2026-10-02T17:30:00Z"},
		},
		{
			name: "an internal agent reply is not a response",
			input: "7,2026-10-02T17:30:00Z,created,customer,true,acme,premium,,\n" +
				"7,2026-10-02T17:50:00Z,reply,agent,false,,,,\n" +
				"7,2026-10-02T19:00:00Z,reply,Agent,YES,,,,\n",
			want: []string{"history.csv:2 id=7 customer=acme plan=premium submitted=2026-10-02T17:30:00Z response=2026-10-02T19:00:00Z"},
		},
		{
			name: "a reply at the instant of created counts",
			input: "7,2026-10-02T10:30:00-07:00,created,customer,true,acme,premium,,\n" +
				"7,2026-10-02T17:30:00Z,reply,agent,,,,,\n",
			want: []string{"history.csv:2 id=7 customer=acme plan=premium submitted=2026-10-02T17:30:00Z response=2026-10-02T17:30:00Z"},
		},
		{
			name: "events in any order; tickets in order of first appearance; fields on any row",
			input: "8,2026-10-02T19:00:00Z,reply,agent,true,,,,\n" +
				"7,2026-10-02T18:00:00Z,reply,agent,true,,,phone,\n" +
				"7,2026-10-02T17:45:00Z,reply,agent,true,acme,,,\n" +
				"8,2026-10-02T18:00:00Z,created,customer,true,globex,standard,,\n" +
				"7,2026-10-02T17:30:00Z,created,customer,true,,premium,,\n",
			want: []string{
				"history.csv:5 id=8 customer=globex plan=standard submitted=2026-10-02T18:00:00Z response=2026-10-02T19:00:00Z",
				"history.csv:6 id=7 customer=acme plan=premium channel=phone submitted=2026-10-02T17:30:00Z response=2026-10-02T17:45:00Z",
			},
		},
		{
			name: "a reply before created",
			input: "7,2026-10-02T17:00:00Z,reply,customer,true,,,,\n" +
				"7,2026-10-02T17:30:00Z,created,customer,true,acme,premium,,\n",
			want: []string{"REJECT history.csv:2: at: reply at 2026-10-02T17:00:00Z is before created at history.csv:3 (2026-10-02T17:30:00Z)"},
		},
		{
			name: "a second created",
			input: "7,2026-10-02T17:30:00Z,created,customer,true,acme,premium,,\n" +
				"7,2026-10-02T17:35:00Z,created,customer,true,,,,\n",
			want: []string{"REJECT history.csv:3: event: second created event; the first is at history.csv:2 (2026-10-02T17:30:00Z)"},
		},
		{
			name:  "no created event",
			input: "7,2026-10-02T17:40:00Z,note,agent,false,acme,,,\n7,2026-10-02T17:45:00Z,reply,agent,true,,,,\n",
			want:  []string{"REJECT history.csv:2: event: ticket 7 has no created event"},
		},
		{
			name: "conflicting fields",
			input: "7,2026-10-02T17:30:00Z,created,customer,true,acme,premium,,\n" +
				"7,2026-10-02T17:45:00Z,reply,agent,true,globex,,,\n",
			want: []string{`REJECT history.csv:3: customer: "globex" conflicts with "acme" at history.csv:2`},
		},
		{
			name: "an event row without a ticket id is a rejection of its own, met first",
			input: "7,2026-10-02T17:30:00Z,created,customer,true,acme,premium,,\n" +
				" ,2026-10-02T17:45:00Z,reply,agent,true,,,,\n",
			want: []string{
				"REJECT history.csv:3: ticket_id: missing ticket_id",
				"history.csv:2 id=7 customer=acme plan=premium submitted=2026-10-02T17:30:00Z",
			},
		},
		{
			name: "a bad at rejects its ticket, at that row",
			input: "7,2026-10-02T17:30:00Z,created,customer,true,acme,premium,,\n" +
				"7,soon,status,agent,false,,,,\n" +
				"7,2026-10-02T17:45:00Z,reply,agent,true,,,,\n",
			want: []string{`REJECT history.csv:3: at: "soon" is not a time`},
		},
		{
			name:  "a zone-less at without --input-tz",
			input: "7,2026-10-02 10:30,created,customer,true,acme,premium,,\n",
			want:  []string{`REJECT history.csv:2: at: "2026-10-02 10:30" has no time zone; pass --input-tz (for example --input-tz America/Los_Angeles)`},
		},
		{
			name:  "a bad public",
			input: "7,2026-10-02T17:30:00Z,created,customer,maybe,acme,premium,,\n",
			want:  []string{`REJECT history.csv:2: public: "maybe" is not true or false`},
		},
		{
			name:  "a missing event",
			input: "7,2026-10-02T17:30:00Z,,customer,true,acme,premium,,\n",
			want:  []string{`REJECT history.csv:2: event: missing event`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, histHeader+tt.input, "history.csv", Options{})
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestHistoryTrail(t *testing.T) {
	input := histHeader +
		"7,2026-10-02T18:45:00Z,reply,agent,true,,,,\n" +
		"7,2026-10-02T17:30:00Z,created,customer,true,acme,premium,email,high\n" +
		"7,2026-10-02T17:30:05Z,reply,system,true,,,,\n" +
		"7,2026-10-02T17:40:00Z,note,agent,false,,,,\n" +
		"7,2026-10-02T17:50:00Z,reply,customer,true,,,,\n" +
		"7,2026-10-02T17:55:00Z,reply,agent,false,,,,\n" +
		"7,2026-10-02T19:00:00Z,reply,agent,true,,,,\n" +
		"7,2026-10-02T19:30:00Z,status,agent,false,,,,\n"
	r, err := NewReader(strings.NewReader(input), "history.csv", Options{Trail: true})
	if err != nil {
		t.Fatal(err)
	}
	var tk audit.Ticket
	if err := r.next(&tk); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"history.csv:3 2026-10-02T17:30:00Z created by customer: submitted_at",
		"history.csv:4 2026-10-02T17:30:05Z reply by system (public): skipped, automatic reply",
		"history.csv:5 2026-10-02T17:40:00Z note by agent (internal): skipped, internal note",
		"history.csv:6 2026-10-02T17:50:00Z reply by customer (public): skipped, customer comment",
		"history.csv:7 2026-10-02T17:55:00Z reply by agent (internal): skipped, internal reply",
		"history.csv:2 2026-10-02T18:45:00Z reply by agent (public): first response",
		"history.csv:8 2026-10-02T19:00:00Z reply by agent (public): skipped, after the first response",
		"history.csv:9 2026-10-02T19:30:00Z status by agent: skipped, status is not a reply",
	}
	if !slices.Equal(tk.Trail, want) {
		t.Errorf("trail\n%s\nwant\n%s", strings.Join(tk.Trail, "\n"), strings.Join(want, "\n"))
	}
	if err := r.next(&tk); err != io.EOF {
		t.Fatalf("second Next: %v, want io.EOF", err)
	}
	if got := r.Events(); got != 8 {
		t.Errorf("Events() = %d, want 8", got)
	}

	// Without Trail, nothing is kept per event.
	r, _ = NewReader(strings.NewReader(input), "history.csv", Options{})
	if err := r.next(&tk); err != nil || tk.Trail != nil {
		t.Errorf("without Trail: err %v, trail %q; want nil, nil", err, tk.Trail)
	}
}

func TestHistoryFormatsAndShape(t *testing.T) {
	la := mustZone(t, "America/Los_Angeles")
	const want = "id=7 customer=acme plan=premium submitted=2026-10-02T17:30:00Z response=2026-10-02T18:45:00Z"
	runReadCases(t, "", []readCase{
		{
			name: "NDJSON, booleans and a JSON number id", file: "h.ndjson",
			input: `{"ticket_id":7,"at":"2026-10-02T17:30:00Z","event":"created","actor":"customer","public":true,"customer":"acme","plan":"premium"}` + "\n" +
				`{"ticket_id":"7","at":"2026-10-02T17:31:00Z","event":"note","actor":"agent","public":false}` + "\n\n" +
				`{"ticket_id":"7","at":"2026-10-02 11:45","event":"reply","actor":"agent","public":true}` + "\n",
			opts: Options{InputTZ: la},
			want: []string{"h.ndjson:1 " + want},
		},
		{
			name: "a JSON array, detected by content", file: "-",
			input: `[{"Ticket ID":"7","At":"2026-10-02T18:45:00Z","Event":"reply","Actor":"agent"},` +
				`{"Ticket ID":"7","At":"2026-10-02T17:30:00Z","Event":"created","Customer":"acme","Plan":"premium"}, 3]`,
			want: []string{"REJECT -:#2: a number is not an event object", "-:#1 " + want},
		},
		{
			name: "--shape rows on a history", file: "h.csv",
			input: histHeader, opts: Options{Shape: ShapeRows},
			want: []string{`ERROR h.csv:1: no submitted_at column (looked for "submitted_at", "created_at", "created", "opened_at"; the header has "ticket_id", "at", "event", "actor", "public", "customer", "plan", "channel", "priority")`},
		},
		{
			name: "--shape history on ticket rows", file: "h.csv",
			input: "id,submitted_at\n1,2026-10-02T17:30:00Z\n", opts: Options{Shape: ShapeHistory},
			want: []string{"ERROR h.csv:1: no at column in the history header"},
		},
		{
			name: "ticket rows are not detected as a history", file: "h.csv",
			input: "id,submitted_at,event\n1,2026-10-02T17:30:00Z,x\n",
			want:  []string{"h.csv:2 id=1 submitted=2026-10-02T17:30:00Z"},
		},
		{
			name: "a bad --shape", file: "h.csv", input: histHeader, opts: Options{Shape: "events"},
			want: []string{`ERROR --shape: "events": unknown shape (want rows, history)`},
		},
	})
}

// auditVerdicts audits every ticket of data as of asOf and describes each
// verdict and rejection by ticket id, leaving positions out.
func auditVerdicts(t testing.TB, data []byte, name string, asOf time.Time) (map[string]string, audit.Counts) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data), name, Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	a := audit.New(audit.Options{Plans: plans.Builtin(), AsOf: asOf, OnVerdict: func(v *audit.Verdict) {
		out[v.Ticket.ID] = strings.Join([]string{v.Status.String(), v.Deadline.UTC().String(), v.Late.String(),
			v.Ticket.FirstResponse.UTC().String(), v.Ticket.Channel}, " ")
	}})
	var tk audit.Ticket
	for {
		err := r.next(&tk)
		var rej *audit.Rejection
		switch {
		case err == nil:
			a.Audit(&tk)
			continue
		case errors.As(err, &rej):
			out[rej.ID] = "rejected " + rej.Field
			a.Reject(*rej)
			continue
		case err != io.EOF:
			t.Fatal(err)
		}
		break
	}
	a.AddEvents(r.Events())
	return out, a.Result().Counts
}

// TestHistoryShuffled checks SPEC §6 "any order": shuffled events give the
// same verdicts as the sample's time-sorted ones.
func TestHistoryShuffled(t *testing.T) {
	var buf bytes.Buffer
	err := sample.Write(&buf, sample.Options{Tickets: 300, Seed: 7, Month: "2026-10", Shape: sample.ShapeHistory, Pending: 5, Outside: 5})
	if err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC)
	want, wantCounts := auditVerdicts(t, buf.Bytes(), "sorted.csv", asOf)
	if len(want) != 300 {
		t.Fatalf("%d verdicts from the sorted sample, want 300", len(want))
	}
	lines := strings.SplitAfter(buf.String(), "\n")
	header, events := lines[0], lines[1:]
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 1))
		rng.Shuffle(len(events), func(i, j int) { events[i], events[j] = events[j], events[i] })
		got, gotCounts := auditVerdicts(t, []byte(header+strings.Join(events, "")), "shuffled.csv", asOf)
		for id, w := range want {
			if got[id] != w {
				t.Errorf("seed %d: ticket %s: got %q, want %q", seed, id, got[id], w)
			}
		}
		if gotCounts != wantCounts {
			t.Errorf("seed %d: counts %+v, want %+v", seed, gotCounts, wantCounts)
		}
	}
	if wantCounts.Events != len(events)-1 || wantCounts.Rows != 300 || !wantCounts.Balanced() {
		t.Errorf("counts %+v: want 300 rows, %d events, balanced", wantCounts, len(events)-1)
	}
}

// ticketFacts describes what a verdict depends on, leaving out the
// position, which differs between the shapes.
func ticketFacts(t *audit.Ticket) string {
	return strings.Join([]string{t.ID, t.Customer, t.Plan, t.Channel, t.Priority,
		t.Submitted.UTC().Format(time.RFC3339Nano), t.FirstResponse.UTC().Format(time.RFC3339Nano)}, " ")
}

func readFacts(t interface{ Fatalf(string, ...any) }, data []byte, name string) []string {
	r, err := NewReader(bytes.NewReader(data), name, Options{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []string
	var tk audit.Ticket
	for {
		err := r.next(&tk)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, ticketFacts(&tk))
	}
}

// TestHistoryFileMatchesRows compares testdata/history-2026-10.csv with the
// ticket rows the sample writes for the same options.
func TestHistoryFileMatchesRows(t *testing.T) {
	hist, err := os.ReadFile("../../testdata/history-2026-10.csv")
	if err != nil {
		t.Fatal(err)
	}
	var rows bytes.Buffer
	if err := sample.Write(&rows, sample.Options{Tickets: 50, Seed: 1, Month: "2026-10", Pending: 2, Outside: 2}); err != nil {
		t.Fatal(err)
	}
	got, want := readFacts(t, hist, "history.csv"), readFacts(t, rows.Bytes(), "rows.csv")
	slices.Sort(got)
	slices.Sort(want)
	if len(want) != 50 || !slices.Equal(got, want) {
		t.Errorf("history gives\n%s\nrows give\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestHistoryAgreesWithRowsProperty: for any seed, ticket count and
// format, the history the sample writes and its ticket rows give the same
// tickets.
func TestHistoryAgreesWithRowsProperty(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(0, 120).Draw(rt, "tickets")
		o := sample.Options{
			Tickets: n,
			Seed:    rapid.Uint64().Draw(rt, "seed"),
			Month:   rapid.SampledFrom([]string{"2026-10", "2026-03", "2026-11"}).Draw(rt, "month"),
			Format:  rapid.SampledFrom([]string{sample.FormatCSV, sample.FormatNDJSON, sample.FormatJSON}).Draw(rt, "format"),
		}
		o.Pending = rapid.IntRange(0, n/4).Draw(rt, "pending")
		o.Outside = rapid.IntRange(0, n/4).Draw(rt, "outside")
		var rows, hist bytes.Buffer
		if err := sample.Write(&rows, o); err != nil {
			rt.Fatal(err)
		}
		o.Shape = sample.ShapeHistory
		if err := sample.Write(&hist, o); err != nil {
			rt.Fatal(err)
		}
		// A history comes out in order of first events, which the sample
		// sorts by time within chunks; compare the tickets, not the order.
		name := "x." + o.Format
		got, want := readFacts(rt, hist.Bytes(), name), readFacts(rt, rows.Bytes(), name)
		slices.Sort(got)
		slices.Sort(want)
		if len(want) != n || !slices.Equal(got, want) {
			rt.Fatalf("history gives\n%s\nrows give\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

// SPEC §12 (issue 13): explain keeps only the events of the ticket it
// explains, not every event of every ticket.
func TestTrailForKeepsOneTicketsEvents(t *testing.T) {
	input := "ticket_id,at,event,actor,public\n" +
		"1,2026-10-02T17:30:00Z,created,customer,\n1,2026-10-02T17:40:00Z,reply,agent,true\n" +
		"2,2026-10-02T17:30:00Z,created,customer,\n2,2026-10-02T17:50:00Z,reply,agent,true\n"
	r, err := NewReader(strings.NewReader(input), "h.csv", Options{Trail: true, TrailFor: "2"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		var tk audit.Ticket
		if err := r.next(&tk); err != nil {
			break
		}
		got = append(got, tk.ID+":"+strconv.Itoa(len(tk.Trail)))
	}
	if want := []string{"1:0", "2:2"}; !slices.Equal(got, want) {
		t.Errorf("trail lines per ticket %q, want %q", got, want)
	}
}

// Issue 13 and SPEC §12: a history cost ~650 bytes per ticket until the
// end of the input (3M one-event tickets: 2 GB), then 227 with a Go map of
// structs (8-character ids). It must cost no more than ~100 bytes a ticket
// beyond its rows: the 64-byte state, the id in the arena and the slots.
func TestHistoryStateIsCompact(t *testing.T) {
	if got := unsafe.Sizeof(ticketState{}); got != 64 {
		t.Errorf("ticketState is %d bytes, want 64", got)
	}
	if testing.Short() {
		t.Skip("measures the heap")
	}
	var b strings.Builder
	b.WriteString("ticket_id,at,event,actor,customer,plan,channel\n")
	const n = 100000
	for i := range n {
		// The fields on the first row, as in most exports; an offset, as
		// in the sample's histories.
		fmt.Fprintf(&b, "T%07d,2026-10-02T10:30:00-07:00,created,customer,cust%d,premium,email\n", i, i%5000)
	}
	r, err := NewReader(strings.NewReader(b.String()), "h.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	h := r.hist
	for e, err := h.nextEvent(); err == nil; e, err = h.nextEvent() {
		if _, err := h.fold(e); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if h.tickets.n != n {
		t.Fatalf("%d tickets, want %d", h.tickets.n, n)
	}
	perTicket := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / n
	t.Logf("%.1f bytes per ticket", perTicket)
	if perTicket > 100 {
		t.Errorf("a history keeps %.0f bytes per ticket, want at most 100", perTicket)
	}
	runtime.KeepAlive(h)
}

// The compact state gives back each instant as it was read: the same
// time.Time, location included, whether its zone is in the zone table or
// (when the table is full) kept whole aside; each field, whether its index
// fits the state or (a plan, channel or priority with more than 65 534
// values) is kept aside; and the row a field came from, whether the
// ticket's first row or another.
func TestHistoryStateKeepsInstantsAndRows(t *testing.T) {
	input := "ticket_id,at,event,actor,customer,plan\n" +
		"1,2026-10-02T10:30:00-07:00,created,customer,,\n" +
		"1,2026-10-02T19:45:00+02:00,reply,agent,Acme,\n" +
		"1,2026-10-02T19:50:00+02:00,reply,agent,Globex,\n" +
		"2,2026-10-02T17:30:00Z,created,customer,Acme,premium\n" +
		"2,2026-10-02T17:45:00Z,reply,agent,Acme,premium\n" +
		"3,2026-10-02T17:30:00Z,created,customer,,\n" +
		"3,2026-10-02T17:35:00Z,note,agent,,premium\n" +
		"3,2026-10-02T17:40:00Z,reply,agent,,standard\n"
	zoned := func(s string) time.Time {
		t.Helper()
		tm, _, err := ParseTime(s, nil, "")
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	for _, full := range []bool{false, true} {
		r, err := NewReader(strings.NewReader(input), "h.csv", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if full {
			// No room in the zone table: every instant is kept whole;
			// plans past the state's 16 bits: kept aside.
			other := time.FixedZone("other", 1)
			for len(r.hist.zones) < maxZones {
				r.hist.zones = append(r.hist.zones, other)
			}
			for len(r.hist.values[1]) < int(bigField)+2 {
				r.hist.values[1] = append(r.hist.values[1], "filler")
			}
		}
		var got []string
		var tk audit.Ticket
		for r.Scan(&tk) {
			if rej := r.Rejection(); rej != nil {
				got = append(got, "REJECT "+rej.Error())
				continue
			}
			got = append(got, tk.ID)
			if want := zoned("2026-10-02T17:30:00Z"); tk.ID == "2" && (tk.Submitted != want || tk.FirstResponse != zoned("2026-10-02T17:45:00Z") || tk.Customer != "Acme" || tk.Plan != "premium") {
				t.Errorf("full=%v: ticket 2 %v, %v, %q, %q; want %v, Acme, premium", full, tk.Submitted, tk.FirstResponse, tk.Customer, tk.Plan, want)
			}
		}
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
		want := []string{`REJECT h.csv:4: customer: "Globex" conflicts with "Acme" at h.csv:3`, "2",
			`REJECT h.csv:9: plan: "standard" conflicts with "premium" at h.csv:8`}
		if !slices.Equal(got, want) {
			t.Errorf("full=%v: got %q, want %q", full, got, want)
		}
	}

	// The instants keep their locations (the report prints them).
	r, err := NewReader(strings.NewReader("ticket_id,at,event,actor\n1,2026-10-02T10:30:00-07:00,created,customer\n1,2026-10-02T19:45:00+02:00,reply,agent\n"), "h.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var tk audit.Ticket
	if !r.Scan(&tk) || r.Rejection() != nil {
		t.Fatalf("no ticket: %v %v", r.Err(), r.Rejection())
	}
	if want := zoned("2026-10-02T10:30:00-07:00"); tk.Submitted != want {
		t.Errorf("submitted %v, want %v", tk.Submitted, want)
	}
	if want := zoned("2026-10-02T19:45:00+02:00"); tk.FirstResponse != want {
		t.Errorf("first response %v, want %v", tk.FirstResponse, want)
	}
}

// Many tickets, in an order that spreads them over the table's growths
// and chunks: every event finds its own ticket.
func TestTicketTableFindsEveryID(t *testing.T) {
	tt := ticketTable{slots: make([]uint32, 8), seed: maphash.MakeSeed()}
	const n = 3*chunkLen + 17
	for i := range n {
		id := strconv.Itoa(i * 7919)
		if j, slot := tt.find(maphash.String(tt.seed, id), id); j >= 0 {
			t.Fatalf("%s found before it was added", id)
		} else if got := tt.add(id, slot, pos(i)); got != i {
			t.Fatalf("add %s = %d, want %d", id, got, i)
		}
	}
	for i := range n {
		id := strconv.Itoa(i * 7919)
		if j, _ := tt.find(maphash.String(tt.seed, id), id); j != i || tt.id(j) != id || tt.at(j).first != pos(i) {
			t.Fatalf("find %s = %d, want %d", id, j, i)
		}
	}
	if j, _ := tt.find(maphash.String(tt.seed, "x"), "x"); j >= 0 {
		t.Errorf("find x = %d, want none", j)
	}
	if tt.n*4 > len(tt.slots)*3 {
		t.Errorf("%d tickets in %d slots: more than 3/4 full", tt.n, len(tt.slots))
	}
}

// SPEC §9: a JSON history reports its binding too, complete at the end of
// the input (it was reported as no columns at all); the best-ranked key
// feeds a field, whatever the key order.
func TestJSONHistoryBinding(t *testing.T) {
	input := `{"ticket":"1","ticket_id":"1","at":"2026-10-02T17:30:00Z","event":"created","subject":"x"}` + "\n" +
		`{"ticket_id":"1","at":"2026-10-02T17:45:00Z","event":"reply","actor":"agent","Org":"Acme"}` + "\n"
	r, err := NewReader(strings.NewReader(input), "h.ndjson", Options{Map: map[string]string{"customer": "Org"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := drain(t, r, nil); len(got) != 1 || strings.HasPrefix(got[0], "ERROR") {
		t.Fatalf("got %q", got)
	}
	b := r.Binding()
	var cols []string
	for _, c := range b.Columns {
		cols = append(cols, c.Field+"="+c.Source)
	}
	if want := []string{"ticket_id=ticket_id", "at=at", "event=event", "actor=actor", "customer=Org"}; !slices.Equal(cols, want) {
		t.Errorf("columns %q, want %q", cols, want)
	}
	if want := []string{"subject"}; !slices.Equal(b.Unused, want) {
		t.Errorf("unused %q, want %q", b.Unused, want)
	}
}

// TestHistoryLastTicketChecksTheID: the ticket of the event before is
// taken for an event only when its id is the same, not merely its hash: a
// collision of hashes (forced here) still finds the other ticket.
func TestHistoryLastTicketChecksTheID(t *testing.T) {
	r, err := NewReader(strings.NewReader("ticket_id,at,event\n1,2026-10-05T16:14:00Z,created\n2,2026-10-05T16:15:00Z,created\n1,2026-10-05T16:16:00Z,reply\n"), "h.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := r.hist
	for n := 0; ; n++ {
		e, err := h.nextEvent()
		if err != nil {
			break
		}
		if n > 0 {
			h.lastHash = e.hash // as if the ids before had the same hash
		}
		if _, err := h.fold(e); err != nil {
			t.Fatal(err)
		}
	}
	if h.tickets.n != 2 {
		t.Fatalf("%d tickets, want 2", h.tickets.n)
	}
	if st := h.tickets.at(0); !st.has(hasReply) || h.tickets.at(1).has(hasReply) {
		t.Errorf("the reply of ticket 1 went to ticket 2")
	}
}
