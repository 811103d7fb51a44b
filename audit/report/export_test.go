package report

import (
	"io"

	"github.com/slaaudit/slaaudit/audit"
)

// The whole-result forms of the streamed formats, for tests over a Result
// that kept its tickets or breaches: the same bytes as the streams the
// command feeds as the audit runs.

// JSON writes the JSON report of r.Tickets through a JSONStream.
func JSON(w io.Writer, r *audit.Result, m Meta) error {
	s := NewJSONStream(w)
	for i := range r.Tickets {
		s.Add(&r.Tickets[i])
	}
	return s.Close(r, m)
}

// JUnit writes the JUnit report of r.Tickets through a JUnitTickets.
func JUnit(w io.Writer, r *audit.Result, m Meta) error {
	t := NewJUnitTickets()
	for i := range r.Tickets {
		t.Add(&r.Tickets[i])
	}
	return JUnitWithTickets(w, r, m, t)
}

// GitHub writes the annotations of r.Breaches, at most DefaultAnnotations.
func GitHub(w io.Writer, r *audit.Result, m Meta) error {
	g := NewGitHubAnnotations(DefaultAnnotations)
	for _, v := range r.Breaches.All() {
		g.Add(v)
	}
	return GitHubWithAnnotations(w, r, m, g)
}
