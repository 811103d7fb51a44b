package cmd

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/report"
)

// checkOptions are the flags of `slaaudit check`.
type checkOptions struct {
	auditFlags
	reportFlags
	output      string
	outputFile  string
	failOn      string
	quiet       bool
	allowEmpty  bool
	annotations int
	noColor     bool
	detail      bool
	files       []string
	now         func() time.Time
}

// renderFunc renders a finished audit; Options matter only to terminal
// formats.
type renderFunc func(w io.Writer, r *audit.Result, m report.Meta, o report.Options) error

// plain adapts a renderer that takes no Options.
func plain(f func(io.Writer, *audit.Result, report.Meta) error) renderFunc {
	return func(w io.Writer, r *audit.Result, m report.Meta, _ report.Options) error { return f(w, r, m) }
}

// checkFormats maps -o values to renderers, and says which need every
// ticket kept in memory (as verdicts) and which the breaches (compactly).
// json, csv, junit and github keep neither: runCheck streams or collects
// what they print. limit caps the lists
// of a format that prints at most that many entries of each.
var checkFormats = map[string]struct {
	render   renderFunc
	tickets  bool
	breaches bool
	limit    int
}{
	"table":    {report.Table, false, true, 0},
	"markdown": {plain(report.Markdown), false, true, report.MarkdownRowLimit},
	"json":     {plain(report.JSON), false, false, 0},
	"csv":      {plain(report.CSV), false, false, 0},
	"junit":    {plain(report.JUnit), false, false, 0},
	"github":   {plain(report.GitHub), false, false, 0},
	// html collects what it draws as the audit runs (cmd/html.go) and
	// lists at most --limit, else HTMLListLimit, entries of each list.
	"html": {nil, false, true, HTMLListLimit},
}

func newCheckCmd(ios *IO) *cobra.Command {
	o := &checkOptions{now: time.Now}
	c := &cobra.Command{
		Use:   "check FILE...",
		Short: "Audit ticket exports and report breaches",
		Long: `check replays every ticket of the exports against its plan's response window
and reports attainment per plan, every breach with how late it was, and every
rejected row. FILE is CSV, JSON (array or {"tickets": [...]}) or NDJSON,
optionally gzip-compressed; - reads stdin.

Exit status: 0 no breach, 1 at least one breach (see --fail-on), 2 usage
error, unreadable or malformed input, a rejected row under --strict, or
rows read but none audited (every row rejected or outside the period: the
message says why; --allow-empty accepts it). An input with no rows exits 0
with a note.`,
		Example: `  # The monthly audit, as a table
  slaaudit check export.csv --month 2026-10

  # In CI: JUnit for the test report, exit 1 on a breach
  slaaudit check export.json --month 2026-10 -o junit --output-file sla.xml

  # Reproducible: fix the audit instant; zone-less times are Pacific
  slaaudit check export.csv --as-of 2026-11-01 --input-tz America/Los_Angeles

  # The monthly review: who suffers, which weeks, what is due in the next 4h
  slaaudit check export.csv --month 2026-10 --by customer --by week --due-within 4h

  # The ten latest breaches of one customer
  slaaudit check export.csv --month 2026-10 --customer acme --sort late --limit 10

  # The monthly review as one self-contained HTML page, to open, print or e-mail
  slaaudit check export.csv --month 2026-10 --by customer --by week -o html --output-file report.html`,
		Args: args(1, -1, "at least one FILE to audit (- reads stdin)"),
		RunE: func(_ *cobra.Command, args []string) error {
			o.files = args
			return runCheck(o, ios)
		},
	}
	o.auditFlags.bind(c.Flags())
	c.Flags().BoolVar(&o.allowEmpty, "allow-empty", false, "exit 0 even when rows were read but none was audited (all rejected or outside the period)")
	o.reportFlags.bind(c)
	c.Flags().StringVarP(&o.output, "output", "o", "table", "report format: table, markdown, json, csv, junit, github or html")
	c.Flags().StringVar(&o.outputFile, "output-file", "", "write the report to this file, atomically, instead of stdout")
	c.Flags().StringVar(&o.failOn, "fail-on", "breach", "exit 1 on: breach, severe or none")
	c.Flags().BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors; the exit status tells")
	c.Flags().BoolVar(&o.noColor, "no-color", false, "never colour the output (NO_COLOR is honoured too)")
	c.Flags().IntVar(&o.annotations, "annotations", report.DefaultAnnotations, "-o github: annotate at most this many breaches (severe first, then the latest) and rejected rows; GitHub shows 10 per step")
	c.Flags().BoolVar(&o.detail, "detail", false, "with --accounts: list the breached tickets behind each credit row")
	return c
}

