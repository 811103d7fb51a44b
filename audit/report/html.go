package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"iter"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/textsafe"
	"github.com/slaaudit/slaaudit/plans"
)

// HTMLCustomerLimit caps the customers the HTML report draws as bars (most
// breaches first); its table lists up to HTMLInput.Limit of them, and counts
// the rest.
const HTMLCustomerLimit = 20

//go:embed html/report.html.tmpl html/report.css
var htmlFiles embed.FS

// htmlTemplate returns the report's template, parsed on first use: a run
// that writes no HTML does not parse it (1 ms of every start when the
// package parsed it as it loaded).
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
		// head is the header of a group table: the key column's name, and
		// whether a credit column follows.
		"head": func(name string, credit bool) htmlHead { return htmlHead{name, credit} },
	}).ParseFS(htmlFiles, "html/report.html.tmpl"))
})

type htmlHead struct {
	Name   string
	Credit bool
}

var htmlCSS = func() template.CSS {
	b, err := htmlFiles.ReadFile("html/report.css")
	if err != nil {
		panic(err)
	}
	return template.CSS(b)
}()

// HTMLInput is what the HTML report draws besides the Result.
type HTMLInput struct {
	// Overview holds the weekday × hour tallies and the response-time
	// distribution.
	Overview *audit.OverviewResult
	// By lists the breakdowns asked for (--by). The page shows each as a
	// table; the customer breakdown and the trend's time breakdown, which
	// the page always asks for, go with their charts.
	By []audit.Dimension
	// Limit caps the rows of each breakdown table and of the rejected
	// rows, as the engine caps the ticket lists.
	Limit int
}

// HTML writes the self-contained HTML report of SPEC §10 for check and
// credits (m.Command): summary figures, attainment by plan, attainment over
// time (the day, week or month breakdown of r, the finest that suits the
// span), tickets and breach rate by weekday and hour, the response time
// relative to the time allowed, customers by breaches (with their credits
// when m.Accounts is set), the asked breakdowns, the credits, and the
// breach, due-soon (with m.DueSoon, else pending), excluded and rejected
// lists, each capped with the count of the rest.
//
// The page references nothing outside itself: the stylesheet is inline, the
// charts are inline SVG, there is no script. Every chart comes with a table
// of the same numbers. The figures come from r and in, as the engine
// computed them; this function only formats (and orders customers by
// breaches for the chart). Headline figures carry their exact value in a
// data element (<data value="0.8146...">81.4%</data>), the value the JSON
// report writes.
func HTML(w io.Writer, r *audit.Result, m Meta, in HTMLInput) error {
	return htmlTemplate().Execute(w, newHTMLPage(r, m, in))
}

// htmlPage is what the template shows, every value formatted.
type htmlPage struct {
	Command    string
	Title      string
	CSS        template.CSS
	Run        []htmlField
	CountsLine string
	// Notes are the header's warnings: unknown priorities, excluded
	// channels.
	Notes   []string
	Figures []htmlFigure

	Plans    htmlChart
	PlanRows []htmlGroup
	Total    htmlGroup

	Trend      htmlChart
	TrendStep  string
	TrendRows  []htmlGroup
	Tickets    htmlChart
	BreachRate htmlChart
	LoadRows   []htmlLoadRow
	Hours      []string
	Spread     htmlChart
	SpreadRows []htmlSpreadRow

	Customers htmlChart
	CustRows  []htmlGroup
	CustMore  int

	Breakdowns []htmlBreakdown

	Accounts    bool
	Credits     []jsonCredit
	CreditTotal []string
	NotInAcc    []string
	Detail      bool
	CreditNote  string

	Breaches htmlList
	DueSoon  htmlList
	DueTitle string
	Excluded htmlList
	Rejected htmlRejected
}

// htmlField is one fact of the run; a Wide one takes a whole line.
type htmlField struct {
	Name, Value string
	Wide        bool
}

// htmlFigure is one headline figure: Key names it for tests and scripts
// (data-figure), Value is its exact value, Text how it is shown.
type htmlFigure struct {
	Key, Label, Value, Text, Note, Class string
}

type htmlChart struct {
	Title string
	SVG   template.HTML
}

// htmlGroup is one row of a plan summary or a breakdown.
type htmlGroup struct {
	Key, Label                                    string
	Tickets, Met, Breached, Severe, Pending, Excl int
	Attainment, AttainmentValue                   string
	RespP50, RespP90, LateP50, LateP90            string
	// ShowCredit adds a Credits cell (customers, with accounts).
	ShowCredit bool
	Credits    string
}

