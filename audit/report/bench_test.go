package report

import (
	"io"
	"runtime"
	"testing"

	"github.com/slaaudit/slaaudit/audit"
)

// benchTickets is the size of the renderer benchmarks' audit: large enough
// for a steady state, small enough that -benchtime=1x (the CI smoke run) is
// quick.
const benchTickets = 20_000

// perTicket reports ns/ticket and allocs/ticket for a benchmark whose every
// iteration renders tickets tickets.
func perTicket(b *testing.B, tickets int, run func() error) {
	b.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		if err := run(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	total := float64(n * tickets)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/total, "ns/ticket")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/total, "allocs/ticket")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/total, "B/ticket")
}

// BenchmarkJSON renders the JSON report of a sample audit: "stream" as
// `slaaudit check -o json` does, each ticket through a JSONStream as the
// audit hands it over, and "kept" from kept verdicts (JSON).
func BenchmarkJSON(b *testing.B) {
	res := sampleAudit(b, benchTickets)
	n := len(res.Tickets)
	b.Run("stream", func(b *testing.B) {
		perTicket(b, n, func() error {
			s := NewJSONStream(io.Discard)
			for i := range res.Tickets {
				s.Add(&res.Tickets[i])
			}
			return s.Close(res, Meta{})
		})
	})
	b.Run("kept", func(b *testing.B) {
		perTicket(b, n, func() error { return JSON(io.Discard, res, Meta{}) })
	})
}

// keptPerTicket reports, as "kept-B/ticket", the heap that build's result
// holds per ticket: what a report keeps while the audit runs (SPEC §12).
func keptPerTicket(b *testing.B, tickets int, build func() any) {
	b.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	x := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(x)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(tickets), "kept-B/ticket")
}

// withCompactBreaches returns res with its breaches in a fresh compact list,
// as an audit with KeepBreaches builds it.
func withCompactBreaches(res *audit.Result) *audit.Result {
	c := *res
	c.Breaches = new(audit.Verdicts)
	for i := range res.Tickets {
		if v := &res.Tickets[i]; v.Status == audit.Breached {
			c.Breaches.Add(v)
		}
	}
	return &c
}

// BenchmarkRenderers renders each report of a sample audit from what the
// audit keeps for it, and reports per audited ticket the time, the
// allocations and the heap kept while the audit runs (kept-B/ticket; the
// README's "Performance" memory table is its whole-process counterpart):
// table, markdown and github keep the breaches compactly, json and csv
// nothing (they write as the audit runs).
func BenchmarkRenderers(b *testing.B) {
	res := sampleAudit(b, benchTickets)
	n := len(res.Tickets)
	breaches := func() any { return withCompactBreaches(res) }
	compact := withCompactBreaches(res)
	for _, tc := range []struct {
		name   string
		kept   func() any
		render func() error
	}{
		{"table", breaches, func() error { return Table(io.Discard, compact, Meta{}, Options{}) }},
		{"markdown", breaches, func() error { return Markdown(io.Discard, compact, Meta{}) }},
		{"github", breaches, func() error { return GitHub(io.Discard, compact, Meta{}) }},
		{"json", func() any {
			s := NewJSONStream(io.Discard)
			for i := range res.Tickets {
				s.Add(&res.Tickets[i])
			}
			return s
		}, func() error { return JSON(io.Discard, res, Meta{}) }},
		{"csv", func() any { return nil }, func() error {
			s := NewCSVStream(io.Discard, res.Plans)
			for i := range res.Tickets {
				s.Add(&res.Tickets[i])
			}
			return s.Close()
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			perTicket(b, n, tc.render)
			// After perTicket, whose ResetTimer drops reported metrics.
			keptPerTicket(b, n, tc.kept)
		})
	}
}

// BenchmarkTable renders the table report (breaches listed) of a sample
// audit; per ticket means per audited ticket.
func BenchmarkTable(b *testing.B) {
	res := sampleAudit(b, benchTickets)
	res = withCompactBreaches(res)
	perTicket(b, len(res.Tickets), func() error { return Table(io.Discard, res, Meta{}, Options{}) })
}
