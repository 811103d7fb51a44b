package report

import (
	"strings"

	"github.com/slaaudit/slaaudit/audit"
)

// mdLimit is the number of rows a Markdown list shows: --limit when given,
// never more than MarkdownRowLimit.
func mdLimit(m Meta) int {
	if m.Limit > 0 && m.Limit < MarkdownRowLimit {
		return m.Limit
	}
	return MarkdownRowLimit
}

// mdMore writes the "… and N more" line of a list of total items of which
// shown were written; use says where the rest is.
func mdMore(p *printer, total, shown int, use string) {
	if n := total - shown; n > 0 {
		p.printf("\n… and %d more (use %s)\n", n, use)
	}
}

// writeMDGroups writes a summary or breakdown table with an optional total
// row (zero Tickets leaves it out).
func writeMDGroups(p *printer, title string, rows []audit.Group, total audit.Group) {
	p.printf("| %s | %s |\n", mdCell(title), strings.Join(groupHeader, " | "))
	p.println("| --- |" + strings.Repeat(" ---: |", len(groupHeader)))
	row := func(key string, g audit.Group) {
		p.printf("| %s | %d | %d | %d | %d | %d | %d | %s | %s | %s | %s | %s |\n", key, g.Tickets, g.Met,
			g.Breached, g.Severe, g.Pending, g.Excluded, groupAttainment(g),
			quantileText(g.ResponseP50), quantileText(g.ResponseP90), quantileText(g.LateP50), quantileText(g.LateP90))
	}
	for _, g := range rows {
		row(mdCell(keyText(g.Key)), g)
	}
	if title == "Plan" {
		row("**Total**", total)
	}
}

func writeMDBreakdowns(p *printer, r *audit.Result) {
	for _, b := range r.Breakdowns {
		p.printf("\n### By %s (%d)\n\n", b.By, len(b.Rows))
		writeMDGroups(p, dimensionTitle(b.By), b.Rows, audit.Group{})
	}
}

func writeMDDueSoon(p *printer, r *audit.Result, m Meta) {
	if !m.DueSoon {
		return
	}
	if r.DueSoon.Total == 0 {
		p.printf("\n### %s: none\n", dueTitle(m))
		return
	}
	p.printf("\n### %s (%d)\n\n", dueTitle(m), r.DueSoon.Total)
	writeMDPending(p, r, r.DueSoon, m)
}

func writeMDPending(p *printer, r *audit.Result, l audit.List, m Meta) {
	p.println("| ID | Customer | Plan | Class | Submitted | Deadline | Left |")
	p.println("| --- | --- | --- | --- | --- | --- | ---: |")
	shown := min(len(l.Verdicts), mdLimit(m))
	for i := range l.Verdicts[:shown] {
		v := &l.Verdicts[i]
		loc := zoneOf(r, v)
		p.printf("| %s | %s | %s | %s | %s | %s | %s |\n", mdCell(v.Ticket.ID), mdCell(v.Ticket.Customer),
			mdCell(targetText(v)), classText(v), stamp(v.Ticket.Submitted, loc), stamp(v.Deadline, loc),
			FormatLate(v.TimeLeft(r.AsOf)))
	}
	mdMore(p, l.Total, shown, "`-o json` or `-o csv` for every ticket")
}

// writeMDLists writes the excluded and pending lists the Result kept.
func writeMDLists(p *printer, r *audit.Result, m Meta) {
	if l := r.Excluded; l.Total > 0 {
		p.printf("\n### Excluded (%d)\n\n", l.Total)
		p.println("| ID | Customer | Plan | Channel | Submitted | Reason |")
		p.println("| --- | --- | --- | --- | --- | --- |")
		shown := min(len(l.Verdicts), mdLimit(m))
		for i := range l.Verdicts[:shown] {
			v := &l.Verdicts[i]
			p.printf("| %s | %s | %s | %s | %s | %s |\n", mdCell(v.Ticket.ID), mdCell(v.Ticket.Customer),
				mdCell(v.Plan.Display), mdCell(strings.TrimSpace(v.Ticket.Channel)),
				stamp(v.Ticket.Submitted, zoneOf(r, v)), mdCell(v.Reason))
		}
		mdMore(p, l.Total, shown, "`-o json` or `-o csv` for every ticket")
	}
	if l := r.Pending; l.Total > 0 {
		p.printf("\n### Pending (%d)\n\n", l.Total)
		writeMDPending(p, r, l, m)
	}
}
