package cmd

import (
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/report"
	"github.com/slaaudit/slaaudit/plans"
)

// reportFlags are the flags of SPEC §10: breakdowns, lists, their order
// and cap, the filters, and --wide.
type reportFlags struct {
	by        []string
	dueWithin string
	sort      string
	limit     int
	customers []string
	plan      string
	wide      bool
	fs        *pflag.FlagSet // to tell a flag given from its default
}

// bindFilters binds the flags that restrict an audit (check and credits).
func (f *reportFlags) bindFilters(c *cobra.Command) {
	fs := c.Flags()
	f.fs = fs
	fs.StringArrayVar(&f.customers, "customer", nil, "audit only this customer's tickets, as written (repeatable); the rest count as filtered")
	fs.StringVar(&f.plan, "plan", "", "audit only tickets on this plan (key or any name of it); the rest count as filtered")
	fs.BoolVar(&f.wide, "wide", false, "on a terminal, draw tables at full width instead of fitting them to the terminal")
}

// bind binds every flag of SPEC §10 (check).
func (f *reportFlags) bind(c *cobra.Command) {
	f.bindFilters(c)
	fs := c.Flags()
	fs.StringArrayVar(&f.by, "by", nil, "add a breakdown: "+strings.Join(audit.DimensionNames(), ", ")+" (repeatable, or comma-separated)")
	fs.StringVar(&f.dueWithin, "due-within", "", "list pending tickets due within this duration of --as-of, e.g. 4h or 90m")
	fs.StringVar(&f.sort, "sort", "submitted", "order the ticket lists by: "+strings.Join(audit.SortKeyNames(), ", "))
	fs.IntVar(&f.limit, "limit", 0, "show at most N tickets of each list in table and markdown (0: all), with a count of the rest")
	// Completion values: registerCompletions (usage.go).
}

// resolve validates the flags into the engine's Reports. set is the plans
// the audit runs with.
func (f *reportFlags) reports(set *plans.Set) (audit.Reports, error) {
	var r audit.Reports
	for _, arg := range f.by {
		for _, name := range strings.Split(arg, ",") {
			d, err := audit.ParseDimension(name)
			if err != nil {
				return r, usagef("--by: %v", err)
			}
			// A dimension asked twice is one breakdown.
			if !slices.Contains(r.By, d) {
				r.By = append(r.By, d)
			}
		}
	}
	if f.fs.Changed("due-within") {
		d, err := time.ParseDuration(strings.TrimSpace(f.dueWithin))
		if err != nil || d < 0 {
			return r, usagef("--due-within: %q is not a duration like 4h, 90m or 1h30m", f.dueWithin)
		}
		r.DueSoon, r.DueWithin = true, d
	}
	if f.sort != "" { // credits has no --sort
		k, err := audit.ParseSortKey(f.sort)
		if err != nil {
			return r, usagef("--sort: %v", err)
		}
		r.Sort = k
	}
	if f.limit < 0 {
		return r, usagef("--limit: %d is negative (0 shows every ticket)", f.limit)
	}
	r.Limit = f.limit
	for _, c := range f.customers {
		if strings.TrimSpace(c) == "" {
			return r, usagef("--customer: a blank name matches no customer")
		}
		r.Customers = append(r.Customers, c)
	}
	if f.fs.Changed("plan") {
		key := set.KeyOf(f.plan)
		if key == "" {
			return r, usagef("--plan: unknown plan %q (%s)", f.plan, strings.Join(set.Keys(), ", "))
		}
		r.OnlyPlan = key
	}
	return r, nil
}

// width is the width tables are fitted to: the terminal's, unless --wide,
// the report goes to a file, or Out is no terminal (SPEC §10: off a
// terminal nothing is cut).
func (f *reportFlags) width(ios *IO, outputFile string) int {
	if f.wide || outputFile != "" || !ios.IsTTY {
		return 0
	}
	return ios.Width
}

// meta adds the list settings to a report's Meta.
func (f *reportFlags) meta(m report.Meta, r audit.Reports) report.Meta {
	m.DueSoon, m.DueWithin, m.Limit = r.DueSoon, r.DueWithin, r.Limit
	return m
}

// outputFlags are the flags of every command that writes a report (check,
// credits, explain): one surface, bound once.
type outputFlags struct {
	output     string
	outputFile string
	quiet      bool
	noColor    bool
	formats    string // the -o values, for --help and the error
}

// bind binds -o (default def, usage formats), --output-file, -q and
// --no-color; what names the report in the usage ("report",
// "explanation").
func (f *outputFlags) bind(c *cobra.Command, def, formats, what string) {
	f.formats = formats
	fs := c.Flags()
	fs.StringVarP(&f.output, "output", "o", def, what+" format: "+formats)
	fs.StringVar(&f.outputFile, "output-file", "", "write the "+what+" to this file, atomically, instead of stdout (written even with --quiet)")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "print nothing on stdout and no warning or note on stderr, only errors; the exit status tells")
	fs.BoolVar(&f.noColor, "no-color", false, "never colour the output (NO_COLOR is honoured too)")
}

// unknownFormat is the usage error for an -o value the command has no
// renderer for.
func (f *outputFlags) unknownFormat() error {
	return usagef("-o: unknown format %q (%s)", f.output, f.formats)
}

// color reports whether the report may be coloured: on a terminal, without
// NO_COLOR or --no-color, and not into a file.
func (f *outputFlags) color(ios *IO) bool {
	return ios.Color(f.noColor) && f.outputFile == ""
}

// target opens where the report goes, or returns nil when nothing is
// written (--quiet without --output-file). SPEC §12: --quiet silences
// stdout, never a requested file; the report is never written over an
// input.
func (f *outputFlags) target(ios *IO, inputs []string) (*reportTarget, error) {
	if f.quiet && (f.outputFile == "" || f.outputFile == "-") {
		return nil, nil
	}
	return openTarget(ios, f.outputFile, inputs)
}
