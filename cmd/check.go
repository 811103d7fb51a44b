package cmd

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/report"
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

// checkFormats maps -o values to renderers, and says which need the
// breaches kept (compactly) and how many entries of each list a format
// prints at most. checkRun writes json, csv (without --by), junit and
// github from what it collects as the audit runs (SPEC §12, README
// "Performance"), with the same bytes as the renderer named here, which
// reads a whole Result; html (cmd/html.go) lists at most --limit, else
// HTMLListLimit, entries of each list.
var checkFormats = map[string]struct {
	render   renderFunc
	breaches bool
	limit    int
}{
	"table":    {report.Table, true, 0},
	"markdown": {plain(report.Markdown), true, report.MarkdownRowLimit},
	"json":     {plain(report.JSON), false, 0},
	"csv":      {plain(report.CSV), false, 0},
	"junit":    {plain(report.JUnit), false, 0},
	"github":   {plain(report.GitHub), false, 0},
	"html":     {nil, true, HTMLListLimit},
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
	s.summarise, s.quiet, s.noColor = target != nil, o.quiet, o.noColor
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
	if err != nil {
		target.Abort()
		return err
	}
	if err := emptyAudit(ios, res, o.allowEmpty, o.quiet); err != nil {
		target.Abort()
		return err
	}
	s.warn(ios)
	if page != nil {
		render = page.render
	}
	meta := o.reportFlags.meta(report.Meta{Inputs: o.files, AsOfNow: o.asOf == "", Command: "check", Detail: o.detail,
		Accounts: s.audit.Accounts != nil, Read: s.bound, ExcludedChannels: s.excludedChannels()}, rep)
	ropts := report.Options{Color: o.color(ios), Width: o.reportFlags.width(ios, o.outputFile)}
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
