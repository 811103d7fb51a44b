// Package xlsx writes the recommended credits of SPEC §5 as an Excel
// workbook for finance: one row per customer, month and accounts row, exact
// money in numeric cells formatted at each currency's minor unit, totals per
// currency, and optionally the breached tickets behind each row.
//
// Money never passes through float64: amounts are written as the exact
// decimal text of a numeric cell. Text from the input (customer names, plan
// names, ticket ids) is always written as a string cell, so a customer called
// "=1+1" is never a formula.
//
// It is not for deciding credits; they come ready-made in an *audit.Result.
package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/slaaudit/slaaudit/audit"
)

// Sheet names.
const (
	CreditsSheet  = "Credits"
	TotalsSheet   = "Totals"
	BreachesSheet = "Breaches"
)

// Note is the footer written under the credits and totals: SPEC §5 makes
// every credit a recommendation.
const Note = "Credits are recommendations, subject to mutual discussion and agreement."

// creditHeader is the header row of the Credits sheet.
var creditHeader = []string{"customer", "month", "plan", "term contract", "breaches", "severe",
	"percent", "uncapped percent", "monthly fee", "currency", "amount", "reason"}

// Credits writes r.Credits and r.CreditTotals as an XLSX workbook to w. With
// detail it adds a "Breaches" sheet listing, for each credit row, the
// breached tickets counted towards it; those come from each credit's
// Behind, so the audit must have run with Options.CreditDetail.
//
// Month cells are dates (the first of the month, formatted yyyy-mm); ticket
// times are local date-times in the report time zone (r.Plans.Location),
// which the column header names. The output is the same bytes for the same
// result: the document's created and modified times are r.AsOf.
func Credits(w io.Writer, r *audit.Result, detail bool) error {
	f := excelize.NewFile()
	defer f.Close()
	b := &book{f: f, money: map[string]int{}, loc: time.UTC}
	if r.Plans != nil && r.Plans.Location != nil {
		b.loc = r.Plans.Location
	}
	if err := b.styles(); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", CreditsSheet); err != nil {
		return err
	}
	if err := b.credits(r.Credits); err != nil {
		return err
	}
	if err := b.totals(r.CreditTotals); err != nil {
		return err
	}
	if detail {
		if err := b.breaches(r); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	// Fixed document times keep the output deterministic (SPEC §7); the
	// audit instant is the honest one to state.
	at := r.AsOf.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator: "slaaudit", Title: "SLA credit recommendations", Description: Note,
		Created: at, Modified: at,
	}); err != nil {
		return err
	}
	if b.err != nil {
		return b.err
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

// book holds the workbook being written and its shared styles. The first
// error of a cell write is kept in err so that the sheet writers read as a
// list of cells.
type book struct {
	f        *excelize.File
	loc      *time.Location
	header   int
	month    int
	datetime int
	money    map[string]int // currency → style
	err      error
}

func (b *book) styles() error {
	var err error
	if b.header, err = b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return err
	}
	month := "yyyy-mm"
	if b.month, err = b.f.NewStyle(&excelize.Style{CustomNumFmt: &month}); err != nil {
		return err
	}
	dt := "yyyy-mm-dd hh:mm:ss"
	b.datetime, err = b.f.NewStyle(&excelize.Style{CustomNumFmt: &dt})
	return err
}

// moneyStyle returns the style of an amount in currency: SPEC §5 prints
// money at the currency's ISO 4217 minor unit (#,##0.00 "USD", #,##0 "JPY").
func (b *book) moneyStyle(currency string) int {
	if id, ok := b.money[currency]; ok {
		return id
	}
	minor, _ := audit.MinorUnit(currency)
	code := fmt.Sprintf("#,##0 %q", currency)
	if minor > 0 {
		code = fmt.Sprintf("#,##0.%s %q", strings.Repeat("0", minor), currency)
	}
	id, err := b.f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	b.keep(err)
	b.money[currency] = id
	return id
}

func (b *book) keep(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// text writes s as a string cell: never a formula, whatever it starts with.
func (b *book) text(sheet string, col, row int, s string) {
	b.keep(b.f.SetCellStr(sheet, cell(col, row), s))
}

func (b *book) int(sheet string, col, row int, n int64) {
	b.keep(b.f.SetCellInt(sheet, cell(col, row), n))
}

// decimal writes d as a numeric cell holding its exact text (SetCellDefault
// stores a numeric string as the cell's value verbatim), so that no float64
// ever holds the money.
func (b *book) decimal(sheet string, col, row int, d string, style int) {
	c := cell(col, row)
	b.keep(b.f.SetCellDefault(sheet, c, d))
	if style != 0 {
		b.keep(b.f.SetCellStyle(sheet, c, c, style))
	}
}

func (b *book) moneyCell(sheet string, col, row int, d decimal.Decimal, currency string) {
	minor, _ := audit.MinorUnit(currency)
	b.decimal(sheet, col, row, d.StringFixed(int32(minor)), b.moneyStyle(currency))
}

// date writes a local date-time as an Excel serial date-time in style.
func (b *book) date(sheet string, col, row int, t time.Time, style int) {
	c := cell(col, row)
	b.keep(b.f.SetCellValue(sheet, c, t))
	b.keep(b.f.SetCellStyle(sheet, c, c, style))
}

// headerRow writes the bold header in row 1 and freezes it.
func (b *book) headerRow(sheet string, names []string, widths []float64) {
	for i, h := range names {
		b.text(sheet, i+1, 1, h)
		col, _ := excelize.ColumnNumberToName(i + 1)
		b.keep(b.f.SetColWidth(sheet, col, col, widths[i]))
	}
	last := cell(len(names), 1)
	b.keep(b.f.SetCellStyle(sheet, "A1", last, b.header))
	b.keep(b.f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}))
}

