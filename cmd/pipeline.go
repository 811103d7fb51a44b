package cmd

import (
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/ingest"
)

// Reading a row (the CSV scanner, the two times) and deciding it (the plan,
// the channel, the deadline) cost far more than recording its verdict in
// the auditor's bookkeeping (the duplicate-id set, the counts, the
// summaries), and do not depend on the rows before it. So the audit runs as
// a pipeline over batches of rows:
//
//   - one goroutine reads every input in turn: an export of ticket rows
//     in CSV, NDJSON or a JSON array it cuts into chunks of whole records
//     (ingest.Splitter), which costs a pass for quotes and newlines (for
//     an array, decoding it), where that pays (see pipelineMode); any
//     other input it reads row by row into batches, a history too, whose
//     reader reads and checks its events on workers of its own and folds
//     them into tickets in input order (ingest.Options.HistoryWorkers);
//   - workers, one per core and at most maxWorkers, read each chunk into
//     its batch and, from three cores on, decide every row of a batch with
//     their own audit.Judge;
//   - the caller's goroutine records the decisions in input order
//     (audit.Auditor.Record), which is where duplicate ids are resolved;
//     on one or two cores it audits each row itself (see setup.run).
//
// Everything the auditor records is in the sequential order, so the output
// is identical whatever the number of cores (cmd/determinism_test.go runs
// GOMAXPROCS 1, 2 and 8 on inputs that split); the next input is opened
// while the last one is audited, so several files overlap too.

// batchSize is the most rows in a batch: large enough that handing one
// over costs nothing per row (with 256, waking the other goroutine for every
// batch cost more than the overlap saved), small enough that the batches in
// flight take little memory (about 230 KiB each, 670 with decisions: see
// chunkBytes; 512 or 2048 were no faster).
const batchSize = 1024

// batchBytes bounds the bytes of the rows in a batch (their strings, see
// rowBytes): a batch is handed over when it reaches either bound, so that
// rows just under the 1 MiB record limit keep a few MiB in flight, not
// batchSize of them in each batch (1 GiB; SPEC §12).
const batchBytes = 1 << 20

// pipelineBatchSize and pipelineBatchBytes are batchSize and batchBytes,
// changed by tests only.
var (
	pipelineBatchSize  = batchSize
	pipelineBatchBytes = batchBytes
)

// rowOverhead is what a row costs besides its strings' bytes: the
// readResult and the headers of its strings.
const rowOverhead = 256

// rowBytes is the memory a read row holds: its strings and rowOverhead.
func rowBytes(r *readResult) int {
	n := rowOverhead
	if r.rej != nil {
		return n + len(r.rej.ID) + len(r.rej.Field) + len(r.rej.Reason)
	}
	t := &r.t
	n += len(t.ID) + len(t.Customer) + len(t.Plan) + len(t.Channel) + len(t.Priority)
	for _, w := range t.Warnings {
		n += len(w)
	}
	for _, w := range t.Trail {
		n += len(w)
	}
	return n
}

// chunkBytes and chunkLines bound a chunk of a split input: a chunk ends
// at the first record end past either. A chunk is read into one batch, so
// chunkLines bounds its rows; 32 KiB holds about 400 rows of an ordinary
// export, enough that handing it over costs nothing per row, few enough
// that the batches in flight take little memory (a row of a batch, its
// ticket and decision, is some 650 bytes: 14 batches of 512 rows, with 4
// workers that decide, are 4.6 MiB, which the garbage collector's headroom
// doubles).
const (
	chunkBytes = 32 << 10
	chunkLines = 512
)

// pipelineChunkBytes and pipelineChunkLines are chunkBytes and chunkLines,
// changed by tests only.
var (
	pipelineChunkBytes = chunkBytes
	pipelineChunkLines = chunkLines
)

// maxWorkers bounds the workers, whatever the number of cores: each
// brings two batches, and SPEC §12 bounds the memory of an audit (with a
// worker per core and no bound, -o table of 1M tickets took 107 MiB on 8
// cores and 175 on 32). Four read faster than one goroutine records.
const maxWorkers = 4

// batchesFor is how many batches exist for w workers: two for each, so
// that a worker finds a batch waiting when it is done with one, one being
// filled and one being recorded, and four more, so that the others go on
// while the worker reading the next batch in order waits for a core.
// Without them, on two cores, the recording goroutine of --quiet waited
// 75 ms of 250 for its next batch while the reading goroutine waited 100
// for a free one, and --quiet of 1M tickets took 1.04 to 1.2 times as long
// (four runs of 21 to 41 pairs; 18 batches were no faster than 10).
func batchesFor(w int) int { return 2*w + 6 }

// readResult is one row of ingest.Reader.Scan: a ticket, or with rej set
// a rejected row (its decision, when workers decide, is in
// batch.decisions).
type readResult struct {
	t   audit.Ticket
	rej *audit.Rejection
}

