package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/audit/sample"
)

// BenchmarkCheck100k runs a full `slaaudit check --quiet` (read, replay,
// summaries) over a generated 100,000-ticket CSV and reports ns/ticket.
// The figure is quoted in the README's Performance section.
func BenchmarkCheck100k(b *testing.B) {
	const tickets = 100_000
	var export bytes.Buffer
	if err := sample.Write(&export, sample.Options{Tickets: tickets, Seed: 1, Month: "2026-10"}); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "big.csv")
	if err := os.WriteFile(path, export.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	args := []string{"check", path, "--quiet", "--as-of", "2026-11-01T07:00:00Z"}
	b.SetBytes(int64(export.Len()))
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		ios, _, errOut := testIO(false)
		if code := Run(args, ios); code != statusBreach {
			b.Fatalf("exit %d: %s", code, errOut)
		}
	}
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N*tickets), "ns/ticket")
}