func runCheck(o *checkOptions, ios *IO) error {
	format, ok := checkFormats[o.output]
	if !ok {
		return usagef("-o: unknown format %q (table, markdown, json, csv, junit, github or html)", o.output)
	}
	if o.annotations < 0 {
		return usagef("--annotations: %d is negative; pass 0 for none, or how many breaches to annotate", o.annotations)
	}
	switch o.failOn {
	case "breach", "severe", "none":
	default:
		return usagef("--fail-on: %q is not breach, severe or none", o.failOn)
	}
	s, err := o.resolve(o.files, o.now())
	if err != nil {
		return err
	}
	rep, err := o.reportFlags.reports(s.plans)
	if err != nil {
		return err
	}
	// SPEC §10: --limit caps the lists of the formats people read; the
	// machine formats list everything.
	lists := o.output == "table" || o.output == "markdown" || o.output == "html"
	if !lists {
		rep.Limit = 0
	}
	// SPEC §12: Markdown never shows more than MarkdownRowLimit of a list,
	// so the audit keeps no more.
	if o.output == "markdown" && (rep.Limit == 0 || rep.Limit > report.MarkdownRowLimit) {
		rep.Limit = report.MarkdownRowLimit
	}
	// CSV with --by writes the breakdown rows, not the tickets.
	byCSV := o.output == "csv" && len(rep.By) > 0
	// SPEC §12: --quiet silences stdout, never a requested file.
	var target *reportTarget
	if !o.quiet || o.outputFile != "" && o.outputFile != "-" {
		if target, err = openTarget(ios, o.outputFile, append(o.readFiles(), o.files...)); err != nil {
			return err
		}
	}
	// JUnit and GitHub collect what they print compactly as tickets are
	// audited, and JSON and CSV write them as they are audited, instead of
	// keeping every verdict (SPEC §12, README "Performance"). The audit
	// keeps or collects what the report needs only when one is written.
	render := format.render
	var collect func(*audit.Verdict)
	switch {
	case target == nil:
	case o.output == "json":
		stream := report.NewJSONStream(target.Writer())
		collect = stream.Add
		render = func(_ io.Writer, r *audit.Result, m report.Meta, _ report.Options) error { return stream.Close(r, m) }
	case o.output == "csv" && !byCSV:
		stream := report.NewCSVStream(target.Writer(), s.plans)
		collect = stream.Add
		render = func(io.Writer, *audit.Result, report.Meta, report.Options) error { return stream.Close() }
	case o.output == "junit":
		t := report.NewJUnitTickets()
		collect = t.Add
		render = func(w io.Writer, r *audit.Result, m report.Meta, _ report.Options) error {
			return report.JUnitWithTickets(w, r, m, t)
		}
	case o.output == "github":
		g := report.NewGitHubAnnotations(o.annotations)
		collect = g.Add
		render = func(w io.Writer, r *audit.Result, m report.Meta, _ report.Options) error {
			return report.GitHubWithAnnotations(w, r, m, g)
		}
	}
	s.summarise = target != nil
	var page *htmlReport
	res, err := s.run(ios, func(opts *audit.Options) {
		opts.OnVerdict = collect
		opts.KeepBreaches = target != nil && format.breaches && collect == nil
		opts.KeepTickets = target != nil && format.tickets && collect == nil
		opts.ListLimit = format.limit
		if rep.Limit > 0 {
			opts.ListLimit = rep.Limit
		}
		rep.KeepExcluded, rep.KeepPending = lists && target != nil, lists && target != nil
		rep.CreditDetail = o.detail && target != nil
		// --quiet without a file shows no figure: skip the percentile samples.
		rep.NoPercentiles = target == nil
		opts.Reports = rep
		if target != nil && o.output == "html" {
			page = newHTMLReport(opts)
		}
	})
	if err != nil {
		target.Abort()
		return err
	}
	if err := emptyAudit(ios, res, o.allowEmpty, o.quiet); err != nil {
		target.Abort()
		return err
	}
	if !o.quiet {
		s.warn(ios)
	}
	if page != nil {
		render = page.render
	}
	meta := o.reportFlags.meta(report.Meta{Inputs: o.files, AsOfNow: o.asOf == "", Command: "check", Detail: o.detail,
		Accounts: s.audit.Accounts != nil, Read: s.bound, ExcludedChannels: s.excludedChannels()}, rep)
	ropts := report.Options{Color: ios.Color(o.noColor) && o.outputFile == "", Width: o.reportFlags.width(ios, o.outputFile)}
	if err := target.Render(render, res, meta, ropts); err != nil {
		return err
	}
	return verdictStatus(res, o.failOn, o.strict)
}

// verdictStatus turns a finished audit into its exit status (SPEC §8).
func verdictStatus(res *audit.Result, failOn string, strict bool) error {
	if strict && res.Counts.Rejected > 0 {
		return &exitError{statusError, fmt.Errorf("%d row(s) rejected (--strict)", res.Counts.Rejected)}
	}
	switch {
	case failOn == "breach" && res.Total.Breached > 0,
		failOn == "severe" && res.Total.Severe > 0:
		return &exitError{code: statusBreach}
	}
	return nil
}