// batch is a run of rows from one input, and what happened at its end.
type batch struct {
	rows []readResult
	n    int
	// decisions holds the decision of each row of rows when workers
	// decide (pipelineMode), made at the first. They are apart from the
	// rows because every row is written on one core and read on another:
	// with its decision inside, a row was 656 bytes, not 224, and with
	// the reader filling rows three times as far apart, -o json took
	// 1.05 times the time on two cores, --quiet 1.03.
	decisions []audit.Decision
	// split and chunk, when split is set, are a chunk of a split input,
	// which a worker reads into rows.
	split *ingest.Splitter
	chunk ingest.Chunk
	// input tracks the chunks of the input split is of.
	input *splitInput
	// ready receives a token when a worker is done with the batch.
	ready chan struct{}
	// done reports that the input ended after these rows, with events
	// event rows read (for a history) and closeErr from closing it.
	done     bool
	events   int
	closeErr error
	// layout and binding say how the input was read (SPEC §9), when done.
	layout  ingest.Layout
	binding ingest.Binding
	// err stops the audit: a file error, or an input that cannot be
	// opened.
	err error
}

// pipeline reads inputs on its own goroutine, has workers read and decide
// them, and hands them over in batches, in input order.
type pipeline struct {
	full  chan *batch    // read or being read, in input order
	work  chan *batch    // to be read (a chunk) and decided by a worker
	free  chan *batch    // recorded, ready to be read into
	quit  chan struct{}  // closed when the auditor stops, at the end or early
	wg    sync.WaitGroup // the reading goroutine and the workers
	judge func() *audit.Judge
	// split says which inputs to cut into chunks.
	split splitting
}

// splitting says which inputs the pipeline cuts into chunks
// (ingest.Splitter), by format: the others it reads row by row, or with
// inPlace, where an input maps (ingest.Reader.SplitMapped), in chunks on
// the reading goroutine. history is the ingest.Options.HistoryWorkers a
// history is read with (its reader splits it; 0 for none).
type splitting struct {
	csv, json, inPlace bool
	history            int
}

// startPipeline starts reading inputs in order with open, with a worker
// per core (at most maxWorkers) that reads chunks and decides rows with a
// Judge from judge (or leaves them to the caller when judge is nil). It
// cuts the inputs split says into chunks; the reading goroutine reads the
// others row by row.
func startPipeline(inputs []string, open func(path string) (*ingest.Reader, func() error, error), judge func() *audit.Judge, split splitting) *pipeline {
	workers := min(runtime.GOMAXPROCS(0), maxWorkers)
	n := batchesFor(workers)
	p := &pipeline{
		full:  make(chan *batch, n),
		work:  make(chan *batch, n),
		free:  make(chan *batch, n),
		quit:  make(chan struct{}),
		judge: judge,
		split: split,
	}
	for range n {
		p.free <- &batch{rows: make([]readResult, max(pipelineBatchSize, pipelineChunkLines)), ready: make(chan struct{}, 1)}
	}
	p.wg.Add(1 + workers)
	for range workers {
		go p.worker()
	}
	go func() {
		defer p.wg.Done()
		defer close(p.work)
		defer close(p.full)
		for _, path := range inputs {
			if !p.readInput(path, open) {
				return
			}
		}
	}()
	return p
}

// worker reads the chunks of the batches it is given and decides their
// rows.
func (p *pipeline) worker() {
	defer p.wg.Done()
	var j *audit.Judge
	if p.judge != nil {
		j = p.judge()
	}
	var r *ingest.Reader // the last chunk's, reset for the next
	for b := range p.work {
		if b.split != nil {
			r = readChunk(b, r)
			if b.err != nil {
				b.input.failed.Store(true)
			}
			b.input.read.Done()
		}
		if j != nil {
			if len(b.decisions) < b.n {
				b.decisions = make([]audit.Decision, len(b.rows))
			}
			for i := range b.rows[:b.n] {
				if row := &b.rows[i]; row.rej == nil {
					j.Decide(&row.t, &b.decisions[i])
				}
			}
		}
		b.ready <- struct{}{}
	}
}

// readChunk reads the rows of b's chunk into b, and the error that ends
// them, with reuse reset (see ingest.Splitter.Reader). A chunk has at most
// pipelineChunkLines rows, which b's rows have room for; they grow should
// a chunk have more. It returns the reader it used.
func readChunk(b *batch, reuse *ingest.Reader) *ingest.Reader {
	r := b.split.Reader(b.chunk, reuse)
	for {
		if b.n == len(b.rows) {
			b.rows = append(b.rows, readResult{})
			b.rows = b.rows[:cap(b.rows)]
		}
		if !r.Scan(&b.rows[b.n].t) {
			break
		}
		b.rows[b.n].rej = r.Rejection()
		b.n++
	}
	b.err = r.Err()
	return r
}

