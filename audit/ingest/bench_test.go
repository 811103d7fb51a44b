package ingest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/audit"
)

// benchCSV generates an export of n rows in memory.
func benchCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("id,customer,plan,channel,priority,submitted_at,first_response_at,subject\n")
	plans := []string{"limited", "standard", "premium", "24x7"}
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		sub := start.Add(time.Duration(i) * 37 * time.Second)
		resp := ""
		if i%5 != 0 {
			resp = sub.Add(time.Duration(i%300) * time.Minute).Format(time.RFC3339)
		}
		fmt.Fprintf(&b, "%d,customer-%d,%s,email,high,%s,%s,\"Subject %d, with a comma\"\n",
			100000+i, i%500, plans[i%4], sub.Format(time.RFC3339), resp, i)
	}
	return b.Bytes()
}

// BenchmarkCSVReader reads a 100k-row export; ns/ticket and allocs/ticket
// are the figures to watch. The encoding/csv sub-benchmark is the floor.
func BenchmarkCSVReader(b *testing.B) {
	const rows = 100_000
	data := benchCSV(rows)
	b.Run("ingest", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			r, err := NewReader(bytes.NewReader(data), "bench.csv", Options{})
			if err != nil {
				b.Fatal(err)
			}
			var t audit.Ticket
			n := 0
			for {
				err := r.Next(&t)
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != rows {
				b.Fatalf("read %d tickets, want %d", n, rows)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/ticket")
	})
	b.Run("encoding/csv", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
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
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/ticket")
	})
}
