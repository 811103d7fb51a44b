package ingest

import (
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// FuzzHistoryReader reads arbitrary CSV as a history and checks the
// invariants of SPEC §6 "Ticket histories": no panic; every ticket id comes
// out once, as a ticket or a rejection; positions lie in the file; a ticket
// is answered no earlier than it was submitted; and when the file reads to
// the end, every non-blank record after the header is one event, and the
// outcomes are the distinct ticket ids plus the rows without one.
func FuzzHistoryReader(f *testing.F) {
	if data, err := os.ReadFile("../../testdata/history-2026-10.csv"); err == nil {
		f.Add(string(data))
	}
	f.Add(histHeader + "7,2026-10-02T17:00:00Z,reply,customer,true,,,,\n7,2026-10-02T17:30:00Z,created,customer,true,acme,premium,,\n")
	f.Add(histHeader + "7,2026-10-02T17:30:00Z,created,,maybe,acme,,,\n,x,y\n8,soon,note\n7,2026-10-02T17:35:00Z,created,customer,true,globex\n")
	f.Add("\uFEFFTicket ID,At,Event,Actor,Public\r\n\"7\n\",2026-10-02 17:30,created,,\r\n7,2026-10-02 17:31:00.5+02:00,reply,agent,1\r\n")
	la := mustZone(f, "America/Los_Angeles")
	f.Add(`[{"ticket_id":7,"at":"2026-10-02T17:30:00Z","event":"created","public":true},{"ticket_id":"7","at":1,"event":"reply"},[],{"ticket_id":{}}]`)
	f.Add("{\"ticket_id\":\"7\",\"at\":\"2026-10-02T17:30:00Z\",\"event\":\"created\"}\n\n{\"ticket_id\":\"\"}\n")
	f.Fuzz(func(t *testing.T, data string) {
		fuzzHistoryJSON(t, data, la)
		r, err := fuzzReader(t, data, "f.csv", Options{InputTZ: la, Shape: ShapeHistory, Trail: true})
		if err != nil {
			return
		}
		lines := strings.Count(data, "\n") + 1
		outs := drainOutcomes(t, r, strings.Count(data, "\n")+1)
		seen := map[string]bool{}
		noID := 0
		for _, o := range outs {
			src, id, ok := o.row(t)
			if !ok {
				continue
			}
			if tk := o.ticket; tk != nil && tk.Answered() && tk.FirstResponse.Before(tk.Submitted) {
				t.Fatalf("ticket %q answered at %v before its submission %v", tk.ID, tk.FirstResponse, tk.Submitted)
			}
			if src.File != "f.csv" || src.IsIndex || src.Line < 2 || src.Line > lines {
				t.Fatalf("position %+v outside a file of %d lines", src, lines)
			}
			if id == "" {
				noID++
				continue
			}
			if seen[id] {
				t.Fatalf("ticket %q comes out twice", id)
			}
			seen[id] = true
		}
		if outs[len(outs)-1].err != io.EOF {
			return
		}
		want, refErr := referenceCSVRows(data)
		if refErr != nil {
			t.Fatalf("encoding/csv fails (%v) but the reader ends cleanly", refErr)
		}
		if r.Events() != want {
			t.Fatalf("Events() = %d, want %d non-blank records", r.Events(), want)
		}
		if n := len(outs) - 1; n != len(seen)+noID || n > r.Events() {
			t.Fatalf("%d outcomes for %d ids, %d rows without one and %d events", n, len(seen), noID, r.Events())
		}
	})
}

// fuzzHistoryJSON reads data as a JSON history: no panic, every ticket id
// once, positions in the file, and one outcome per id or row without one.
func fuzzHistoryJSON(t *testing.T, data string, la *time.Location) {
	r, err := fuzzReader(t, data, "f.json", Options{InputTZ: la, Shape: ShapeHistory, Trail: true})
	if err != nil {
		return
	}
	lines := strings.Count(data, "\n") + 1
	outs := drainOutcomes(t, r, len(data))
	seen := map[string]bool{}
	rows := 0
	for _, o := range outs {
		src, id, ok := o.row(t)
		if !ok {
			continue
		}
		rows++
		if src.File != "f.json" || (src.IsIndex && src.Index >= len(data)) || (!src.IsIndex && (src.Line < 1 || src.Line > lines)) {
			t.Fatalf("position %+v outside the input", src)
		}
		if id != "" && seen[id] {
			t.Fatalf("ticket %q comes out twice", id)
		}
		seen[id] = true
	}
	if rows > r.Events() {
		t.Fatalf("%d outcomes from %d events", rows, r.Events())
	}
}
