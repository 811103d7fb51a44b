package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

// This file renders what SPEC §10 adds to a report: the percentiles, the
// breakdowns, the due-soon, excluded and pending lists, and the fitting of
// tables to the terminal. Every figure comes from the engine
// (audit.ReportLists, audit.Group); nothing here decides.

// quantileText formats a percentile for people (FormatLate), "—" when the
// group has none.
func quantileText(q audit.Quantile) string {
	if !q.Valid {
		return "—"
	}
	return FormatLate(q.Value)
}

// quantileJSON is a percentile in whole seconds, nil (null) when none.
func quantileJSON(q audit.Quantile) *int64 {
	s, ok := q.Seconds()
	if !ok {
		return nil
	}
	return &s
}

// groupAttainment formats a group's attainment as attainmentText does.
func groupAttainment(g audit.Group) string {
	return attainmentText(audit.PlanSummary{Tally: g.Tally})
}

// keyText shows a breakdown key to people: a blank customer, channel or
// priority is "(blank)".
func keyText(k string) string {
	if k == "" {
		return "(blank)"
	}
	return k
}

// dimensionTitle is the heading of a breakdown's key column: "Customer".
func dimensionTitle(by audit.Dimension) string {
	s := by.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// groupHeader is the header of a summary or breakdown table after its key
// column; groupShort the compact titles.
var (
	groupHeader = []string{"Tickets", "Met", "Breached", "Severe", "Pending", "Excluded", "Attainment",
		"Resp p50", "Resp p90", "Late p50", "Late p90"}
	groupShort = []string{"Tkts", "Met", "Brch", "Sev", "Pend", "Excl", "Att", "R50", "R90", "L50", "L90"}
)

// groupCells are a group's cells after its key, for people.
func groupCells(o Options, g audit.Group) []string {
	return []string{strconv.Itoa(g.Tickets), countCell(o, colorMet, g.Met), countCell(o, colorBreach, g.Breached),
		countCell(o, colorSevere, g.Severe), strconv.Itoa(g.Pending), strconv.Itoa(g.Excluded), groupAttainment(g),
		quantileText(g.ResponseP50), quantileText(g.ResponseP90), quantileText(g.LateP50), quantileText(g.LateP90)}
}

// groupTable renders a summary or breakdown table: key column title, rows
// and an optional total footer.
func groupTable(o Options, title string, rows []audit.Group, total *audit.Group) string {
	g := &grid{cols: []column{{title: title, short: title, cut: true}}}
	for i, h := range groupHeader {
		g.cols = append(g.cols, column{title: h, short: groupShort[i], right: true})
	}
	for _, r := range rows {
		g.add(nil, append([]string{visible(keyText(r.Key))}, groupCells(o, r)...)...)
	}
	if total != nil {
		g.footer = append([]string{"Total"}, groupCells(o, *total)...)
	}
	return g.draw(o)
}

// summaryGroups turns the per-plan summary into groups keyed by display
// name, for the tables.
func summaryGroups(r *audit.Result) []audit.Group {
	out := make([]audit.Group, len(r.Summary))
	for i, s := range r.Summary {
		out[i] = s.Group()
		out[i].Key = s.Display
	}
	return out
}

func writeBreakdowns(p *printer, r *audit.Result, o Options) {
	for _, b := range r.Breakdowns {
		p.println("")
		p.println(fmt.Sprintf("By %s (%d)", b.By, len(b.Rows)))
		p.println(groupTable(o, dimensionTitle(b.By), b.Rows, nil))
	}
}

// moreLine is the line under a capped list (SPEC §10); use says where the
// rest is: "-o json or -o csv for every ticket".
func moreLine(n int, use string) string {
	return fmt.Sprintf("… and %d more (use %s)", n, use)
}

// dueTitle heads the due-soon list: "Due within 4h".
func dueTitle(m Meta) string { return "Due within " + plans.FormatDuration(m.DueWithin) }

// zoneOf is the zone a verdict's times are shown in: its plan's, else the
// report's.
func zoneOf(r *audit.Result, v *audit.Verdict) *time.Location {
	if v.Plan != nil && v.Plan.Location != nil {
		return v.Plan.Location
	}
	return r.Plans.Location
}

// Columns the ticket lists share.
var (
	colID       = column{title: "ID", short: "ID", cut: true, cutOrder: 2}
	colCustomer = column{title: "Customer", short: "Customer", cut: true, cutOrder: 1}
	colPlan     = column{title: "Plan", short: "Plan", cut: true, cutOrder: 3}
	colClass    = column{title: "Class", short: "-"}
)

func stampColumn(title string) column {
	return column{title: title, short: title, compact: shortStamp}
}

// pendingTable lists pending tickets with their time left at the audit
// instant (the due-soon list has the same shape).
func pendingTable(r *audit.Result, vs []audit.Verdict, o Options) string {
	g := &grid{cols: []column{colID, colCustomer, colPlan, colClass, stampColumn("Submitted"), stampColumn("Deadline"),
		{title: "Left", short: "Left", right: true}}}
	for i := range vs {
		v := &vs[i]
		loc := zoneOf(r, v)
		g.add(nil, visible(v.Ticket.ID), visible(v.Ticket.Customer), visible(targetText(v)),
			classText(v), stamp(v.Ticket.Submitted, loc), stamp(v.Deadline, loc), FormatLate(v.TimeLeft(r.AsOf)))
	}
	return g.draw(o)
}

// excludedTable lists excluded tickets with the reason.
func excludedTable(r *audit.Result, vs []audit.Verdict, o Options) string {
	g := &grid{cols: []column{colID, colCustomer, colPlan, {title: "Channel", short: "Channel", cut: true, cutOrder: 4},
		stampColumn("Submitted"), {title: "Reason", short: "Reason", cut: true}}}
	for i := range vs {
		v := &vs[i]
		g.add(nil, visible(v.Ticket.ID), visible(v.Ticket.Customer), visible(v.Plan.Display),
			visible(strings.TrimSpace(v.Ticket.Channel)), stamp(v.Ticket.Submitted, zoneOf(r, v)), visible(v.Reason))
	}
	return g.draw(o)
}

// writeDueSoon writes the due-soon list of the table report (with
// --due-within), capped as the engine kept it.
func writeDueSoon(p *printer, r *audit.Result, m Meta, o Options) {
	if !m.DueSoon {
		return
	}
	p.println("")
	if r.DueSoon.Total == 0 {
		p.println(dueTitle(m) + ": none")
		return
	}
	p.println(fmt.Sprintf("%s (%d)", dueTitle(m), r.DueSoon.Total))
	p.println(pendingTable(r, r.DueSoon.Verdicts, o))
	if n := r.DueSoon.More(); n > 0 {
		p.println(moreLine(n, "-o json or -o csv for every ticket"))
	}
}

// writeOtherLists writes the excluded and pending lists the Result kept.
func writeOtherLists(p *printer, r *audit.Result, o Options) {
	writeList(p, r, o, "Excluded", r.Excluded, excludedTable)
	writeList(p, r, o, "Pending", r.Pending, pendingTable)
}

// writeList writes one kept list under its title, or nothing when it is
// empty.
func writeList(p *printer, r *audit.Result, o Options, title string, l audit.List,
	table func(*audit.Result, []audit.Verdict, Options) string) {
	if l.Total == 0 {
		return
	}
	p.println("")
	p.println(fmt.Sprintf("%s (%d)", title, l.Total))
	p.println(table(r, l.Verdicts, o))
	if n := l.More(); n > 0 {
		p.println(moreLine(n, "-o json or -o csv for every ticket"))
	}
}

// The JSON shapes of SPEC §10.

// jsonTally is what a plan's summary row and a breakdown row both print;
// encoding/json inlines it where it is embedded.
type jsonTally struct {
	Tickets    int      `json:"tickets"`
	Met        int      `json:"met"`
	Breached   int      `json:"breached"`
	Severe     int      `json:"severe"`
	Pending    int      `json:"pending"`
	Excluded   int      `json:"excluded"`
	Attainment *float64 `json:"attainment"`
	// SPEC §10: the percentiles, null for an empty group.
	ResponseP50 *int64 `json:"response_p50_seconds"`
	ResponseP90 *int64 `json:"response_p90_seconds"`
	LateP50     *int64 `json:"late_p50_seconds"`
	LateP90     *int64 `json:"late_p90_seconds"`
}

// tallyJSON converts t. SPEC §3.7: an empty group has no attainment
// (null), never 100%.
func tallyJSON(t audit.Tally) jsonTally {
	jt := jsonTally{Tickets: t.Tickets, Met: t.Met, Breached: t.Breached, Severe: t.Severe,
		Pending: t.Pending, Excluded: t.Excluded,
		ResponseP50: quantileJSON(t.ResponseP50), ResponseP90: quantileJSON(t.ResponseP90),
		LateP50: quantileJSON(t.LateP50), LateP90: quantileJSON(t.LateP90)}
	if a, ok := t.Attainment(); ok {
		jt.Attainment = &a
	}
	return jt
}

type jsonGroup struct {
	Key string `json:"key"`
	jsonTally
}

type jsonBreakdown struct {
	By   string      `json:"by"`
	Rows []jsonGroup `json:"rows"`
}

type jsonDue struct {
	ID          string `json:"id"`
	Customer    string `json:"customer"`
	Plan        string `json:"plan"`
	Source      string `json:"source"`
	SubmittedAt string `json:"submitted_at"`
	Deadline    string `json:"deadline"`
	LeftSeconds int64  `json:"left_seconds"`
}

func groupJSON(g audit.Group) jsonGroup {
	return jsonGroup{Key: g.Key, jsonTally: tallyJSON(g.Tally)}
}

// breakdownsJSON is nil (the key left out) when no --by was given.
func breakdownsJSON(r *audit.Result) []jsonBreakdown {
	var out []jsonBreakdown
	for _, b := range r.Breakdowns {
		jb := jsonBreakdown{By: b.By.String(), Rows: make([]jsonGroup, 0, len(b.Rows))}
		for _, g := range b.Rows {
			jb.Rows = append(jb.Rows, groupJSON(g))
		}
		out = append(out, jb)
	}
	return out
}

// dueSoonJSON is nil (the key left out) without --due-within, else every
// due ticket, soonest first.
func dueSoonJSON(r *audit.Result, m Meta) []jsonDue {
	if !m.DueSoon {
		return nil
	}
	out := make([]jsonDue, 0, len(r.DueSoon.Verdicts))
	for i := range r.DueSoon.Verdicts {
		v := &r.DueSoon.Verdicts[i]
		out = append(out, jsonDue{ID: v.Ticket.ID, Customer: v.Ticket.Customer, Plan: v.Plan.Key,
			Source: v.Ticket.Source.String(), SubmittedAt: instant(v.Ticket.Submitted),
			Deadline: instant(v.Deadline), LeftSeconds: seconds(v.TimeLeft(r.AsOf))})
	}
	return out
}

// breakdownColumns are the columns of CSV with --by: one row per breakdown
// row, the JSON row's fields after the dimension.
var breakdownColumns = []string{"by", "key", "tickets", "met", "breached", "severe", "pending", "excluded",
	"attainment", "response_p50_seconds", "response_p90_seconds", "late_p50_seconds", "late_p90_seconds"}

// breakdownRecords are the CSV rows of every breakdown; attainment is the
// unrounded fraction of JSON, an empty cell when there is none.
func breakdownRecords(r *audit.Result) [][]string {
	var out [][]string
	for _, b := range r.Breakdowns {
		for _, g := range b.Rows {
			jg := groupJSON(g)
			att := ""
			if jg.Attainment != nil {
				att = strconv.FormatFloat(*jg.Attainment, 'f', -1, 64)
			}
			out = append(out, []string{b.By.String(), g.Key, strconv.Itoa(g.Tickets), strconv.Itoa(g.Met),
				strconv.Itoa(g.Breached), strconv.Itoa(g.Severe), strconv.Itoa(g.Pending), strconv.Itoa(g.Excluded),
				att, num(jg.ResponseP50), num(jg.ResponseP90), num(jg.LateP50), num(jg.LateP90)})
		}
	}
	return out
}
