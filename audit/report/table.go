package report

import (
	"fmt"
	"io"
	"iter"
	"strconv"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

// Table writes the human report of the check command. It leads with the
// answer (SPEC §10): a header (inputs, period, audit instant, time zone,
// plans source) ending with the accounting line of SPEC §3.7, attainment
// per plan with its percentiles and a total line, the breakdowns asked for,
// then the lists: due soon (with m.DueSoon), the breaches (in the order the
// Result holds them, times in the plan's zone), the excluded and pending
// tickets the Result kept, the rejected rows and, with m.Accounts, the
// recommended credits. A capped list ends with "… and N more". With
// o.Width set, tables are cut to it; with o.Color false the output holds
// no escape code.
func Table(w io.Writer, r *audit.Result, m Meta, o Options) error {
	return withColors(o, func() error {
		p := &printer{w: w}
		writeHeader(p, r, m)
		p.println("")
		p.println("Attainment by plan")
		p.println(summaryTable(r, o))
		writeBreakdowns(p, r, o)
		writeDueSoon(p, r, m, o)
		p.println("")
		if r.Total.Breached == 0 {
			p.println("Breaches: none")
		} else {
			p.println(fmt.Sprintf("Breaches (%d)", r.Total.Breached))
			writeBreachTable(p, r, seqOf(r.Breaches.All()), o)
			if n := r.Total.Breached - r.Breaches.Len(); n > 0 {
				p.println(moreLine(n, "-o json or -o csv for every ticket"))
			}
		}
		writeOtherLists(p, r, o)
		writeRejected(p, r, o)
		if m.Accounts {
			p.println("")
			writeCredits(p, r, m, o)
		}
		return p.err
	})
}

// CreditsTable writes the credits command's report: the header, the
// accounting line, the recommended credits with totals per currency, the
// customers not in the accounts file and the rejected rows. With m.Detail
// each credit row is followed by the breaches behind it.
func CreditsTable(w io.Writer, r *audit.Result, m Meta, o Options) error {
	return withColors(o, func() error {
		p := &printer{w: w}
		writeHeader(p, r, m)
		p.println("")
		writeCredits(p, r, m, o)
		writeRejected(p, r, o)
		return p.err
	})
}

func writeHeader(p *printer, r *audit.Result, m Meta) {
	cmd := m.Command
	if cmd == "" {
		cmd = "check"
	}
	p.println("slaaudit " + cmd)
	p.printf("Inputs:     %s\n", visible(inputsText(m)))
	for _, in := range m.Read {
		prefix := ""
		if len(m.Read) > 1 {
			prefix = in.Path + ": "
		}
		p.printf("Read:       %s%s\n", visible(prefix), visible(layoutText(in)))
		p.printf("Columns:    %s\n", visible(columnsText(in)))
	}
	p.printf("Period:     %s\n", PeriodText(r))
	p.printf("As of:      %s\n", asOfText(r, m))
	p.printf("Time zone:  %s\n", r.Plans.Timezone)
	p.printf("Plans:      %s\n", visible(r.Plans.Source))
	p.println(countsLine(r.Counts))
	if u := unknownPrioritiesLine(r); u != "" {
		p.println(visible(u))
	}
	if x := excludedText(m); x != "" {
		p.println(visible(x))
	}
}

// newTable returns a go-pretty table in the light box style with headers
// and footers as written (not upper-cased).
func newTable() table.Writer {
	t := table.NewWriter()
	t.SetStyle(table.StyleLight)
	t.Style().Format.Header = text.FormatDefault
	t.Style().Format.Footer = text.FormatDefault
	return t
}

func summaryTable(r *audit.Result, o Options) string {
	total := r.Total.Group()
	return groupTable(o, "Plan", summaryGroups(r), &total)
}

// countCell colours a non-zero count.
func countCell(o Options, c text.Colors, n int) string {
	s := strconv.Itoa(n)
	if n == 0 {
		return s
	}
	return paint(o, c, s)
}

// seqOf drops the index of a list's iterator.
func seqOf[T any](all iter.Seq2[int, T]) iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, x := range all {
			if !yield(x) {
				return
			}
		}
	}
}

