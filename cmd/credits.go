package cmd

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/report"
	"github.com/slaaudit/slaaudit/audit/report/xlsx"
)

// creditsOptions are what `slaaudit credits` runs with: its IO, flags and
// arguments.
type creditsOptions struct {
	IO *IO
	auditFlags
	reportFlags
	outputFlags
	detail     bool
	allowEmpty bool
	files      []string
	now        func() time.Time
}

// creditFormats maps -o values to renderers; binary ones refuse a terminal.
var creditFormats = map[string]struct {
	render renderFunc
	binary bool
}{
	"table":    {report.CreditsTable, false},
	"markdown": {plain(report.CreditsMarkdown), false},
	"csv":      {plain(report.CreditsCSV), false},
	"json":     {plain(report.CreditsJSON), false},
	// html collects what it draws as the audit runs (cmd/html.go).
	"html": {nil, false},
	"xlsx": {plain(func(w io.Writer, r *audit.Result, m report.Meta) error {
		return xlsx.Credits(w, r, m.Detail)
	}), true},
}

// newCmdCredits builds `slaaudit credits` over ios. It runs runF with the
// parsed options, or creditsRun when runF is nil.
func newCmdCredits(ios *IO, runF func(*creditsOptions) error) *cobra.Command {
	o := &creditsOptions{IO: ios, now: time.Now}
	c := &cobra.Command{
		Use:   "credits FILE... --accounts ACCOUNTS",
		Short: "Recommend credits for term-contract customers",
		Long: `credits audits the exports like check, then recommends a credit per
term-contract customer, calendar month and accounts row (SPEC §5):
percent = min(cap, per_breach × ordinary breaches + per_severe × severe
breaches), amount = monthly fee × percent / 100, exact decimal arithmetic
rounded half away from zero to the currency's minor unit. Totals are per
currency. The credits are recommendations, subject to mutual discussion and
agreement, as the support policy says.

The exit status does not depend on breaches: 0 when the report was written,
2 on an error, a rejected row under --strict, or rows read but none audited
(--allow-empty accepts it).`,
		Example: `  # Finance's monthly table
  slaaudit credits export.csv --accounts accounts.csv --month 2026-10

  # A spreadsheet-safe CSV, with the breached tickets behind each row
  slaaudit credits export.csv --accounts accounts.csv --month 2026-10 -o csv --detail > credits.csv

  # An Excel workbook
  slaaudit credits export.csv --accounts accounts.csv --month 2026-10 -o xlsx --output-file credits.xlsx`,
		Args: args(1, -1, "at least one FILE to audit (- reads stdin)"),
		RunE: func(c *cobra.Command, args []string) error {
			o.files = args
			if c.Flags().Changed("out") && !o.quiet {
				fmt.Fprintln(ios.ErrOut, "slaaudit: warning: --out is deprecated; use --output-file")
			}
			if runF != nil {
				return runF(o)
			}
			return creditsRun(o)
		},
	}
	o.auditFlags.bind(c.Flags())
	c.Flags().BoolVar(&o.allowEmpty, "allow-empty", false, "exit 0 even when rows were read but none was audited (all rejected or outside the period)")
	o.reportFlags.bindFilters(c)
	o.outputFlags.bind(c, "table", "table, markdown, csv, json, xlsx or html", "report")
	// --out was credits' own name for --output-file: still read, hidden
	// from --help, with a warning on stderr (pflag's MarkDeprecated would
	// print its own on stdout, into the report).
	c.Flags().StringVar(&o.outputFile, "out", "", "same as --output-file")
	_ = c.Flags().MarkHidden("out")
	c.Flags().BoolVar(&o.detail, "detail", false, "list the breached tickets behind each credit row")
	return c
}

// creditsRun audits o.files and writes the credits report; the error
// carries the exit status (SPEC §8).
func creditsRun(o *creditsOptions) error {
	ios := o.IO
	format, ok := creditFormats[o.output]
	if !ok {
		return o.unknownFormat()
	}
	if o.accountsFile == "" {
		return usagef("credits needs --accounts FILE: the customers' plans, term contracts and fees")
	}
	if format.binary && o.outputFile == "" && ios.IsTTY {
		return usagef("-o xlsx writes a binary file: pass --output-file FILE, or redirect stdout")
	}
	s, err := o.resolve(o.files, o.now())
	if err != nil {
		return err
	}
	rep, err := o.reportFlags.reports(s.plans)
	if err != nil {
		return err
	}
	target, err := o.target(ios, append(o.readFiles(), o.files...))
	if err != nil {
		return err
	}
	s.summarise, s.quiet, s.noColor = target != nil, o.quiet, o.noColor
	var page *htmlReport
	res, err := s.run(ios, func(opts *audit.Options) {
		// The credits report lists breaches only behind their credit rows
		// (--detail, Credit.Behind): no other verdict is kept (SPEC §12:
		// keep what the report prints).
		rep.CreditDetail = target != nil && o.detail
		if o.output == "markdown" {
			// It lists at most this many rejected rows.
			opts.ListLimit = report.MarkdownRowLimit
		}
		opts.Reports = rep
		if target != nil && o.output == "html" {
			// The page lists capped lists besides the credits.
			opts.KeepBreaches, opts.ListLimit = true, HTMLListLimit
			opts.Reports.KeepExcluded, opts.Reports.KeepPending = true, true
			page = newHTMLReport(opts)
		}
	})
	meta := report.Meta{Inputs: o.files, AsOfNow: o.asOf == "", Command: "credits", Detail: o.detail, Accounts: true,
		Read: s.bound, ExcludedChannels: s.excludedChannels()}
	ropts := report.Options{Color: o.color(ios), Width: o.reportFlags.width(ios, o.outputFile)}
	if err := s.writeReport(ios, target, res, err, o.allowEmpty, o.quiet, format.render, page, meta, ropts); err != nil {
		return err
	}
	return verdictStatus(res, "none", o.strict)
}
