package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/textsafe"
	"github.com/slaaudit/slaaudit/plans"
)

// SafeCell neutralises formula injection for spreadsheets (SPEC §7): a cell
// that starts with =, +, -, @, a tab or a carriage return is prefixed with
// a single quote, so that a customer named "=1+1" is shown as text, not
// computed. Other cells are returned unchanged.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// ticketColumns are the CSV columns: every field of a JSON ticket, in the
// same order.
var ticketColumns = []string{
	"id", "customer", "plan", "channel", "priority", "source", "submitted_at",
	"class", "window_seconds", "deadline", "first_response_at", "response_seconds",
	"status", "late_seconds", "unanswered", "severe", "reason", "warnings",
}

// CSV writes a header row and then one row per audited or excluded ticket in
// input order (r.Tickets, so the audit must keep them), with every field of
// the JSON ticket. A JSON null is an empty cell, warnings are joined with
// "; ", and every cell goes through SafeCell. The target column (SPEC §11)
// is there when the plans file has a priorities list, after submitted_at as
// in JSON; without one every target is the plan, and the columns stay those
// of Part I.
//
// An audit of many tickets should not keep them: write the same bytes with
// a CSVStream as the audit runs instead.
//
// With breakdowns in the Result (--by), it writes the breakdown rows
// instead: one row per key of each dimension, with the fields of the JSON
// breakdown row after a "by" column (SPEC §10), so a spreadsheet gets the
// table a lead reads.
func CSV(w io.Writer, r *audit.Result, m Meta) error {
	if len(r.Breakdowns) > 0 {
		return BreakdownsCSV(w, r)
	}
	s := NewCSVStream(w, r.Plans)
	for i := range r.Tickets {
		s.Add(&r.Tickets[i])
	}
	return s.Close()
}

// CSVStream writes the CSV report of CSV one ticket at a time, as an audit
// decides them (set audit.Options.OnVerdict to its Add): the CSV report
// needs nothing from the end of the audit, so it keeps nothing (SPEC §12).
type CSVStream struct {
	cw      *csv.Writer
	targets bool
	row     []string
	err     error
}

// NewCSVStream writes the header row to w for an audit with the plans set
// and returns the stream.
func NewCSVStream(w io.Writer, set *plans.Set) *CSVStream {
	s := &CSVStream{cw: csv.NewWriter(w), targets: set.HasPriorities()}
	header := ticketColumns
	if s.targets {
		header = append(append(append([]string{}, ticketColumns[:7]...), "target"), ticketColumns[7:]...)
	}
	s.row = make([]string, 0, len(header))
	s.err = s.cw.Write(header)
	return s
}

// Add writes the row of verdict v. After a write error it does nothing;
// Close reports the error.
func (s *CSVStream) Add(v *audit.Verdict) {
	if s.err != nil {
		return
	}
	jt := ticketJSON(v)
	s.row = append(s.row[:0],
		jt.ID, jt.Customer, jt.Plan, jt.Channel, jt.Priority, jt.Source, jt.SubmittedAt)
	if s.targets {
		s.row = append(s.row, str(jt.Target))
	}
	s.row = append(s.row, str(jt.Class), num(jt.WindowSeconds), str(jt.Deadline), str(jt.FirstResponseAt),
		num(jt.ResponseSeconds), jt.Status, strconv.FormatInt(jt.LateSeconds, 10),
		strconv.FormatBool(jt.Unanswered), strconv.FormatBool(jt.Severe), jt.Reason,
		strings.Join(jt.Warnings, "; "),
	)
	s.err = writeSafe(s.cw, s.row)
}

// Close flushes the rows and reports the first write error.
func (s *CSVStream) Close() error {
	if s.err != nil {
		return s.err
	}
	s.cw.Flush()
	return s.cw.Error()
}

// BreakdownsCSV writes the breakdown rows of r (CSV with --by).
func BreakdownsCSV(w io.Writer, r *audit.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(breakdownColumns); err != nil {
		return err
	}
	for _, rec := range breakdownRecords(r) {
		if err := writeSafe(cw, rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// CreditsCSV writes one row per credit row of SPEC §5 with amounts as plain
// decimals at the currency's minor unit, an unknown fee as empty cells, and
// the percent before the cap next to the percent. Every cell goes through
// SafeCell.
//
// With m.Detail it writes the breaches behind the credits instead: one row
// per breach (customer, month, plan and the row's from, then the ticket,
// its submission, how late in seconds and as text, severe, unanswered),
// sorted like the credit rows, then by submission and id. The amounts stay
// in the report without --detail, so that a spreadsheet sum over a column
// can never count a row's amount once per breach.
func CreditsCSV(w io.Writer, r *audit.Result, m Meta) error {
	cw := csv.NewWriter(w)
	if m.Detail {
		return creditBreachesCSV(cw, r)
	}
	header := []string{"customer", "month", "plan", "term_contract", "breaches", "severe",
		"percent", "uncapped_percent", "monthly_fee", "currency", "amount", "reason"}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, jc := range creditsJSON(r, false) {
		row := []string{jc.Customer, jc.Month, jc.Plan, strconv.FormatBool(jc.TermContract),
			strconv.Itoa(jc.Breaches), strconv.Itoa(jc.Severe), jc.Percent, jc.UncappedPercent,
			str(jc.MonthlyFee), jc.Currency, str(jc.Amount), jc.Reason}
		if err := writeSafe(cw, row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// creditBreachesCSV writes credits --detail as CSV: one row per breach
// counted towards a credit row.
func creditBreachesCSV(cw *csv.Writer, r *audit.Result) error {
	header := []string{"customer", "month", "plan", "account_from", "ticket", "submitted_at",
		"late_seconds", "late", "severe", "unanswered"}
	if err := cw.Write(header); err != nil {
		return err
	}
	for i := range r.Credits {
		c := &r.Credits[i]
		from := ""
		if c.Account != nil && !c.Account.From.IsZero() {
			from = c.Account.From.In(r.Plans.Location).Format("2006-01-02")
		}
		// The engine's own tally, by submission then id.
		for _, v := range c.Behind.All() {
			row := []string{c.Customer, c.Month, c.Plan, from, v.Ticket.ID,
				instant(v.Ticket.Submitted), strconv.FormatInt(seconds(v.Late), 10), FormatLate(v.Late),
				strconv.FormatBool(v.Severe), strconv.FormatBool(v.Unanswered)}
			if err := writeSafe(cw, row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeSafe writes row with every cell through SafeCell, after escaping its
// control characters but TAB, LF and CR, which a quoted CSV cell holds
// (SPEC §12, textsafe.Text).
func writeSafe(cw *csv.Writer, row []string) error {
	for i, c := range row {
		row[i] = SafeCell(textsafe.Text(c))
	}
	return cw.Write(row)
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func num(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}
