package audit_test

import (
	"bytes"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/ingest"
	"github.com/slaaudit/slaaudit/audit/sample"
	"github.com/slaaudit/slaaudit/plans"
)

// benchTickets is the size of the replay benchmark: large enough for a
// steady state, small enough that -benchtime=1x (the CI smoke run) is quick.
const benchTickets = 50_000

// sampleTickets reads a generated export (slaaudit sample --tickets n
// --seed 1 --month 2026-10) into memory.
func sampleTickets(b *testing.B, n int) []audit.Ticket {
	b.Helper()
	var buf bytes.Buffer
	if err := sample.Write(&buf, sample.Options{Tickets: n, Seed: 1, Month: "2026-10", Shape: "rows", Format: "csv"}); err != nil {
		b.Fatal(err)
	}
	r, err := ingest.NewReader(&buf, "bench.csv", ingest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var out []audit.Ticket
	var t audit.Ticket
	for r.Scan(&t) {
		if r.Rejection() == nil {
			out = append(out, t)
		}
	}
	if err := r.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}

// businessPlans is the built-in plans file with every plan that has
// business hours on the business clock and the US holiday calendar.
func businessPlans(b *testing.B) *plans.Set {
	b.Helper()
	y, err := plans.Builtin().YAML()
	if err != nil {
		b.Fatal(err)
	}
	blocks := strings.Split(string(y), "\n  - key: ")
	for i, bl := range blocks {
		if i > 0 && !strings.Contains(bl, "business_hours: {}") {
			blocks[i] = strings.ReplaceAll(bl, "clock: elapsed", "clock: business\n    holidays: {calendars: [us]}")
		}
	}
	text := strings.Join(blocks, "\n  - key: ")
	set, err := plans.Load(strings.NewReader(text), "business.yaml")
	if err != nil {
		b.Fatal(err)
	}
	return set
}

// BenchmarkAudit replays a sample export through Auditor.Audit, with a new
// Auditor (so an empty duplicate-id set) per iteration, as --quiet does:
// nothing kept but counts and summaries. "business" puts every plan on the
// business clock with US holidays.
func BenchmarkAudit(b *testing.B) {
	tickets := sampleTickets(b, benchTickets)
	for _, bc := range benchPlans(b) {
		b.Run(bc.name, func(b *testing.B) {
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			n := 0
			for b.Loop() {
				a := audit.New(audit.Options{Plans: bc.set, AsOf: benchAsOf})
				for i := range tickets {
					a.Audit(&tickets[i])
				}
				if r := a.Result(); r.Counts.Rows != len(tickets) {
					b.Fatalf("audited %d rows, want %d", r.Counts.Rows, len(tickets))
				}
				n++
			}
			reportPerTicket(b, n*len(tickets), &before)
		})
	}
}

// BenchmarkAuditJudges replays the sample export as BenchmarkAudit does,
// through Judge.Decide and Auditor.Record. "one" decides and records each
// ticket in turn on one goroutine with one Decision: what the split costs
// over Audit. "parallel" decides on GOMAXPROCS goroutines, a share of the
// export each, then records every decision in order.
func BenchmarkAuditJudges(b *testing.B) {
	tickets := sampleTickets(b, benchTickets)
	decisions := make([]audit.Decision, len(tickets))
	for _, bc := range benchPlans(b) {
		b.Run(bc.name+"/one", func(b *testing.B) {
			b.ReportAllocs()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			n := 0
			for b.Loop() {
				a := audit.New(audit.Options{Plans: bc.set, AsOf: benchAsOf})
				j := a.NewJudge()
				var d audit.Decision
				for i := range tickets {
					j.Decide(&tickets[i], &d)
					a.Record(&tickets[i], &d)
				}
				if r := a.Result(); r.Counts.Rows != len(tickets) {
					b.Fatalf("audited %d rows, want %d", r.Counts.Rows, len(tickets))
				}
				n++
			}
			reportPerTicket(b, n*len(tickets), &before)
		})
		b.Run(bc.name+"/parallel", func(b *testing.B) {
			b.ReportAllocs()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			workers := runtime.GOMAXPROCS(0)
			n := 0
			for b.Loop() {
				a := audit.New(audit.Options{Plans: bc.set, AsOf: benchAsOf})
				var wg sync.WaitGroup
				for w := range workers {
					wg.Go(func() {
						j := a.NewJudge()
						for i := w * len(tickets) / workers; i < (w+1)*len(tickets)/workers; i++ {
							j.Decide(&tickets[i], &decisions[i])
						}
					})
				}
				wg.Wait()
				for i := range tickets {
					a.Record(&tickets[i], &decisions[i])
				}
				if r := a.Result(); r.Counts.Rows != len(tickets) {
					b.Fatalf("audited %d rows, want %d", r.Counts.Rows, len(tickets))
				}
				n++
			}
			reportPerTicket(b, n*len(tickets), &before)
		})
	}
}

// benchAsOf is the audit instant of the replay benchmarks: the morning
// after the sample month.
var benchAsOf = time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC)

// benchPlans returns the plans the replay benchmarks audit against: the
// built-in plans ("elapsed") and businessPlans ("business").
func benchPlans(b *testing.B) []struct {
	name string
	set  *plans.Set
} {
	return []struct {
		name string
		set  *plans.Set
	}{{"elapsed", plans.Builtin()}, {"business", businessPlans(b)}}
}

// reportPerTicket reports the time, allocations and bytes per ticket of a
// benchmark that replayed tickets tickets in all, from the memory
// statistics read before it.
func reportPerTicket(b *testing.B, tickets int, before *runtime.MemStats) {
	b.StopTimer()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	total := float64(tickets)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/total, "ns/ticket")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/total, "allocs/ticket")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/total, "B/ticket")
}
