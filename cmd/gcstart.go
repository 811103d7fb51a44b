package cmd

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// startHeapPercent is the GOGC of startHeap: the runtime's first heap
// goal is 4 MiB × GOGC/100, so 300 lets the heap reach 12 MiB before the
// first collection. 800 (32 MiB) did as well for a small export, but a
// large one then grew its heap to 32 MiB before the first collection
// gave it a goal of about 20, and a page the heap takes from the system
// is costly the first time it is touched (11 µs on the project's VM): with
// 300, -o json of 1M tickets took 0.96 times the time and 36 MiB at its
// peak, not 42 (31 pairs; -o table 1.02 times, --quiet and a 10-row check
// the same).
const startHeapPercent = 300

// heapStart is what startHeap changed: GOGC before it, and the number of
// collections then; active says that GOGC is still startHeapPercent.
var heapStart struct {
	mu     sync.Mutex
	active bool
	gogc   int
	cycles uint64
}

// startHeap lets the heap grow to 12 MiB before the collector's first
// cycle, then puts GOGC back (100 unless set), as the Go compiler does at
// its start (cmd/compile's AdjustStartingHeap): the package initialisers
// and an audit's set-up allocate some 10 MiB at once (excelize's tables,
// the batches of the pipeline), and collecting a heap that small, twice in
// its first 30 milliseconds, took 30% of the time of a run on a small
// export (10 rows: 50 ms, now 35; medians of 21 pairs). A GOGC set in the
// environment is left alone.
//
// Once the first cycle is over, GOGC goes back as soon as an audit records
// its next batch (checkStartHeap), or a cleanup of an object that cycle
// freed runs, whichever comes first: the cleanup runs only once the
// object's span is swept, which on one core came a second later, with the
// heap goal of startHeapPercent (4× the live heap) in force meanwhile. (Putting
// GOGC back after the first batch instead cost a collection, 1.04× the
// time of --quiet on 1M tickets; reading the cycle count every 2 ms on a
// goroutine of its own, 1.07×.)
func startHeap() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	heapStart.mu.Lock()
	defer heapStart.mu.Unlock()
	heapStart.cycles = gcCycles()
	heapStart.gogc = debug.SetGCPercent(startHeapPercent)
	heapStart.active = true
	// sentinel is unreachable at once: its cleanup runs after the first
	// collection.
	sentinel := new([16]*byte)
	runtime.AddCleanup(sentinel, func(struct{}) { endStartHeap() }, struct{}{})
}

// checkStartHeap ends startHeap once a collection has run since.
func checkStartHeap() {
	heapStart.mu.Lock()
	active, before := heapStart.active, heapStart.cycles
	heapStart.mu.Unlock()
	if active && gcCycles() > before {
		endStartHeap()
	}
}

// endStartHeap puts GOGC back, if startHeap changed it.
func endStartHeap() {
	heapStart.mu.Lock()
	defer heapStart.mu.Unlock()
	if heapStart.active {
		debug.SetGCPercent(heapStart.gogc)
		heapStart.active = false
	}
}

// gcCycles returns the number of collections so far.
func gcCycles() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
