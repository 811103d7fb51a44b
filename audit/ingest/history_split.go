package ingest

import (
	"errors"
	"io"
	"sync"

	"github.com/slaaudit/slaaudit/audit"
)

// A history's events fold into their tickets' state in input order, and a
// ticket is complete only at the end of the input, so the fold is not
// split. But reading and checking a row (the CSV scanner or the JSON
// walk, the instant, the text checks, the id's hash: eventChecker.check)
// costs more than folding it (history.fold), and does not depend on other
// rows. So with Options.HistoryWorkers a history in CSV with a one-byte
// delimiter, in NDJSON or in a JSON array is cut into chunks of whole
// records by a Splitter, as an export of ticket rows is; workers read and
// check the rows of each chunk into events, and the caller's goroutine
// folds the events, chunk by chunk, in input order. The chunks start where
// records start and know their first line (or index), so the events, their
// positions and the file error that ends reading, if any, are those of the
// sequential reader (TestHistorySplitAgrees, TestHistorySplitAgreesJSON);
// a chunk followed by the rest of the input (Chunk.Rest) is read
// sequentially. What the sequential reader learns of a JSON history's keys
// (the binding, the --map keys met, SPEC §9) each chunk learns of its own,
// and the fold adds it up in input order (historyJSON.foldKeys).

// histChunkBytes and histChunkLines bound a chunk of a split history, as
// chunkBytes and chunkLines in cmd bound one of ticket rows: 512 events
// of some 60 bytes, whose checked events take about 150 KiB; changed by
// tests only.
var (
	histChunkBytes = 32 << 10
	histChunkLines = 512
)

// maxHistoryWorkers bounds Options.HistoryWorkers, as cmd's maxWorkers
// bounds the workers of ticket rows: on two cores, two workers and the
// folding goroutine read a 1M-ticket history in 0.72–0.77 of the time of
// one goroutine, and beyond a few workers the fold, which stays on one
// goroutine, bounds it.
const maxHistoryWorkers = 4

// errUnsplit tells the caller of histSplit.next to read the history's
// source sequentially from here on.
var errUnsplit = errors.New("ingest: read the rest of the history in order")

// histJob is a chunk of a split history and the events checked from it.
type histJob struct {
	c   Chunk
	evs []event
	// err is what ended reading the chunk's rows: io.EOF at its end, or
	// the file error the sequential reader meets after evs.
	err error
	// done receives a token when a worker is done with the job.
	done chan struct{}
	// src (CSV), json or threads reads the chunk, and ev is its last row;
	// all are reused from chunk to chunk. json also learns the chunk's
	// keys.
	src     *historyCSV
	json    *historyJSON
	threads *threadSource
	ev      eventRow
}

// histSplit feeds the events of a split history to its fold in input
// order. One goroutine cuts the chunks (cut) and hands each to the workers
// and, in input order, to the fold (order); the fold hands each back
// (free) once it has folded its events. So a few chunks a worker are cut
// ahead of the one being folded (cur).
type histSplit struct {
	h       *history // the fold's, not the workers'
	checker eventChecker
	sp      *Splitter
	// cols are the columns of a history in CSV; json (to which the
	// chunks' keys are added) or threads (a preset's conversations) the
	// source of one in JSON, whose records sp.recs are.
	cols    [numHistFields]int
	json    *historyJSON
	threads *threadSource
	jobs    chan *histJob // to the workers
	order   chan *histJob // to the fold, closed after the last chunk
	free    chan *histJob // back to cut
	quit    chan struct{}
	stopped sync.Once
	cur     *histJob
	k       int // the next event of cur
}

// splitHistory starts reading the rest of a history on workers goroutines,
// or returns nil when it cannot be split: it is not CSV read with the
// scanner (a one-byte delimiter), NDJSON or a JSON array, or no more than
// one worker is asked for.
func (r *Reader) splitHistory(workers int) *histSplit {
	h := r.hist
	if workers < 2 {
		return nil
	}
	workers = min(workers, maxHistoryWorkers)
	sp := &Splitter{r: r, size: histChunkBytes, maxLines: histChunkLines}
	s := &histSplit{h: h, checker: h.checker, sp: sp}
	switch src := h.src.(type) {
	case *historyCSV:
		if src.s.sc == nil || src.s.sc.br == nil {
			return nil
		}
		sp.src, sp.br, sp.line = src.s, src.s.sc.br, src.s.sc.line
		s.cols = src.cols
	case *historyJSON:
		sp.recs, s.json = src.objs, src
	case *threadSource:
		sp.recs, s.threads = src.objs, src
	default:
		return nil
	}
	if o := sp.recs; o != nil {
		if o.ndjson {
			sp.br, sp.line = o.br, o.line
		} else {
			sp.decoded = true
		}
	}
	sp.openRest(false)
	// Two chunks for each worker, one it reads while the other waits; two
	// more, so that the workers go on while the fold waits for the next
	// chunk in order; and the one being folded. Each channel has room for
	// all of them, so that no send blocks.
	n := 2*workers + 3
	s.jobs, s.order, s.free = make(chan *histJob, n), make(chan *histJob, n), make(chan *histJob, n)
	s.quit = make(chan struct{})
	for range n {
		s.free <- &histJob{done: make(chan struct{}, 1)}
	}
	go s.cut()
	for range workers {
		go s.work()
	}
	r.closers = append(r.closers, s)
	return s
}