type htmlBreakdown struct {
	By   string
	Rows []htmlGroup
	More int
}

type htmlLoadRow struct {
	Day   string
	Cells []string
}

type htmlSpreadRow struct {
	Label string
	Count int
	Share string
}

type htmlTicket struct {
	ID, Customer, Plan, Class, Submitted, Deadline, Response, Late, Left, Reason string
	Severe                                                                       bool
}

type htmlList struct {
	Total int
	More  int
	Rows  []htmlTicket
}

type htmlRejected struct {
	Total int
	More  int
	Rows  []htmlRejectedRow
}

type htmlRejectedRow struct{ Source, Field, Reason string }

func newHTMLPage(r *audit.Result, m Meta, in HTMLInput) *htmlPage {
	cmd := m.Command
	if cmd == "" {
		cmd = "check"
	}
	p := &htmlPage{
		Command:    cmd,
		Title:      "SLA audit — " + PeriodText(r),
		CSS:        htmlCSS,
		CountsLine: countsLine(r.Counts),
		Accounts:   m.Accounts,
		Detail:     m.Detail,
		CreditNote: creditFooter,
	}
	if cmd == "credits" {
		p.Title = "SLA credits — " + PeriodText(r)
	}
	// The run, as the table's header gives it: how each input was read
	// and bound (SPEC §9), the period, the instant, the plans.
	p.Run = []htmlField{{Name: "Inputs", Value: textsafe.Line(inputsText(m))}}
	for _, in := range m.Read {
		prefix := ""
		if len(m.Read) > 1 {
			prefix = in.Path + ": "
		}
		p.Run = append(p.Run, htmlField{Name: "Read", Value: textsafe.Line(prefix + layoutText(in))},
			htmlField{Name: "Columns", Value: textsafe.Line(columnsText(in)), Wide: true})
	}
	p.Run = append(p.Run,
		htmlField{Name: "Period", Value: PeriodText(r)},
		htmlField{Name: "As of", Value: asOfText(r, m)},
		htmlField{Name: "Time zone", Value: r.Plans.Timezone},
		htmlField{Name: "Plans", Value: textsafe.Line(r.Plans.Source)})
	for _, note := range []string{unknownPrioritiesLine(r), excludedText(m)} {
		if note != "" {
			p.Notes = append(p.Notes, textsafe.Line(note))
		}
	}
	ov := in.Overview
	if ov == nil {
		ov = &audit.OverviewResult{}
	}
	p.figures(r)
	p.plans(r)
	trend := p.trend(r)
	p.load(ov)
	p.spread(ov)
	p.customers(r, in.Limit)
	p.breakdowns(r, in, trend)
	if m.Accounts {
		p.credits(r, m)
	}
	loc := r.Plans.Location
	p.Breaches = htmlTickets(r.Breaches.All(), r.Total.Breached, loc, r.AsOf)
	p.DueTitle, p.DueSoon = "Pending", htmlTickets(listOf(r.Pending), r.Pending.Total, loc, r.AsOf)
	if m.DueSoon {
		p.DueTitle = "Due within " + plans.FormatDuration(m.DueWithin)
		p.DueSoon = htmlTickets(listOf(r.DueSoon), r.DueSoon.Total, loc, r.AsOf)
	}
	p.Excluded = htmlTickets(listOf(r.Excluded), r.Excluded.Total, loc, r.AsOf)
	p.Rejected = htmlRejectedRows(r, in.Limit)
	return p
}

// exact formats an attainment as JSON writes it, or "null".
func exact(a float64, ok bool) string {
	if !ok {
		return "null"
	}
	return strconv.FormatFloat(a, 'g', -1, 64)
}

