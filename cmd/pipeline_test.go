package cmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/ingest"
	"github.com/slaaudit/slaaudit/audit/sample"
)

// sequential is what setup.run did before the pipeline, kept as the
// reference: read each input to its end, auditing every row as it comes.
func sequential(s *setup, opts audit.Options) (*audit.Result, error) {
	a := audit.New(opts)
	for _, path := range s.inputs {
		r, err := ingest.Open(path, nil, s.read)
		if err != nil {
			return nil, err
		}
		var t audit.Ticket
		for r.Scan(&t) {
			if rej := r.Rejection(); rej != nil {
				a.Reject(*rej)
			} else {
				a.Audit(&t)
			}
		}
		if err := r.Err(); err != nil {
			r.Close()
			return nil, err
		}
		a.AddEvents(r.Events())
		if err := r.Close(); err != nil {
			return nil, err
		}
	}
	return a.Result(), nil
}

// resolveFlags builds the setup of an audit of inputs with the given flags.
func resolveFlags(t *testing.T, inputs []string, args ...string) *setup {
	t.Helper()
	var f auditFlags
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	f.bind(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	s, err := f.resolve(inputs, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPipelineMatchesSequential: the pipelined run gives the same result,
// verdict for verdict and rejection for rejection, as reading and auditing
// one row after the other, over several inputs of many batches each (rows,
// a history, bad rows, duplicates across files), whatever the batch size.
func TestPipelineMatchesSequential(t *testing.T) {
	dir := t.TempDir()
	inputs := []string{
		writeSample(t, dir, "a.csv", sample.Options{Tickets: 3*batchSize + 17, Seed: 1, Month: "2026-10", Bad: 40, Pending: 5, Outside: 9}),
		writeSample(t, dir, "b.csv", sample.Options{Tickets: batchSize, Seed: 2, Month: "2026-10", Shape: sample.ShapeHistory, Bad: 12}),
		// The same tickets again: every id is a duplicate across files.
		writeSample(t, dir, "c.ndjson", sample.Options{Tickets: 2*batchSize - 1, Seed: 1, Month: "2026-10", Format: "ndjson"}),
	}
	s := resolveFlags(t, inputs, "--month", "2026-10", "--as-of", "2026-11-01T07:00:00Z")
	configure := func(o *audit.Options) { o.KeepTickets, o.KeepBreaches = true, true }
	want := s.audit
	configure(&want)
	ref, err := sequential(s, want)
	if err != nil {
		t.Fatal(err)
	}
	if ref.Counts.Rejected == 0 || ref.Counts.Events == 0 || ref.Counts.Rows < 4*batchSize {
		t.Fatalf("the inputs do not exercise the pipeline: %+v", ref.Counts)
	}
	defer func(size, bytes int) { pipelineBatchSize, pipelineBatchBytes = size, bytes }(pipelineBatchSize, pipelineBatchBytes)
	defer func(size, lines int) { pipelineChunkBytes, pipelineChunkLines = size, lines }(pipelineChunkBytes, pipelineChunkLines)
	// On four cores workers decide the rows with Judges; on two the
	// auditor decides them itself (Audit); on one, or for a report that
	// streams on two, the CSV exports are not even split (pipelineMode).
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for i, chunk := range [][2]int{{1, 1}, {100, 3}, {4096, 1000}, {chunkBytes, chunkLines}, {100, 3}, {100, 3}, {100, 3}} {
		pipelineChunkBytes, pipelineChunkLines = chunk[0], chunk[1]
		switch i {
		case 4:
			runtime.GOMAXPROCS(2)
		case 5:
			s.streams = true
		case 6:
			runtime.GOMAXPROCS(1)
		}
		ios, _, _ := testIO(false)
		got, err := s.run(ios, configure)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, ref) {
			t.Errorf("chunks of %d bytes or %d lines: the pipelined result differs from the sequential one (counts %+v, want %+v)", chunk[0], chunk[1], got.Counts, ref.Counts)
		}
	}
	for _, size := range []int{1, 7, batchSize, -1} {
		pipelineBatchSize, pipelineBatchBytes = size, batchBytes
		if size < 0 {
			// Batches cut by bytes, of a few rows each.
			pipelineBatchSize, pipelineBatchBytes = batchSize, 3*rowOverhead
		}
		ios, _, _ := testIO(false)
		got, err := s.run(ios, configure)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, ref) {
			t.Errorf("batches of %d: the pipelined result differs from the sequential one (counts %+v, want %+v)", size, got.Counts, ref.Counts)
		}
	}
}

// TestPipelineBoundsBytesInFlight: rows of 600 KB are handed over two at
// most to a batch, not batchSize of them (3 × 1024 rows just under the
// 1 MiB record limit took 3.7 GB).
func TestPipelineBoundsBytesInFlight(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(sample.RowsHeader + "\n")
	big := strings.Repeat("x", 600<<10)
	for i := range 12 {
		fmt.Fprintf(&b, "%d,%s,premium,email,high,2026-10-02T17:30:00Z,2026-10-02T18:45:00Z\n", i+1, big)
	}
	path := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	s := resolveFlags(t, []string{path}, "--as-of", "2026-11-01T07:00:00Z")
	p := startPipeline(s.inputs, func(path string) (*ingest.Reader, func() error, error) {
		r, err := ingest.Open(path, nil, s.read)
		if err != nil {
			return nil, nil, err
		}
		return r, r.Close, nil
	}, nil, splitting{csv: true, json: true})
	defer p.stop()
	rows := 0
	for bt := p.next(); bt != nil; bt = p.next() {
		if bt.err != nil {
			t.Fatal(bt.err)
		}
		if bt.n > 2 {
			t.Errorf("a batch holds %d rows of 600 KB", bt.n)
		}
		rows += bt.n
		p.release(bt)
	}
	if rows != 12 {
		t.Errorf("read %d rows, want 12", rows)
	}
}

// TestPipelineStopsOnFileError: a file error in one input ends the audit
// with that error, whichever batch it falls in, and the inputs after it are
// never opened.
func TestPipelineStopsOnFileError(t *testing.T) {
	dir := t.TempDir()
	good := writeSample(t, dir, "good.csv", sample.Options{Tickets: 2 * batchSize, Seed: 1, Month: "2026-10"})
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	// An unterminated quote far into the file: a file error, not a row
	// rejection.
	broken := filepath.Join(dir, "broken.csv")
	if err := os.WriteFile(broken, append(data, "9999999,\"unterminated\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	never := filepath.Join(dir, "missing.csv") // opening it would fail differently
	s := resolveFlags(t, []string{good, broken, never}, "--as-of", "2026-11-01T07:00:00Z")
	_, want := sequential(s, s.audit)
	if want == nil || !strings.Contains(want.Error(), "broken.csv") {
		t.Fatalf("the reference error is %v", want)
	}
	defer func(size, lines int) { pipelineChunkBytes, pipelineChunkLines = size, lines }(pipelineChunkBytes, pipelineChunkLines)
	// Whole inputs in a chunk, and chunks of a few rows: the error comes
	// from the chunk a worker reads, not the reading goroutine.
	for _, chunk := range [][2]int{{chunkBytes, chunkLines}, {1000, 10}, {1, 1}} {
		pipelineChunkBytes, pipelineChunkLines = chunk[0], chunk[1]
		ios, _, _ := testIO(false)
		_, got := s.run(ios, nil)
		var ee *exitError
		if !errors.As(got, &ee) || ee.code != statusError || ee.err.Error() != want.Error() {
			t.Fatalf("chunks of %d bytes: run: %v, want exit %d with %q", chunk[0], got, statusError, want)
		}
	}
}

// TestPipelineEndsNDJSON: what the sequential reader checks at the end of
// an NDJSON input, a field no record had, is the same error from a split
// input, after every chunk was read, and the inputs after it are not
// audited.
func TestPipelineEndsNDJSON(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 3000 {
		// No record has a plan, which nothing else gives.
		fmt.Fprintf(&b, `{"id":"%d","submitted_at":"2026-10-02T17:30:00Z","first_response_at":"2026-10-02T18:45:00Z"}`+"\n", i+1)
	}
	planless := filepath.Join(dir, "planless.ndjson")
	if err := os.WriteFile(planless, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	s := resolveFlags(t, []string{planless, filepath.Join(dir, "missing.csv")}, "--as-of", "2026-11-01T07:00:00Z")
	_, want := sequential(s, s.audit)
	if want == nil || !strings.Contains(want.Error(), "plan") {
		t.Fatalf("the reference error is %v", want)
	}
	defer func(size, lines int) { pipelineChunkBytes, pipelineChunkLines = size, lines }(pipelineChunkBytes, pipelineChunkLines)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, chunk := range [][2]int{{chunkBytes, chunkLines}, {1000, 10}, {1, 1}} {
		pipelineChunkBytes, pipelineChunkLines = chunk[0], chunk[1]
		ios, _, _ := testIO(false)
		_, got := s.run(ios, nil)
		var ee *exitError
		// The hint that follows the error is the same for both.
		if !errors.As(got, &ee) || ee.code != statusError || !strings.HasPrefix(ee.err.Error(), want.Error()) {
			t.Fatalf("chunks of %d bytes: run: %v, want exit %d with %q", chunk[0], got, statusError, want)
		}
	}
}

// TestPipelineSplitsCSV: exports of ticket rows in CSV, NDJSON and a JSON
// array are read in chunks by the workers, several chunks at once, and
// every other input (a history) row by row; inputs after a chunk's file
// error are not opened.
func TestPipelineSplitsCSV(t *testing.T) {
	dir := t.TempDir()
	csv := writeSample(t, dir, "a.csv", sample.Options{Tickets: 5000, Seed: 1, Month: "2026-10"})
	ndjson := writeSample(t, dir, "b.ndjson", sample.Options{Tickets: 5000, Seed: 2, Month: "2026-10", Format: "ndjson"})
	array := writeSample(t, dir, "c.json", sample.Options{Tickets: 5000, Seed: 3, Month: "2026-10", Format: "json"})
	history := writeSample(t, dir, "d.csv", sample.Options{Tickets: 100, Seed: 4, Month: "2026-10", Shape: sample.ShapeHistory})
	broken := filepath.Join(dir, "broken.csv")
	if err := os.WriteFile(broken, []byte(sample.RowsHeader+"\n1,\"open\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := resolveFlags(t, nil, "--as-of", "2026-11-01T07:00:00Z")
	var opened []string
	open := func(path string) (*ingest.Reader, func() error, error) {
		opened = append(opened, filepath.Base(path))
		r, err := ingest.Open(path, nil, s.read)
		if err != nil {
			return nil, nil, err
		}
		return r, r.Close, nil
	}
	p := startPipeline([]string{csv, ndjson, array, history, broken, csv}, open, nil, splitting{csv: true, json: true})
	chunks, split, rows := 0, 0, 0
	for b := p.next(); b != nil; b = p.next() {
		if b.split != nil {
			chunks++
			split += b.n
		} else {
			rows += b.n
		}
		if b.err != nil {
			if !strings.Contains(b.err.Error(), "broken.csv:2") {
				t.Errorf("error %v, want one of broken.csv:2", b.err)
			}
			break
		}
		p.release(b)
	}
	if chunks < 12 || split != 15000 || rows == 0 {
		t.Errorf("read %d rows in %d chunks and %d rows by row, want 15000 in several chunks and the history's by row", split, chunks, rows)
	}
	p.stop()
	if want := []string{"a.csv", "b.ndjson", "c.json", "d.csv", "broken.csv"}; !reflect.DeepEqual(opened, want) {
		t.Errorf("opened %v, want %v", opened, want)
	}
}

// TestPipelineMode: workers decide with Judges from three cores on; JSON
// exports are split from two cores, CSV exports too, but on two only for
// a report that does not stream; a history is read on a worker a core
// from two cores on, at most maxWorkers.
func TestPipelineMode(t *testing.T) {
	for _, c := range []struct {
		cores   int
		streams bool
		judges  bool
		split   splitting
	}{
		{1, false, false, splitting{inPlace: true}},
		{1, true, false, splitting{}},
		{2, false, false, splitting{csv: true, json: true, inPlace: true, history: 2}},
		{2, true, false, splitting{json: true, history: 2}},
		{3, true, true, splitting{csv: true, json: true, history: 3}},
		{32, false, true, splitting{csv: true, json: true, inPlace: true, history: maxWorkers}},
	} {
		if judges, split := pipelineMode(c.cores, c.streams); judges != c.judges || split != c.split {
			t.Errorf("pipelineMode(%d, %v) = %v, %+v, want %v, %+v", c.cores, c.streams, judges, split, c.judges, c.split)
		}
	}
}

// TestPipelineBoundsWorkers: however many cores, the pipeline has at most
// maxWorkers workers and their batches (SPEC §12: with a worker per core,
// -o table of 1M tickets took 175 MiB on 32).
func TestPipelineBoundsWorkers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(32))
	p := startPipeline(nil, nil, nil, splitting{csv: true, json: true})
	defer p.stop()
	if got, want := cap(p.free), batchesFor(maxWorkers); got != want {
		t.Errorf("%d batches on 32 cores, want %d (%d workers)", got, want, maxWorkers)
	}
}