// cut cuts the chunks, until the input ends or Close: each goes to the
// workers and to the fold, but a chunk followed by the rest of the input
// only to the fold, which reads it (next).
func (s *histSplit) cut() {
	defer close(s.order)
	defer close(s.jobs)
	for {
		var j *histJob
		select {
		case j = <-s.free:
		case <-s.quit:
			return
		}
		c, err := s.sp.Next()
		if err != nil {
			return // Next fails only with io.EOF
		}
		j.c, j.err = c, nil
		if !c.Rest() {
			s.jobs <- j // never blocks: it has room for every job
		}
		s.order <- j // nor this
		if c.Rest() {
			return
		}
	}
}

// work checks the events of each job it is handed.
func (s *histSplit) work() {
	for j := range s.jobs {
		j.read(s)
		j.done <- struct{}{}
	}
}

// read reads and checks the rows of the job's chunk, as the sequential
// reader does (historyCSV.next or historyJSON.next, eventChecker.check),
// into j.evs; a row that is not an event object is an event with its
// rejection.
func (j *histJob) read(s *histSplit) {
	var src eventSource
	switch {
	case s.json != nil:
		if j.json == nil {
			j.json = &historyJSON{objs: s.sp.records(j.c)}
		}
		j.c.setRecords(j.json.objs)
		// What the chunk learns of keys, from its first record on.
		*j.json = historyJSON{objs: j.json.objs, fm: s.json.fm}
		src = j.json
	case s.threads != nil:
		if j.threads == nil {
			j.threads = &threadSource{objs: s.sp.records(j.c), paths: s.threads.paths}
		}
		j.c.setRecords(j.threads.objs)
		j.threads.pending = j.threads.pending[:0]
		src = j.threads
	default:
		if j.src == nil {
			j.src = &historyCSV{s: &csvSource{name: s.sp.src.name, sc: s.sp.scanner(j.c)}, cols: s.cols}
		}
		j.c.setScanner(j.src.s.sc)
		src = j.src
	}
	j.evs = j.evs[:0]
	for {
		err := src.next(&j.ev)
		if rej, ok := err.(*audit.Rejection); ok {
			j.evs = append(j.evs, event{src: rej.Source, rej: rej})
			continue
		}
		if j.err = err; err != nil {
			return
		}
		j.evs = append(j.evs, event{})
		s.checker.check(&j.ev, &j.evs[len(j.evs)-1])
	}
}

// next returns the next event in input order; io.EOF at the end of the
// input; the file error that ends it; or errUnsplit, having made h.src
// read the rest of the input, which the caller then reads sequentially.
func (s *histSplit) next() (*event, error) {
	for {
		if j := s.cur; j != nil {
			if s.k < len(j.evs) {
				s.k++
				return &j.evs[s.k-1], nil
			}
			if j.err != io.EOF {
				s.Close()
				return nil, j.err
			}
			s.cur = nil
			s.free <- j // never blocks: free has room for every job
		}
		j, ok := <-s.order
		if !ok {
			s.Close()
			return nil, io.EOF
		}
		if j.c.Rest() {
			// The rest of the input follows: read it in order, as the
			// sequential reader does.
			s.Close()
			switch {
			case s.json != nil:
				s.json.objs = s.sp.records(j.c)
			case s.threads != nil:
				s.threads.objs = s.sp.records(j.c)
			default:
				s.h.src = &historyCSV{s: &csvSource{name: s.sp.src.name, sc: s.sp.scanner(j.c)}, cols: s.cols, binding: s.h.binding}
			}
			return nil, errUnsplit
		}
		<-j.done
		if s.json != nil {
			s.json.foldKeys(j.json)
		}
		s.cur, s.k = j, 0
	}
}

// Close stops the chunks being cut, and the workers once they are done
// with the chunks they have; the Reader's Close calls it.
func (s *histSplit) Close() error {
	s.stopped.Do(func() { close(s.quit) })
	return nil
}