// figures are the headline numbers, each the value JSON writes.
func (p *htmlPage) figures(r *audit.Result) {
	t := r.Total
	class := "good"
	if t.Breached > 0 {
		class = "bad"
	}
	n := strconv.Itoa
	p.Figures = []htmlFigure{
		{Key: "attainment", Label: "Attainment", Value: exact(t.Attainment()), Text: attainmentText(t), Class: class,
			Note: fmt.Sprintf("%d met of %d decided", t.Met, t.Met+t.Breached)},
		{Key: "breached", Label: "Breached", Value: n(t.Breached), Text: n(t.Breached), Class: class,
			Note: fmt.Sprintf("%d severe", t.Severe)},
		{Key: "met", Label: "Met", Value: n(t.Met), Text: n(t.Met)},
		{Key: "pending", Label: "Pending", Value: n(t.Pending), Text: n(t.Pending)},
		{Key: "audited", Label: "Audited", Value: n(r.Counts.Audited), Text: n(r.Counts.Audited),
			Note: fmt.Sprintf("of %d rows", r.Counts.Rows)},
		{Key: "excluded", Label: "Excluded", Value: n(r.Counts.Excluded), Text: n(r.Counts.Excluded)},
		{Key: "rejected", Label: "Rejected", Value: n(r.Counts.Rejected), Text: n(r.Counts.Rejected)},
		{Key: "outside_period", Label: "Outside period", Value: n(r.Counts.OutsidePeriod), Text: n(r.Counts.OutsidePeriod)},
	}
	if r.Counts.Filtered > 0 {
		p.Figures = append(p.Figures, htmlFigure{Key: "filtered", Label: "Filtered", Value: n(r.Counts.Filtered),
			Text: n(r.Counts.Filtered), Note: "--customer / --plan"})
	}
	if t.ResponseP50.Valid {
		p.Figures = append(p.Figures, htmlFigure{Key: "response_p50_seconds", Label: "First response p50",
			Value: quantileValue(t.ResponseP50), Text: quantileText(t.ResponseP50),
			Note: "p90 " + quantileText(t.ResponseP90)})
	}
	for _, ct := range r.CreditTotals {
		s := money(ct.Amount, ct.Currency)
		p.Figures = append(p.Figures, htmlFigure{Key: "credit_" + ct.Currency, Label: "Credits " + ct.Currency,
			Value: s, Text: s + " " + ct.Currency, Note: "recommended"})
	}
}

func quantileValue(q audit.Quantile) string {
	s, ok := q.Seconds()
	if !ok {
		return "null"
	}
	return strconv.FormatInt(s, 10)
}

func htmlGroupOf(g audit.Group, label string) htmlGroup {
	return htmlGroup{Key: textsafe.Line(g.Key), Label: label, Tickets: g.Tickets, Met: g.Met, Breached: g.Breached,
		Severe: g.Severe, Pending: g.Pending, Excl: g.Excluded,
		Attainment: groupAttainment(g), AttainmentValue: exact(g.Attainment()),
		RespP50: quantileText(g.ResponseP50), RespP90: quantileText(g.ResponseP90),
		LateP50: quantileText(g.LateP50), LateP90: quantileText(g.LateP90)}
}

func (p *htmlPage) plans(r *audit.Result) {
	var bars []hbar
	for _, s := range r.Summary {
		p.PlanRows = append(p.PlanRows, htmlGroupOf(s.Group(), s.Display))
		bars = append(bars, attainmentBar(s.Display, s.Group()))
	}
	p.Total = htmlGroupOf(r.Total.Group(), "Total")
	p.Plans = htmlChart{Title: "Attainment by plan", SVG: hbarChart("Attainment by plan (bars: met share of decided tickets)", bars, 0, "")}
}

// attainmentBar draws a group's attainment; the bar is amber below 100%.
func attainmentBar(label string, g audit.Group) hbar {
	a, ok := g.Attainment()
	text := groupAttainment(g)
	b := hbar{Label: label, Value: text, Frac: a, Empty: !ok, Class: "met",
		Tip: fmt.Sprintf("%s: %s (%d met, %d breached)", label, text, g.Met, g.Breached)}
	if ok && g.Breached > 0 {
		b.Class = "warn"
	}
	return b
}

// TrendDimensions are the time breakdowns the trend chart can draw, finest
// first, each with the most rows it draws (about two months of days, half a
// year of weeks).
var TrendDimensions = []struct {
	By      audit.Dimension
	MaxRows int
}{{audit.ByDay, 62}, {audit.ByWeek, 27}, {audit.ByMonth, 0}}

