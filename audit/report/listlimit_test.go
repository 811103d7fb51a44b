package report

import (
	"bytes"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/ingest"
	"github.com/slaaudit/slaaudit/audit/sample"
	"github.com/slaaudit/slaaudit/plans"
)

// auditSample audits a sample export of n tickets (with bad rows) with the
// given list limit, keeping the breaches.
func auditSample(t *testing.T, n, limit int) *audit.Result {
	t.Helper()
	var csv bytes.Buffer
	if err := sample.Write(&csv, sample.Options{Tickets: n, Seed: 3, Month: "2026-10", Bad: n / 5}); err != nil {
		t.Fatal(err)
	}
	set := plans.Builtin()
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, set.Location)
	a := audit.New(audit.Options{Plans: set, AsOf: from.AddDate(0, 1, 0), KeepBreaches: true, ListLimit: limit})
	r, err := ingest.NewReader(&csv, "export.csv", ingest.Options{InputTZ: set.Location})
	if err != nil {
		t.Fatal(err)
	}
	var tk audit.Ticket
	for r.Scan(&tk) {
		if rej := r.Rejection(); rej != nil {
			a.Reject(*rej)
		} else {
			a.Audit(&tk)
		}
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return a.Result()
}

// TestMarkdownSameWithListLimit: the Markdown report of an audit that kept
// only the MarkdownRowLimit first breaches and rejected rows is the report
// of one that kept them all.
func TestMarkdownSameWithListLimit(t *testing.T) {
	all := auditSample(t, 3000, 0)
	if all.Breaches.Len() <= MarkdownRowLimit || all.Rejected.Len() <= MarkdownRowLimit {
		t.Fatalf("the sample has %d breaches and %d rejected rows; want over %d of each",
			all.Breaches.Len(), all.Rejected.Len(), MarkdownRowLimit)
	}
	capped := auditSample(t, 3000, MarkdownRowLimit)
	if capped.Breaches.Len() != MarkdownRowLimit || capped.Rejected.Len() != MarkdownRowLimit {
		t.Fatalf("capped audit kept %d breaches and %d rejected rows", capped.Breaches.Len(), capped.Rejected.Len())
	}
	var want, got bytes.Buffer
	if err := Markdown(&want, all, Meta{}); err != nil {
		t.Fatal(err)
	}
	if err := Markdown(&got, capped, Meta{}); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("Markdown differs with ListLimit:\n%s\n--- want ---\n%s", got.String(), want.String())
	}
}
