package cmd

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcPercent returns the collector's GOGC.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestStartHeap: startHeap raises GOGC until the first collection, after
// which checkStartHeap, or else the cleanup, puts back what it was; with
// GOGC in the environment it changes nothing.
func TestStartHeap(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(137))
	if v, ok := os.LookupEnv("GOGC"); ok {
		os.Unsetenv("GOGC")
		defer os.Setenv("GOGC", v)
	}
	startHeap()
	if p := gcPercent(); p != startHeapPercent {
		t.Fatalf("GOGC %d after startHeap, want %d", p, startHeapPercent)
	}
	checkStartHeap()
	if p := gcPercent(); p != startHeapPercent {
		t.Fatalf("GOGC %d after checkStartHeap with no collection, want %d", p, startHeapPercent)
	}
	runtime.GC()
	checkStartHeap()
	if p := gcPercent(); p != 137 {
		t.Fatalf("GOGC %d after a collection and checkStartHeap, want 137 back", p)
	}
	debug.SetGCPercent(99)
	endStartHeap() // once only
	if p := gcPercent(); p != 99 {
		t.Fatalf("a second end set GOGC %d", p)
	}

	// Without checkStartHeap, the cleanup puts GOGC back.
	debug.SetGCPercent(137)
	startHeap()
	runtime.GC()
	for deadline := time.Now().Add(5 * time.Second); gcPercent() != 137; {
		if time.Now().After(deadline) {
			t.Fatalf("GOGC %d after a collection, want 137 back", gcPercent())
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}

	os.Setenv("GOGC", "137")
	startHeap()
	if p := gcPercent(); p != 137 {
		t.Errorf("GOGC %d after startHeap with GOGC set, want 137", p)
	}
	os.Unsetenv("GOGC")
}
