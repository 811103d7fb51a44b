package cmd

import (
	"sync"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/ingest"
)

// Reading a row (the CSV scanner, the two times) costs about as much as
// auditing it (the duplicate-id set, the plan, the deadline, the summaries),
// so the audit runs as a two-stage pipeline: one goroutine reads every input
// in turn into batches, the caller's goroutine audits them in order. On two
// cores a check takes little more than the reading alone (README
// "Performance"). The order of everything the auditor sees is the
// sequential order, so the output is identical (cmd/determinism_test.go
// runs GOMAXPROCS 1, 2 and 8); the reader's next input is opened while the
// last one is audited, so several files overlap too.

// batchSize is the most rows in a batch: large enough that handing one
// over costs nothing per row (with 256, waking the other goroutine for every
// batch cost more than the overlap saved), small enough that the batches in
// flight take little memory (about 200 KiB each for ordinary rows).
const batchSize = 1024

// batchBytes bounds the bytes of the rows in a batch (their strings, see
// rowBytes): a batch is handed over when it reaches either bound, so that
// rows just under the 1 MiB record limit keep a few MiB in flight, not
// batchesInFlight × batchSize of them (3 GiB; SPEC §12).
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

// batchesInFlight is how many batches exist: one being read, one being
// audited, one spare so that neither stage waits for the other to hand
// back.
const batchesInFlight = 3

// readResult is one row of ingest.Reader.Scan: a ticket, or with rej set
// a rejected row.
type readResult struct {
	t   audit.Ticket
	rej *audit.Rejection
}

// batch is a run of rows from one input, and what happened at its end.
type batch struct {
	rows []readResult
	n    int
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

// pipeline reads inputs on its own goroutine and hands their rows over in
// batches.
type pipeline struct {
	full chan *batch    // read, waiting to be audited, in input order
	free chan *batch    // audited, ready to be read into
	quit chan struct{}  // closed when the auditor stops, at the end or early
	wg   sync.WaitGroup // the reading goroutine
}

// startPipeline starts reading inputs in order with open.
func startPipeline(inputs []string, open func(path string) (*ingest.Reader, func() error, error)) *pipeline {
	p := &pipeline{
		full: make(chan *batch, batchesInFlight),
		free: make(chan *batch, batchesInFlight),
		quit: make(chan struct{}),
	}
	for range batchesInFlight {
		p.free <- &batch{rows: make([]readResult, pipelineBatchSize)}
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer close(p.full)
		for _, path := range inputs {
			if !p.readInput(path, open) {
				return
			}
		}
	}()
	return p
}

// readInput reads one input into batches. It reports false when the audit
// stops: the input failed, or the auditor quit.
func (p *pipeline) readInput(path string, open func(string) (*ingest.Reader, func() error, error)) bool {
	b, ok := p.take()
	if !ok {
		return false
	}
	r, closeInput, err := open(path)
	if err != nil {
		b.err = err
		p.full <- b
		return false
	}
	bytes := 0
	for r.Scan(&b.rows[b.n].t) {
		b.rows[b.n].rej = r.Rejection()
		bytes += rowBytes(&b.rows[b.n])
		b.n++
		if b.n == len(b.rows) || bytes >= pipelineBatchBytes {
			bytes = 0
			p.full <- b
			if b, ok = p.take(); !ok {
				closeInput()
				return false
			}
		}
	}
	if err := r.Err(); err != nil {
		closeInput()
		b.err = err
		p.full <- b // b belongs to the auditor now
		return false
	}
	b.done, b.events = true, r.Events()
	b.layout, b.binding = r.Layout(), r.Binding()
	b.closeErr = closeInput()
	p.full <- b
	return true
}

// take returns an empty batch, or false when the auditor has quit.
func (p *pipeline) take() (*batch, bool) {
	select {
	case b := <-p.free:
		b.n, b.done, b.events, b.closeErr, b.err = 0, false, 0, nil, nil
		b.layout, b.binding = ingest.Layout{}, ingest.Binding{}
		return b, true
	case <-p.quit:
		return nil, false
	}
}

// next returns the next batch to audit, or nil after the last. The caller
// hands it back with release.
func (p *pipeline) next() *batch { return <-p.full }

func (p *pipeline) release(b *batch) { p.free <- b }

// stop ends the pipeline, early or not, and returns once the reading
// goroutine has closed its input and returned.
func (p *pipeline) stop() {
	close(p.quit)
	for range p.full {
		// Drain, so that the reader is never stuck handing over a batch.
	}
	p.wg.Wait()
}