func (b *book) credits(credits []audit.Credit) error {
	const s = CreditsSheet
	b.headerRow(s, creditHeader, []float64{28, 10, 12, 14, 10, 8, 9, 16, 16, 9, 16, 22})
	row := 2
	for _, c := range credits {
		month, err := time.Parse("2006-01", c.Month)
		if err != nil {
			return fmt.Errorf("credit for %q: month %q: %w", c.Customer, c.Month, err)
		}
		b.text(s, 1, row, c.Customer)
		b.date(s, 2, row, month, b.month)
		b.text(s, 3, row, c.Plan)
		b.keep(b.f.SetCellBool(s, cell(4, row), c.TermContract))
		b.int(s, 5, row, int64(c.Breaches))
		b.int(s, 6, row, int64(c.Severe))
		b.decimal(s, 7, row, c.Percent.String(), 0)
		// SPEC §5's percent before the cap: finance sees why a row stops
		// at the cap.
		b.decimal(s, 8, row, c.UncappedPercent.String(), 0)
		// SPEC §5: an unknown fee leaves the fee and the amount empty.
		if c.MonthlyFee != nil {
			b.moneyCell(s, 9, row, *c.MonthlyFee, c.Currency)
		}
		b.text(s, 10, row, c.Currency)
		if c.Amount != nil {
			b.moneyCell(s, 11, row, *c.Amount, c.Currency)
		}
		if c.Reason != "" {
			b.text(s, 12, row, c.Reason)
		}
		row++
	}
	b.text(s, 1, row+1, Note)
	return nil
}

func (b *book) totals(totals []audit.CreditTotal) error {
	s := TotalsSheet
	if _, err := b.f.NewSheet(s); err != nil {
		return err
	}
	b.headerRow(s, []string{"currency", "amount"}, []float64{10, 18})
	row := 2
	// SPEC §5: totals per currency; different currencies are never added.
	for _, t := range totals {
		b.text(s, 1, row, t.Currency)
		b.moneyCell(s, 2, row, t.Amount, t.Currency)
		row++
	}
	b.text(s, 1, row+1, Note)
	return nil
}

func (b *book) breaches(r *audit.Result) error {
	s := BreachesSheet
	if _, err := b.f.NewSheet(s); err != nil {
		return err
	}
	zone := b.loc.String()
	b.headerRow(s, []string{"customer", "month", "ticket id", "submitted (" + zone + ")",
		"deadline (" + zone + ")", "late seconds", "severe"}, []float64{28, 10, 14, 22, 22, 13, 8})
	// The breaches counted towards each credit row: resolved through its
	// accounts row and submitted in its month (SPEC §5), found in one
	// pass over the (compact) breaches.
	type key struct {
		account *audit.Account
		month   string
	}
	behind := make(map[key][]int)
	for i, v := range r.Breaches.All() {
		if v.Account != nil {
			k := key{v.Account, v.Ticket.Submitted.In(b.loc).Format("2006-01")}
			behind[k] = append(behind[k], i)
		}
	}
	row := 2
	for _, c := range r.Credits {
		month, err := time.Parse("2006-01", c.Month)
		if err != nil {
			return fmt.Errorf("credit for %q: month %q: %w", c.Customer, c.Month, err)
		}
		// The breaches counted towards this row, as the engine tallied
		// them (SPEC §5).
		for _, v := range c.Behind.All() {
			local := v.Ticket.Submitted.In(b.loc)
			b.text(s, 1, row, c.Customer)
			b.date(s, 2, row, month, b.month)
			b.text(s, 3, row, v.Ticket.ID)
			b.date(s, 4, row, local, b.datetime)
			b.date(s, 5, row, v.Deadline.In(b.loc), b.datetime)
			// SPEC §3: durations are truncated to whole seconds.
			b.int(s, 6, row, int64(v.Late/time.Second))
			b.keep(b.f.SetCellBool(s, cell(7, row), v.Severe))
			row++
		}
	}
	return nil
}