// trend draws the finest time breakdown of r that suits its span and
// returns its dimension, or -1 when r has none.
func (p *htmlPage) trend(r *audit.Result) audit.Dimension {
	var chosen *audit.Breakdown
	for _, d := range TrendDimensions {
		for i := range r.Breakdowns {
			b := &r.Breakdowns[i]
			if b.By == d.By && chosen == nil && (d.MaxRows == 0 || len(b.Rows) <= d.MaxRows) {
				chosen = b
			}
		}
	}
	if chosen == nil {
		p.Trend = htmlChart{Title: "Attainment over time"}
		return -1
	}
	step := chosen.By.String()
	p.TrendStep = step
	var cols []vbar
	rows := chosen.Rows
	if len(rows) > 0 {
		rows = withEmptyPeriods(chosen.By, rows)
	}
	for _, g := range rows {
		a, ok := g.Attainment()
		label := g.Key
		switch chosen.By {
		case audit.ByDay:
			label = g.Key[len("2006-01-"):]
		case audit.ByWeek:
			label = g.Key[len("2006-"):]
		}
		text := groupAttainment(g)
		class := "met"
		if g.Breached > 0 {
			class = "warn"
		}
		cols = append(cols, vbar{Label: label, Frac: a, Empty: !ok, Class: class,
			Tip: fmt.Sprintf("%s: %s, %d tickets, %d breached", g.Key, text, g.Tickets, g.Breached)})
		if g.Tickets > 0 {
			p.TrendRows = append(p.TrendRows, htmlGroupOf(g, g.Key))
		}
	}
	every := 1
	if n := len(cols); n > 16 {
		every = (n + 15) / 16
	}
	title := "Attainment by " + step
	p.Trend = htmlChart{Title: title, SVG: columnChart(title+" (columns: met share of decided tickets)", cols,
		[]string{"0%", "25%", "50%", "75%", "100%"}, every)}
	return chosen.By
}

// withEmptyPeriods places the rows of a day, week or month breakdown on
// their time axis: a period between the first and the last row that had no
// ticket (so no row) gets an empty row, and the chart a gap, rather than
// being left out silently.
func withEmptyPeriods(by audit.Dimension, rows []audit.Group) []audit.Group {
	start, ok := periodStart(by, rows[0].Key)
	if !ok {
		return rows
	}
	last := rows[len(rows)-1].Key
	var out []audit.Group
	i := 0
	// Keys of a time breakdown sort as text (SPEC §10: 2026-10-02,
	// 2026-W40, 2026-10); a bound keeps a malformed key from looping.
	for t, n := start, 0; n <= 400; n++ {
		key := audit.TimeKey(by, t, time.UTC)
		if key > last {
			break
		}
		if i < len(rows) && rows[i].Key == key {
			out = append(out, rows[i])
			i++
		} else {
			out = append(out, audit.Group{Key: key})
		}
		switch by {
		case audit.ByDay:
			t = t.AddDate(0, 0, 1)
		case audit.ByWeek:
			t = t.AddDate(0, 0, 7)
		default:
			t = t.AddDate(0, 1, 0)
		}
	}
	if i != len(rows) {
		return rows // not on the axis: show the rows as they are
	}
	return out
}

// periodStart is the first day (noon UTC) of a day, ISO week or month key.
func periodStart(by audit.Dimension, key string) (time.Time, bool) {
	var t time.Time
	var err error
	switch by {
	case audit.ByDay:
		t, err = time.Parse("2006-01-02", key)
	case audit.ByMonth:
		t, err = time.Parse("2006-01", key)
	case audit.ByWeek:
		var y, w int
		if _, err = fmt.Sscanf(key, "%4d-W%2d", &y, &w); err == nil {
			// ISO 8601: week 1 holds 4 January; weeks start on Monday.
			jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
			t = jan4.AddDate(0, 0, (w-1)*7-(int(jan4.Weekday())+6)%7)
		}
	default:
		return time.Time{}, false
	}
	return t.Add(12 * time.Hour), err == nil
}

