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

// Table writes the human report of the check command: a header (inputs,
// period, audit instant, time zone, plans source), the accounting line of
// SPEC §3.7, attainment per plan with a total line, the breaches (sorted as
// the Result holds them, times in the plan's zone), the rejected rows and,
// with m.Accounts, the recommended credits. Output does not depend on the
// terminal width; with o.Color false it holds no escape code.
func Table(w io.Writer, r *audit.Result, m Meta, o Options) error {
	return withColors(o, func() error {
		p := &printer{w: w}
		writeHeader(p, r, m)
		p.println("")
		p.println("Attainment by plan")
		p.println(summaryTable(r, o))
		p.println("")
		if r.Breaches.Len() == 0 {
			p.println("Breaches: none")
		} else {
			p.println(fmt.Sprintf("Breaches (%d)", r.Breaches.Len()))
			writeBreachTable(p, r, seqOf(r.Breaches.All()), o)
		}
		writeRejected(p, r)
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
		writeRejected(p, r)
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
	p.printf("Period:     %s\n", periodText(r))
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

// alignRight right-aligns the given 1-based columns, header and footer too.
func alignRight(t table.Writer, cols ...int) {
	var cc []table.ColumnConfig
	for _, n := range cols {
		cc = append(cc, table.ColumnConfig{Number: n, Align: text.AlignRight,
			AlignHeader: text.AlignRight, AlignFooter: text.AlignRight})
	}
	t.SetColumnConfigs(cc)
}

func summaryTable(r *audit.Result, o Options) string {
	t := newTable()
	t.AppendHeader(table.Row{"Plan", "Tickets", "Met", "Breached", "Severe", "Pending", "Excluded", "Attainment"})
	row := func(s audit.PlanSummary) table.Row {
		return table.Row{visible(s.Display), s.Tickets,
			countCell(o, colorMet, s.Met), countCell(o, colorBreach, s.Breached),
			countCell(o, colorSevere, s.Severe), s.Pending, s.Excluded, attainmentText(s)}
	}
	for _, s := range r.Summary {
		t.AppendRow(row(s))
	}
	t.AppendFooter(row(r.Total))
	alignRight(t, 2, 3, 4, 5, 6, 7, 8)
	return t.Render()
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
// iterated twice (streamTable).
func writeBreachTable(p *printer, r *audit.Result, vs iter.Seq[*audit.Verdict], o Options) {
	st := streamTable{
		header: []string{"ID", "Customer", "Plan", "Class", "Submitted", "Deadline", "Response", "Late by", "Severe"},
		right:  []bool{6: true, 7: true, 8: false},
	}
	cells := make([]string, len(st.header))
	st.render(p, func(emit func([]string)) {
		for v := range vs {
			loc := r.Plans.Location
			if v.Plan.Location != nil {
				loc = v.Plan.Location
			}
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
			for i, s := range cells {
				cells[i] = paint(o, c, s)
			}
			emit(cells)
		}
	})
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

func writeRejected(p *printer, r *audit.Result) {
	if r.Rejected.Len() == 0 {
		return
	}
	p.println("")
	p.println(fmt.Sprintf("Rejected rows (%d)", r.Rejected.Len()))
	st := streamTable{header: []string{"Source", "Field", "Reason"}, right: make([]bool, 3)}
	cells := make([]string, 3)
	st.render(p, func(emit func([]string)) {
		for _, rj := range r.Rejected.All() {
			cells = append(cells[:0], visible(rj.Source.String()), visible(rj.Field), visible(rj.Reason))
			emit(cells)
		}
	})
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
		t := newTable()
		t.AppendHeader(table.Row{"Customer", "Month", "Plan", "Term", "Breaches", "Severe",
			"Percent", "Fee", "Amount", "Currency", "Reason"})
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
			t.AppendRow(table.Row{visible(c.Customer), c.Month, visible(planKey(r, c.Plan)), term,
				c.Breaches, c.Severe, percentText(c), fee, amount, c.Currency, c.Reason})
		}
		alignRight(t, 5, 6, 7, 8, 9)
		p.println(t.Render())
	}
	if len(r.CreditTotals) > 0 {
		p.println("")
		p.println("Totals")
		t := newTable()
		t.AppendHeader(table.Row{"Currency", "Amount"})
		for _, tot := range r.CreditTotals {
			t.AppendRow(table.Row{tot.Currency, money(tot.Amount, tot.Currency)})
		}
		alignRight(t, 2)
		p.println(t.Render())
	}
	if len(r.NotInAccounts) > 0 {
		p.println("")
		p.println(fmt.Sprintf("Not in accounts (%d): customers with tickets in the period that no accounts row covers", len(r.NotInAccounts)))
		for _, c := range r.NotInAccounts {
			p.println("  " + visible(c))
		}
	}
	if m.Detail {
		index := newCreditIndex(r)
		for i := range r.Credits {
			c := &r.Credits[i]
			if index.count(c) == 0 {
				continue
			}
			p.println("")
			p.println(fmt.Sprintf("Breaches behind %s %s (%s)", visible(c.Customer), c.Month,
				visible(planKey(r, c.Plan))))
			writeBreachTable(p, r, index.behind(c), o)
		}
	}
	p.println("")
	p.println(creditFooter)
}
