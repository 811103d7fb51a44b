package cmd

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/slaaudit/slaaudit/audit/sample"
)

// BenchmarkReleaseProfile runs what the CPU profile of the release build
// (cmd/slaaudit.pgo, README "Performance") is taken from: `check` of a
// generated export of 200,000 tickets with --quiet, -o json, -o table and
// -o csv, on every core. testdata/bench/pgo.sh takes the profile from it;
// on its own it is a benchmark like the others.
func BenchmarkReleaseProfile(b *testing.B) {
	var export bytes.Buffer
	if err := sample.Write(&export, sample.Options{Tickets: 200_000, Seed: 1, Month: "2026-10"}); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "export.csv")
	if err := os.WriteFile(path, export.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	runs := [][]string{{"--quiet"}, {"-o", "json"}, {"-o", "table"}, {"-o", "csv"}}
	b.SetBytes(int64(export.Len() * len(runs)))
	for b.Loop() {
		for _, flags := range runs {
			var errOut bytes.Buffer
			ios := &IO{In: bytes.NewReader(nil), Out: io.Discard, ErrOut: &errOut}
			args := append([]string{"check", path, "--as-of", "2026-11-01T07:00:00Z"}, flags...)
			if code := Run(args, ios); code != statusBreach {
				b.Fatalf("%v: exit %d: %s", flags, code, &errOut)
			}
		}
	}
}