func (p *htmlPage) load(ov *audit.OverviewResult) {
	maxTickets := 0
	for d := range ov.Load {
		for h := range ov.Load[d] {
			maxTickets = max(maxTickets, ov.Load[d][h].Tickets)
		}
	}
	var tickets, rate [7][24]heatCell
	for d := range ov.Load {
		row := htmlLoadRow{Day: weekdayNames[d]}
		for h := range ov.Load[d] {
			c := ov.Load[d][h]
			at := fmt.Sprintf("%s %02d:00", weekdayNames[d], h)
			tickets[d][h] = heatCell{Level: level(c.Tickets, maxTickets),
				Tip: fmt.Sprintf("%s: %d tickets", at, c.Tickets)}
			n := c.Met + c.Breached
			if c.Breached > 0 {
				// Quarters of the breach rate; any breach is level 1 at least.
				rate[d][h].Level = 1 + min(3, c.Breached*4/n)
			}
			rate[d][h].Tip = fmt.Sprintf("%s: %d breached of %d decided (%s)", at, c.Breached, n, percentFloor(c.Breached, n))
			cell := "·"
			if c.Tickets > 0 {
				cell = fmt.Sprintf("%d/%d", c.Tickets, c.Breached)
			}
			row.Cells = append(row.Cells, cell)
		}
		p.LoadRows = append(p.LoadRows, row)
	}
	for h := 0; h < 24; h++ {
		p.Hours = append(p.Hours, fmt.Sprintf("%02d", h))
	}
	p.Tickets = htmlChart{Title: "Tickets by weekday and hour",
		SVG: heatmap("Tickets by weekday and hour of submission (darker: more tickets)", "volume", tickets)}
	p.BreachRate = htmlChart{Title: "Breach rate by weekday and hour",
		SVG: heatmap("Breach rate by weekday and hour of submission (darker: larger share breached)", "rate", rate)}
}

// level maps n to 0 (none) and 1–4 (quarters of the largest value).
func level(n, largest int) int {
	if n <= 0 || largest <= 0 {
		return 0
	}
	return 1 + min(3, (n-1)*4/largest)
}

// percentFloor formats part/whole as a percentage with one decimal, rounded
// down like attainment.
func percentFloor(part, whole int) string {
	if whole == 0 {
		return "—"
	}
	tenths := part * 1000 / whole
	return fmt.Sprintf("%d.%d%%", tenths/10, tenths%10)
}

func (p *htmlPage) spread(ov *audit.OverviewResult) {
	total, largest := 0, 0
	for _, n := range ov.Spread {
		total += n
		largest = max(largest, n)
	}
	var cols []vbar
	for i, n := range ov.Spread {
		class := "met"
		switch {
		case i == audit.SpreadPending:
			class = "pending"
		case i > 3:
			class = "bad"
		}
		frac := 0.0
		if largest > 0 {
			frac = float64(n) / float64(largest)
		}
		label := audit.SpreadLabels[i]
		cols = append(cols, vbar{Label: label, Frac: frac, Class: class,
			Tip: fmt.Sprintf("%s: %d tickets", label, n)})
		p.SpreadRows = append(p.SpreadRows, htmlSpreadRow{Label: label, Count: n, Share: percentFloor(n, total)})
	}
	p.Spread = htmlChart{Title: "Response time as a share of the time allowed",
		SVG: columnChart("Tickets by response time as a share of the time allowed (green: met, red: breached, grey: pending)",
			cols, []string{"0", strconv.Itoa(largest)}, 1)}
}

// customers draws the customer breakdown, most breaches first: a chart of
// the first HTMLCustomerLimit and a table of the first limit.
func (p *htmlPage) customers(r *audit.Result, limit int) {
	var rows []audit.Group
	for _, b := range r.Breakdowns {
		if b.By == audit.ByCustomer {
			rows = append(rows, b.Rows...)
			break
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Breached != b.Breached {
			return a.Breached > b.Breached
		}
		return a.Tickets > b.Tickets
	})
	credits := map[string][]string{}
	for _, c := range r.Credits {
		if c.Amount != nil {
			credits[c.Customer] = append(credits[c.Customer], money(*c.Amount, c.Currency)+" "+c.Currency)
		}
	}
	if limit > 0 && len(rows) > limit {
		p.CustMore = len(rows) - limit
		rows = rows[:limit]
	}
	largest := 0
	if len(rows) > 0 {
		largest = rows[0].Breached
	}
	var bars []hbar
	for i, g := range rows {
		name := textsafe.Line(keyText(g.Key))
		if i < HTMLCustomerLimit {
			frac := 0.0
			if largest > 0 {
				frac = float64(g.Breached) / float64(largest)
			}
			bars = append(bars, hbar{Label: name, Value: fmt.Sprintf("%d of %d", g.Breached, g.Tickets), Frac: frac,
				Class: "bad", Tip: fmt.Sprintf("%s: %d breached (%d severe) of %d tickets", name, g.Breached, g.Severe, g.Tickets)})
		}
		row := htmlGroupOf(g, name)
		row.ShowCredit, row.Credits = p.Accounts, strings.Join(credits[g.Key], ", ")
		p.CustRows = append(p.CustRows, row)
	}
	title := "Customers by breaches"
	if len(bars) < len(rows) {
		title = fmt.Sprintf("Customers by breaches (the first %d)", len(bars))
	}
	p.Customers = htmlChart{Title: "Customers by breaches", SVG: hbarChart(title+" (bars: breached tickets)", bars, 0, "")}
}

