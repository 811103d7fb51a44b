package cmd

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// startHeapPercent is the GOGC of startHeap: the runtime's first heap
// goal is 4 MiB × GOGC/100, so 800 lets the heap reach 32 MiB before the
// first collection.
const startHeapPercent = 800

// startHeap lets the heap grow to 32 MiB before the collector's first
// cycle, then hands the collector back to GOGC (100 unless set), as the
// Go compiler does at its start (cmd/compile's AdjustStartingHeap): the
// package initialisers and an audit's set-up allocate some 10 MiB at once
// (excelize's tables, the batches of the pipeline), and collecting a
// heap that small, twice in its first 30 milliseconds, took 30% of the
// time of a run on a small export (10 rows: 50 ms, now 35; medians of 21
// pairs). A GOGC set in the environment is left alone.
//
// A goroutine looks every 2 ms for the first cycle's end: a cleanup or
// finalizer of an object freed by it runs only once its span is swept,
// which on one core came a second later, with the heap goal of GOGC 800
// (9× the live heap) in force meanwhile.
func startHeap() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	cycles := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(cycles)
	before := cycles[0].Value.Uint64()
	old := debug.SetGCPercent(startHeapPercent)
	go func() {
		for {
			time.Sleep(2 * time.Millisecond)
			metrics.Read(cycles)
			if cycles[0].Value.Uint64() > before {
				debug.SetGCPercent(old)
				return
			}
		}
	}()
}
