package ingest

import (
	"bytes"
	"encoding/csv"
	"io"
	"runtime"
	"testing"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/sample"
)

// benchRows is the size of the benchmark export: large enough for a steady
// state, small enough that -benchtime=1x (the CI smoke run) is quick.
const benchRows = 50_000

// benchCSV generates a sample export of n tickets, the same bytes on every
// run (slaaudit sample --tickets n --seed 1 --month 2026-10).
func benchCSV(b *testing.B, n int) []byte {
	b.Helper()
	var buf bytes.Buffer
	if err := sample.Write(&buf, sample.Options{Tickets: n, Seed: 1, Month: "2026-10", Shape: "rows", Format: "csv"}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// perTicket reports ns/ticket and allocs/ticket for a benchmark whose every
// iteration handles tickets tickets. It reads the allocation count itself
// because allocs/op counts per iteration, not per ticket.
func perTicket(b *testing.B, tickets int, run func()) {
	b.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		run()
		n++
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	total := float64(n * tickets)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/total, "ns/ticket")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/total, "allocs/ticket")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/total, "B/ticket")
}

// BenchmarkCSVReader reads a sample export with the reader. The
// encoding/csv sub-benchmark is the floor: a bare read loop over the same
// bytes, as testdata/bench/floor does.
func BenchmarkCSVReader(b *testing.B) {
	data := benchCSV(b, benchRows)
	b.Run("ingest", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		perTicket(b, benchRows, func() {
			r, err := NewReader(bytes.NewReader(data), "bench.csv", Options{})
			if err != nil {
				b.Fatal(err)
			}
			var t audit.Ticket
			n := 0
			for {
				err := r.next(&t)
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != benchRows {
				b.Fatalf("read %d tickets, want %d", n, benchRows)
			}
		})
	})
	b.Run("encoding-csv", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		perTicket(b, benchRows, func() {
			cr := csv.NewReader(bytes.NewReader(data))
			cr.ReuseRecord = true
			for {
				_, err := cr.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	b.Run("scanner", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		perTicket(b, benchRows, func() {
			sc := newCSVScanner(bytes.NewReader(data), ',')
			for {
				_, err := sc.read()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// BenchmarkFormats reads the same sample tickets as CSV, NDJSON and a JSON
// array, in order and (CSV, NDJSON) through a Splitter's chunks read one
// after the other: the CPU per ticket of each way of reading, which
// decides what the pipeline splits (cmd/auditflags.go, pipelineMode).
func BenchmarkFormats(b *testing.B) {
	for _, format := range []string{"csv", "ndjson", "json"} {
		var buf bytes.Buffer
		if err := sample.Write(&buf, sample.Options{Tickets: benchRows, Seed: 1, Month: "2026-10", Shape: "rows", Format: format}); err != nil {
			b.Fatal(err)
		}
		data := buf.Bytes()
		name := "bench." + format
		count := func(r *Reader) {
			var t audit.Ticket
			n := 0
			for r.Scan(&t) {
				n++
			}
			if r.Err() != nil || n != benchRows {
				b.Fatalf("%s: read %d tickets (%v), want %d", name, n, r.Err(), benchRows)
			}
		}
		b.Run(format, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			perTicket(b, benchRows, func() {
				r, err := NewReader(bytes.NewReader(data), name, Options{})
				if err != nil {
					b.Fatal(err)
				}
				count(r)
			})
		})
		if format == "json" {
			continue // an array is not split
		}
		b.Run(format+"-split", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			perTicket(b, benchRows, func() {
				r, err := NewReader(bytes.NewReader(data), name, Options{})
				if err != nil {
					b.Fatal(err)
				}
				sp := r.Split(32<<10, 512)
				var cr *Reader
				var t audit.Ticket
				n := 0
				for {
					c, err := sp.Next()
					if err == io.EOF {
						break
					}
					cr = sp.Reader(c, cr)
					for cr.Scan(&t) {
						n++
					}
					if cr.Err() != nil {
						b.Fatal(cr.Err())
					}
				}
				if err := sp.End(); err != nil || n != benchRows {
					b.Fatalf("%s: read %d tickets split (%v), want %d", name, n, err, benchRows)
				}
			})
		})
	}
}