// breakdowns lists the asked breakdowns that no chart shows.
func (p *htmlPage) breakdowns(r *audit.Result, in HTMLInput, trend audit.Dimension) {
	seen := map[audit.Dimension]bool{audit.ByCustomer: true, trend: true}
	for _, by := range in.By {
		if seen[by] {
			continue
		}
		seen[by] = true
		for _, b := range r.Breakdowns {
			if b.By != by {
				continue
			}
			hb := htmlBreakdown{By: by.String()}
			rows := b.Rows
			if in.Limit > 0 && len(rows) > in.Limit {
				hb.More = len(rows) - in.Limit
				rows = rows[:in.Limit]
			}
			for _, g := range rows {
				hb.Rows = append(hb.Rows, htmlGroupOf(g, textsafe.Line(keyText(g.Key))))
			}
			p.Breakdowns = append(p.Breakdowns, hb)
			break
		}
	}
}

func (p *htmlPage) credits(r *audit.Result, m Meta) {
	p.Credits = creditsJSON(r, m.Detail)
	for i := range p.Credits {
		c := &p.Credits[i]
		c.Customer, c.Reason = textsafe.Line(c.Customer), textsafe.Line(c.Reason)
		for k, id := range c.Tickets {
			c.Tickets[k] = textsafe.Line(id)
		}
	}
	for _, t := range r.CreditTotals {
		p.CreditTotal = append(p.CreditTotal, money(t.Amount, t.Currency)+" "+t.Currency)
	}
	for _, c := range r.NotInAccounts {
		p.NotInAcc = append(p.NotInAcc, textsafe.Line(c))
	}
}

// listOf iterates a capped list of the engine like its compact ones.
func listOf(l audit.List) iter.Seq2[int, *audit.Verdict] {
	return func(yield func(int, *audit.Verdict) bool) {
		for i := range l.Verdicts {
			if !yield(i, &l.Verdicts[i]) {
				return
			}
		}
	}
}

// htmlTickets formats the tickets of a list the engine capped; total counts
// them all.
func htmlTickets(vs iter.Seq2[int, *audit.Verdict], total int, loc *time.Location, asOf time.Time) htmlList {
	l := htmlList{Total: total}
	for _, v := range vs {
		vloc := loc
		if v.Plan != nil && v.Plan.Location != nil {
			vloc = v.Plan.Location
		}
		t := htmlTicket{
			ID:        textsafe.Line(v.Ticket.ID),
			Customer:  textsafe.Line(v.Ticket.Customer),
			Submitted: stamp(v.Ticket.Submitted, vloc),
			Severe:    v.Severe,
			Reason:    textsafe.Line(v.Reason),
		}
		if v.Plan != nil {
			t.Plan = v.Plan.Display
		}
		if v.Status != audit.Excluded {
			// SPEC §11: the windows the ticket was held to, as the text
			// formats name them ("Premium / urgent").
			t.Plan = textsafe.Line(targetText(v))
			t.Class = classText(v)
			t.Deadline = stamp(v.Deadline, vloc)
			t.Response = "unanswered"
			if d, ok := v.ResponseTime(); ok {
				t.Response = FormatLate(d)
			}
			t.Late = FormatLate(v.Late)
			t.Left = FormatLate(v.TimeLeft(asOf))
		}
		l.Rows = append(l.Rows, t)
	}
	l.More = total - len(l.Rows)
	return l
}

// htmlRejectedRows lists the rejected rows the engine kept, up to limit (all
// when 0), with the count of the rest.
func htmlRejectedRows(r *audit.Result, limit int) htmlRejected {
	out := htmlRejected{Total: r.Counts.Rejected}
	for i, rj := range r.Rejected.All() {
		if limit > 0 && i == limit {
			break
		}
		out.Rows = append(out.Rows, htmlRejectedRow{textsafe.Line(rj.Source.String()), textsafe.Line(rj.Field), textsafe.Line(rj.Reason)})
	}
	out.More = out.Total - len(out.Rows)
	return out
}