// writeBreachTable lists breaches: submission and deadline in the plan's
// zone, the response time or "unanswered", how late (FormatLate) and a
// severe marker. Breached rows are red, severe ones bold red. vs is
// iterated once per pass of the grid, and never held.
func writeBreachTable(p *printer, r *audit.Result, vs iter.Seq[*audit.Verdict], o Options) {
	g := &grid{cols: []column{colID, colCustomer, colPlan, colClass, stampColumn("Submitted"), stampColumn("Deadline"),
		{title: "Response", short: "Response", right: true}, {title: "Late by", short: "Late", right: true},
		{title: "Severe", short: "Sev"}}}
	cells := make([]string, len(g.cols))
	g.rows = func(emit func(text.Colors, []string)) {
		for v := range vs {
			loc := zoneOf(r, v)
			resp := "unanswered"
			if d, ok := v.ResponseTime(); ok {
				resp = FormatLate(d)
			}
			severe, c := "", colorBreach
			if v.Severe {
				severe, c = "severe", colorSevere
			}
			cells = append(cells[:0], visible(v.Ticket.ID), visible(v.Ticket.Customer), visible(targetText(v)),
				classText(v), stamp(v.Ticket.Submitted, loc), stamp(v.Deadline, loc), resp,
				FormatLate(v.Late), severe)
			emit(c, cells)
		}
	}
	g.write(p, o)
}

func classText(v *audit.Verdict) string {
	if v.Status == audit.Excluded {
		return "—"
	}
	if v.Class == plans.OffHours {
		return "off hours"
	}
	return v.Class.String()
}

// writeRejected lists the rejected rows the Result holds (all, or the
// first of them under a list limit) and how many more there were.
func writeRejected(p *printer, r *audit.Result, o Options) {
	total := r.Counts.Rejected
	if total == 0 {
		return
	}
	p.println("")
	p.println(fmt.Sprintf("Rejected rows (%d)", total))
	g := &grid{cols: []column{{title: "Source", short: "Source", cut: true, cutOrder: 1, keepEnd: true, min: 16},
		{title: "Field", short: "Field"}, {title: "Reason", short: "Reason", cut: true}}}
	cells := make([]string, 3)
	g.rows = func(emit func(text.Colors, []string)) {
		for _, rj := range r.Rejected.All() {
			cells = append(cells[:0], visible(rj.Source.String()), visible(rj.Field), visible(rj.Reason))
			emit(nil, cells)
		}
	}
	g.write(p, o)
	if n := total - r.Rejected.Len(); n > 0 {
		p.println(moreLine(n, "-o json for every rejected row"))
	}
}

// writeCredits writes the credit section of SPEC §5: one line per credit
// row, totals per currency (never adding different currencies), the
// customers not in the accounts file and the footer that labels credits as
// recommendations.
func writeCredits(p *printer, r *audit.Result, m Meta, o Options) {
	if len(r.Credits) == 0 {
		p.println("Recommended credits: none (no ticket resolved through the accounts file)")
	} else {
		p.println(fmt.Sprintf("Recommended credits (%d)", len(r.Credits)))
		g := &grid{cols: []column{colCustomer, {title: "Month", short: "Month"}, colPlan, {title: "Term", short: "Term"},
			{title: "Breaches", short: "Brch", right: true}, {title: "Severe", short: "Sev", right: true},
			{title: "Percent", short: "Pct", right: true}, {title: "Fee", short: "Fee", right: true},
			{title: "Amount", short: "Amount", right: true}, {title: "Currency", short: "Cur"},
			{title: "Reason", short: "Reason", cut: true}}}
		for i := range r.Credits {
			c := &r.Credits[i]
			fee, ok := moneyPtr(c.MonthlyFee, c.Currency)
			if !ok {
				fee = "unknown"
			}
			amount, ok := moneyPtr(c.Amount, c.Currency)
			if !ok {
				amount = "—"
			} else if c.Amount.IsPositive() {
				amount = paint(o, colorBreach, amount)
			}
			term := "no"
			if c.TermContract {
				term = "yes"
			}
			g.add(nil, visible(c.Customer), c.Month, visible(c.Plan), term,
				strconv.Itoa(c.Breaches), strconv.Itoa(c.Severe), percentText(c), fee, amount, c.Currency, c.Reason)
		}
		p.println(g.draw(o))
	}
	if len(r.CreditTotals) > 0 {
		p.println("")
		p.println("Totals")
		g := &grid{cols: []column{{title: "Currency", short: "Currency"}, {title: "Amount", short: "Amount", right: true}}}
		for _, tot := range r.CreditTotals {
			g.add(nil, tot.Currency, money(tot.Amount, tot.Currency))
		}
		p.println(g.draw(o))
	}
	if len(r.NotInAccounts) > 0 {
		p.println("")
		p.println(fmt.Sprintf("Not in accounts (%d): customers with tickets in the period that no accounts row covers", len(r.NotInAccounts)))
		for _, c := range r.NotInAccounts {
			p.println("  " + visible(c))
		}
	}
	if m.Detail {
		for i := range r.Credits {
			c := &r.Credits[i]
			if c.Behind.Len() == 0 {
				continue
			}
			p.println("")
			p.println(fmt.Sprintf("Breaches behind %s %s (%s)", visible(c.Customer), c.Month,
				visible(c.Plan)))
			writeBreachTable(p, r, seqOf(c.Behind.All()), o)
		}
	}
	p.println("")
	p.println(creditFooter)
}