// splitInput tracks the chunks of a split input: read counts those not
// read yet, failed says that one ended in a file error, after which the
// inputs that follow are not opened.
type splitInput struct {
	read   sync.WaitGroup
	failed atomic.Bool
}

// hand passes b on: to the auditor, in order, and to a worker.
func (p *pipeline) hand(b *batch) {
	p.full <- b
	p.work <- b
}

// readInput reads one input into batches: a CSV export in chunks, any
// other row by row. It reports false when the audit stops: the input
// failed, or the auditor quit.
func (p *pipeline) readInput(path string, open func(string) (*ingest.Reader, func() error, error)) bool {
	b, ok := p.take()
	if !ok {
		return false
	}
	r, closeInput, err := open(path)
	if err != nil {
		b.err = err
		p.hand(b)
		return false
	}
	if sp, inPlace := p.splitter(r); sp != nil {
		in := new(splitInput)
		var cr *ingest.Reader
		for {
			c, err := sp.Next()
			if err == io.EOF {
				break
			}
			if c.Rest() || inPlace {
				// Read in place, or (Rest) no record ends soon, or the
				// input failed: read the rest in order, which ends in the
				// file error the sequential reader gives.
				cr = sp.Reader(c, cr)
				if b, ok = p.readRows(cr, b); !ok {
					closeInput()
					return false
				}
				if c.Rest() || b.err != nil {
					break
				}
				continue
			}
			b.split, b.chunk, b.input = sp, c, in
			in.read.Add(1)
			p.hand(b)
			if b, ok = p.take(); !ok {
				closeInput()
				return false
			}
		}
		// Like a sequential read, a chunk's file error ends the audit
		// before the next input is opened.
		if in.read.Wait(); in.failed.Load() {
			closeInput()
			return false
		}
		if b.err == nil {
			// What the sequential reader checks at the end (NDJSON).
			b.err = sp.End()
		}
	} else if b, ok = p.readRows(r, b); !ok {
		closeInput()
		return false
	}
	if b.err != nil {
		closeInput()
		p.hand(b) // b belongs to the auditor now
		return false
	}
	b.done, b.events = true, r.Events()
	b.layout, b.binding = r.Layout(), r.Binding()
	b.closeErr = closeInput()
	p.hand(b)
	return true
}

// splitter returns a Splitter for r, or nil when r is to be read row by
// row; inPlace says that the reading goroutine reads the chunks itself: r
// is not cut for the workers, but it maps, and its chunks are read where
// they lie rather than copied through a buffer (pipelineMode).
func (p *pipeline) splitter(r *ingest.Reader) (sp *ingest.Splitter, inPlace bool) {
	switch f := r.Layout().Format; {
	case f == "csv" && p.split.csv, (f == "ndjson" || f == "json") && p.split.json:
		return r.Split(pipelineChunkBytes, pipelineChunkLines), false
	case p.split.inPlace:
		sp = r.SplitMapped(pipelineChunkBytes, pipelineChunkLines)
		return sp, sp != nil
	}
	return nil, false
}

// readRows reads r to its end into b and batches after it, handing each
// full one over. It returns the last batch, not handed over, with the
// error that ended r in b.err, or false when the auditor has quit.
func (p *pipeline) readRows(r *ingest.Reader, b *batch) (*batch, bool) {
	bytes := 0
	var ok bool
	for r.Scan(&b.rows[b.n].t) {
		b.rows[b.n].rej = r.Rejection()
		bytes += rowBytes(&b.rows[b.n])
		b.n++
		if b.n == len(b.rows) || b.n >= pipelineBatchSize || bytes >= pipelineBatchBytes {
			bytes = 0
			p.hand(b)
			if b, ok = p.take(); !ok {
				return nil, false
			}
		}
	}
	b.err = r.Err()
	return b, true
}

// take returns an empty batch, or false when the auditor has quit.
func (p *pipeline) take() (*batch, bool) {
	select {
	case b := <-p.free:
		b.n, b.done, b.events, b.closeErr, b.err = 0, false, 0, nil, nil
		b.layout, b.binding = ingest.Layout{}, ingest.Binding{}
		b.split, b.chunk, b.input = nil, ingest.Chunk{}, nil
		return b, true
	case <-p.quit:
		return nil, false
	}
}

// next returns the next batch to record, once its worker is done with it,
// or nil after the last. The caller hands it back with release.
func (p *pipeline) next() *batch {
	b := <-p.full
	if b != nil {
		<-b.ready
	}
	return b
}

func (p *pipeline) release(b *batch) { p.free <- b }

// stop ends the pipeline, early or not, and returns once the reading
// goroutine has closed its input and the workers have returned.
func (p *pipeline) stop() {
	close(p.quit)
	for range p.full {
		// Drain, so that the reader is never stuck handing over a batch.
	}
	p.wg.Wait()
}
