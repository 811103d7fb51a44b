package report

import (
	"container/heap"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/slaaudit/slaaudit/audit"
)

// DefaultAnnotations is how many ::error annotations -o github prints by
// default: GitHub shows at most 10 error annotations per step (and 10
// warnings), so more would be dropped by GitHub without notice.
const DefaultAnnotations = 10

// GitHubAnnotations keeps the breaches -o github annotates while an audit
// runs: the worst N (severe first, then the latest), and nothing else, so
// that the memory it needs does not grow with the tickets. Feed it every
// verdict with Add (audit.Options.OnVerdict), then write with
// GitHubWithAnnotations.
type GitHubAnnotations struct {
	max  int
	kept ghHeap
}

// NewGitHubAnnotations returns a collection that keeps the n worst
// breaches; n < 0 counts as 0.
func NewGitHubAnnotations(n int) *GitHubAnnotations {
	return &GitHubAnnotations{max: max(n, 0)}
}

// ghBreach is what an ::error annotation says about one breach.
type ghBreach struct {
	id, customer, plan string
	source             audit.Source
	submitted          time.Time
	deadline           time.Time
	loc                *time.Location
	late               time.Duration
	severe, unanswered bool
}

// worse reports whether a is annotated before b: severe first, then by
// lateness, then by submission and id (so the order is total).
func (a *ghBreach) worse(b *ghBreach) bool {
	if a.severe != b.severe {
		return a.severe
	}
	if a.late != b.late {
		return a.late > b.late
	}
	if !a.submitted.Equal(b.submitted) {
		return a.submitted.Before(b.submitted)
	}
	return a.id < b.id
}

// ghHeap is a min-heap of the kept breaches: the root is the least bad, the
// first to give way to a worse one.
type ghHeap []ghBreach

func (h ghHeap) Len() int           { return len(h) }
func (h ghHeap) Less(i, j int) bool { return h[j].worse(&h[i]) }
func (h ghHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *ghHeap) Push(x any)        { *h = append(*h, x.(ghBreach)) }
func (h *ghHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Add considers verdict v; only breaches matter. It keeps no reference to v.
func (g *GitHubAnnotations) Add(v *audit.Verdict) {
	if v.Status != audit.Breached || g.max == 0 {
		return
	}
	b := ghBreach{
		id: v.Ticket.ID, customer: v.Ticket.Customer, plan: v.Plan.Display,
		source: v.Ticket.Source, submitted: v.Ticket.Submitted, deadline: v.Deadline,
		loc: v.Plan.Location, late: v.Late, severe: v.Severe, unanswered: v.Unanswered,
	}
	if len(g.kept) == g.max {
		if !b.worse(&g.kept[0]) {
			return
		}
		heap.Pop(&g.kept)
	}
	// Copied only when kept: a reader's strings may share its buffer.
	b.id, b.customer, b.source.File = strings.Clone(b.id), strings.Clone(b.customer), strings.Clone(b.source.File)
	heap.Push(&g.kept, b)
}

// GitHubWithAnnotations writes GitHub Actions workflow commands: an ::error
// annotation for each breach g kept (severe first, then the latest) on the
// ticket's file and line, a ::warning for each of the first rejected rows
// (as many as g keeps breaches), and a final ::notice with the accounting,
// the totals and how many breaches and rejected rows were not annotated.
// GitHub shows only 10 annotations of each kind per step, so annotating
// every breach in submission order showed the oldest and hid the severe
// ones. A source given as file:#index (a JSON array) has no line. Messages
// and properties are escaped as the runner requires, so a value cannot end
// a command early or start another.
func GitHubWithAnnotations(w io.Writer, r *audit.Result, m Meta, g *GitHubAnnotations) error {
	p := &printer{w: w}
	kept := append([]ghBreach(nil), g.kept...)
	sort.Slice(kept, func(i, j int) bool { return kept[i].worse(&kept[j]) })
	for i := range kept {
		b := &kept[i]
		title := "SLA breach"
		if b.severe {
			title = "Severe SLA breach"
		}
		late := "late " + FormatLate(b.late)
		if b.unanswered {
			late = "unanswered, " + late
		}
		loc := b.loc
		if loc == nil {
			loc = r.Plans.Location
		}
		msg := fmt.Sprintf("%s (%s, %s) %s — deadline %s", b.id, b.customer, b.plan, late, stamp(b.deadline, loc))
		p.println("::error " + ghProperties(b.source, title) + "::" + ghData(msg))
	}
	warned := min(r.Rejected.Len(), g.max)
	for i, rj := range r.Rejected.All() {
		if i == warned {
			break
		}
		p.println("::warning " + ghProperties(rj.Source, "Rejected row") + "::" + ghData(rj.Message()))
	}
	summary := countsLine(r.Counts)
	summary += fmt.Sprintf("; breached %d (severe %d), met %d, pending %d; attainment %s",
		r.Total.Breached, r.Total.Severe, r.Total.Met, r.Total.Pending, attainmentText(r.Total))
	var rest []string
	if n := r.Total.Breached - len(kept); n > 0 {
		rest = append(rest, fmt.Sprintf("%d breach(es)", n))
	}
	if n := r.Counts.Rejected - warned; n > 0 {
		rest = append(rest, fmt.Sprintf("%d rejected row(s)", n))
	}
	if len(rest) > 0 {
		summary += fmt.Sprintf("; not annotated: %s (GitHub shows 10 annotations of a kind per step; annotated are the %d worst breaches, severe first, and the first %d rejected rows; --annotations N changes that, -o markdown or -o json lists every one)",
			strings.Join(rest, " and "), g.max, g.max)
	}
	p.println("::notice title=slaaudit::" + ghData(summary))
	return p.err
}

// ghProperties formats file=…,line=…,title=… for a source.
func ghProperties(src audit.Source, title string) string {
	props := []string{"file=" + ghProperty(src.File)}
	// SPEC §3.6: file:#index sources have no line to point at.
	if !src.IsIndex && src.Line > 0 {
		props = append(props, "line="+strconv.Itoa(src.Line))
	}
	props = append(props, "title="+ghProperty(title))
	return strings.Join(props, ",")
}

// ghData escapes a workflow command message as the runner requires (CR and
// LF as %0D and %0A), then makes any other control character visible.
func ghData(s string) string { return visible(ghDataEscaper.Replace(s)) }

var ghDataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")

// ghProperty escapes a workflow command property value.
func ghProperty(s string) string { return visible(ghPropertyEscaper.Replace(s)) }

var ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
