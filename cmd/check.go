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
	output     string
	outputFile string
	failOn     string
	quiet      bool
	noColor    bool
	detail     bool
	files      []string
	now        func() time.Time
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
// json and csv keep neither: runCheck streams them. limit caps the lists
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
	"junit":    {plain(report.JUnit), true, false, 0},
	"github":   {plain(report.GitHub), false, true, 0},
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
error, unreadable or malformed input, or a rejected row under --strict.`,
		Example: `  # The monthly audit, as a table
  slaaudit check export.csv --month 2026-10

  # In CI: JUnit for the test report, exit 1 on a breach
  slaaudit check export.json --month 2026-10 -o junit --output-file sla.xml

  # Reproducible: fix the audit instant; zone-less times are Pacific
  slaaudit check export.csv --as-of 2026-11-01 --input-tz America/Los_Angeles`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			o.files = args
			return runCheck(o, ios)
		},
	}
	o.auditFlags.bind(c.Flags())
	c.Flags().StringVarP(&o.output, "output", "o", "table", "report format: table, markdown, json, csv, junit or github")
	c.Flags().StringVar(&o.outputFile, "output-file", "", "write the report to this file, atomically, instead of stdout")
	c.Flags().StringVar(&o.failOn, "fail-on", "breach", "exit 1 on: breach, severe or none")
	c.Flags().BoolVarP(&o.quiet, "quiet", "q", false, "print nothing but errors; the exit status tells")
	c.Flags().BoolVar(&o.noColor, "no-color", false, "never colour the output (NO_COLOR is honoured too)")
	c.Flags().BoolVar(&o.detail, "detail", false, "with --accounts: list the breached tickets behind each credit row")
	return c
}

func runCheck(o *checkOptions, ios *IO) error {
	format, ok := checkFormats[o.output]
	if !ok {
		return usagef("-o: unknown format %q (table, markdown, json, csv, junit or github)", o.output)
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
	// SPEC §12: --quiet silences stdout, never a requested file.
	var target *reportTarget
	if !o.quiet || o.outputFile != "" && o.outputFile != "-" {
		if target, err = openTarget(ios, o.outputFile, append(o.readFiles(), o.files...)); err != nil {
			return err
		}
	}
	// JSON collects its tickets compactly as they are audited, and CSV
	// writes them as they are audited, instead of keeping every verdict
	// (SPEC §12, README "Performance").
	var tickets *report.JSONTickets
	var stream *report.CSVStream
	switch {
	case target == nil:
	case o.output == "json":
		tickets = report.NewJSONTickets()
	case o.output == "csv":
		stream = report.NewCSVStream(target.Writer(), s.plans)
	}
	s.summarise = target != nil
	res, err := s.run(ios, func(opts *audit.Options) {
		opts.KeepBreaches = target != nil && format.breaches
		opts.KeepTickets = target != nil && format.tickets
		opts.ListLimit = format.limit
		switch {
		case tickets != nil:
			opts.OnVerdict = tickets.Add
		case stream != nil:
			opts.OnVerdict = stream.Add
		}
	})
	if err != nil {
		target.Abort()
		return err
	}
	render := format.render
	switch {
	case tickets != nil:
		render = func(w io.Writer, r *audit.Result, m report.Meta, _ report.Options) error {
			return report.JSONWithTickets(w, r, m, tickets)
		}
	case stream != nil:
		render = func(io.Writer, *audit.Result, report.Meta, report.Options) error { return stream.Close() }
	}
	if !o.quiet {
		s.warn(ios)
	}
	meta := report.Meta{Inputs: o.files, Command: "check", Detail: o.detail, Accounts: s.audit.Accounts != nil, Read: s.bound, ExcludedChannels: s.excludedChannels()}
	if err := target.Render(render, res, meta, report.Options{Color: ios.Color(o.noColor) && o.outputFile == ""}); err != nil {
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
