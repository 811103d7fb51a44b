package cmd

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/report"
	"github.com/slaaudit/slaaudit/plans"
)

// checkOptions are what `slaaudit check` runs with: its IO, flags and
// arguments.
type checkOptions struct {
	IO *IO
	auditFlags
	reportFlags
	outputFlags
	failOn      string
	allowEmpty  bool
	annotations int
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

// A checkFormat says how `check` writes one -o format: from the finished
// audit (render), or as the audit runs (stream), and which lists the audit
// keeps for it: the breaches (compactly), and at most limit entries of each
// list (0: all). html (cmd/html.go) lists at most --limit, else
// HTMLListLimit, entries of each list.
type checkFormat struct {
	render   renderFunc
	stream   func(w io.Writer, o *checkOptions, set *plans.Set) reportStream
	breaches bool
	limit    int
}

// A reportStream is a report written from the verdicts as the audit runs
// instead of from verdicts the audit keeps (SPEC §12, README
// "Performance"): add takes every verdict in input order, finish writes
// the rest from the result, and stop, when not nil, releases what the
// stream runs if the audit fails before finish.
type reportStream struct {
	add    func(*audit.Verdict)
	finish renderFunc
	stop   func()
}

// checkFormats maps -o values to how check writes them. csv streams its
// ticket rows, and renders the breakdown rows of --by from the result.
var checkFormats = map[string]checkFormat{
	"table":    {render: report.Table, breaches: true},
	"markdown": {render: plain(report.Markdown), breaches: true, limit: report.MarkdownRowLimit},
	"json":     {stream: jsonStream},
	"csv":      {render: plain(report.CSV), stream: csvStream},
	"junit":    {stream: junitStream},
	"github":   {stream: githubStream},
	"html":     {breaches: true, limit: HTMLListLimit},
}

// jsonStream writes each ticket's JSON as it is audited, the rest at the end.
func jsonStream(w io.Writer, _ *checkOptions, _ *plans.Set) reportStream {
	s := report.NewJSONStream(w)
	return reportStream{add: s.Add, stop: s.Abort,
		finish: func(_ io.Writer, r *audit.Result, m report.Meta, _ report.Options) error { return s.Close(r, m) }}
}

// csvStream writes each ticket's row as it is audited.
func csvStream(w io.Writer, _ *checkOptions, set *plans.Set) reportStream {
	s := report.NewCSVStream(w, set)
	return reportStream{add: s.Add,
		finish: func(io.Writer, *audit.Result, report.Meta, report.Options) error { return s.Close() }}
}

// junitStream collects each ticket's testcase compactly; the suites are
// written at the end, when their counts are known.
func junitStream(_ io.Writer, _ *checkOptions, _ *plans.Set) reportStream {
	t := report.NewJUnitTickets()
	return reportStream{add: t.Add,
		finish: func(w io.Writer, r *audit.Result, m report.Meta, _ report.Options) error {
			return report.JUnitWithTickets(w, r, m, t)
		}}
}

// githubStream keeps the --annotations worst breaches.
func githubStream(_ io.Writer, o *checkOptions, _ *plans.Set) reportStream {
	g := report.NewGitHubAnnotations(o.annotations)
	return reportStream{add: g.Add,
		finish: func(w io.Writer, r *audit.Result, m report.Meta, _ report.Options) error {
			return report.GitHubWithAnnotations(w, r, m, g)
		}}
}

// newCmdCheck builds `slaaudit check` over ios. It runs runF with the
// parsed options, or checkRun when runF is nil (tests pass a runF that
// captures the options).
func newCmdCheck(ios *IO, runF func(*checkOptions) error) *cobra.Command {
	o := &checkOptions{IO: ios, now: time.Now}
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
			if runF != nil {
				return runF(o)
			}
			return checkRun(o)
		},
	}
	o.auditFlags.bind(c.Flags())
	c.Flags().BoolVar(&o.allowEmpty, "allow-empty", false, "exit 0 even when rows were read but none was audited (all rejected or outside the period)")
	o.reportFlags.bind(c)
	o.outputFlags.bind(c, "table", "table, markdown, json, csv, junit, github or html", "report")
	c.Flags().StringVar(&o.failOn, "fail-on", "breach", "exit 1 on: breach, severe or none")
	c.Flags().IntVar(&o.annotations, "annotations", report.DefaultAnnotations, "-o github: annotate at most this many breaches (severe first, then the latest) and rejected rows; GitHub shows 10 per step")
	c.Flags().BoolVar(&o.detail, "detail", false, "with --accounts: list the breached tickets behind each credit row")
	return c
}

// checkRun audits o.files and writes the report; the error carries the exit
// status (SPEC §8).
func checkRun(o *checkOptions) error {
	ios := o.IO
	format, ok := checkFormats[o.output]
	if !ok {
		return o.unknownFormat()
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
	target, err := o.target(ios, append(o.readFiles(), o.files...))
	if err != nil {
		return err
	}
	// The audit keeps or collects what the report needs only when one is
	// written; csv with --by renders the breakdowns from the result.
	render := format.render
	var collect func(*audit.Verdict)
	if target != nil && format.stream != nil && !byCSV {
		st := format.stream(target.Writer(), o, s.plans)
		collect, render = st.add, st.finish
		if st.stop != nil {
			defer st.stop()
		}
	}
	s.summarise, s.quiet, s.noColor = target != nil, o.quiet, o.noColor
	s.streams = collect != nil
	var page *htmlReport
	res, err := s.run(ios, func(opts *audit.Options) {
		opts.OnVerdict = collect
		opts.KeepBreaches = target != nil && format.breaches && collect == nil
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
	meta := o.reportFlags.meta(report.Meta{Inputs: o.files, AsOfNow: o.asOf == "", Command: "check", Detail: o.detail,
		Accounts: s.audit.Accounts != nil, Read: s.bound, ExcludedChannels: s.excludedChannels()}, rep)
	ropts := report.Options{Color: o.color(ios), Width: o.reportFlags.width(ios, o.outputFile)}
	if err := s.writeReport(ios, target, res, err, o.allowEmpty, o.quiet, render, page, meta, ropts); err != nil {
		return err
	}
	return verdictStatus(res, o.failOn, o.strict)
}

// writeReport ends check and credits once the audit has run: on an error
// or an empty audit the output is abandoned, else the warnings go to
// stderr and the report is written, by the HTML page when one collected.
func (s *setup) writeReport(ios *IO, target *reportTarget, res *audit.Result, runErr error, allowEmpty, quiet bool,
	render renderFunc, page *htmlReport, meta report.Meta, ropts report.Options) error {
	if runErr != nil {
		target.Abort()
		return runErr
	}
	if err := emptyAudit(ios, res, allowEmpty, quiet); err != nil {
		target.Abort()
		return err
	}
	s.warn(ios)
	if page != nil {
		render = page.render
	}
	return target.Render(render, res, meta, ropts)
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
