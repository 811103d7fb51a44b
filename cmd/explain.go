package cmd

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/report"
)

// explainOptions are what `slaaudit explain` runs with: its IO, flags and
// arguments.
type explainOptions struct {
	IO *IO
	auditFlags
	outputFlags
	files []string
	id    string
	now   func() time.Time
}

// newCmdExplain builds `slaaudit explain` over ios. It runs runF with the
// parsed options, or explainRun when runF is nil.
func newCmdExplain(ios *IO, runF func(*explainOptions) error) *cobra.Command {
	o := &explainOptions{IO: ios, now: time.Now}
	c := &cobra.Command{
		Use:   "explain FILE... TICKET_ID",
		Short: "Replay one ticket: which window, why, the deadline, the verdict",
		Long: `explain audits the exports exactly like check (same flags, same period, same
plans and accounts) and replays one ticket, the last argument, as a short
narrative and a timeline: the row it came from (file:line), how its plan was
resolved (the ticket's plan column, the accounts file row, or --default-plan)
and any warnings, the business-hours rule its submission fell in or out of
(local time and weekday, holidays), the window and its clock, the deadline in
the plans file's time zone and in UTC, the first response, the verdict and how late
or how early, and with --accounts the ticket's effect on its credit row.

Exit status: 0 when the ticket was found and explained, whatever its verdict
(a breach is not an error here); 2 when the id is not among the tickets read
(the message says how many were read), when the ticket's row was rejected
(the message gives the rejection), when it was submitted outside the period
(drop --month, --from or --to), on a usage error, on unreadable or malformed
input, or on any rejected row under --strict.`,
		Example: `  # Why was ticket 4711 breached?
  slaaudit explain export.csv 4711

  # The same replay as check's monthly audit, with the credit it causes
  slaaudit explain export.csv 4711 --month 2026-10 --accounts accounts.csv

  # Reproducible and machine-readable
  slaaudit explain export.csv 4711 --as-of 2026-11-01T07:00:00Z -o json`,
		Args: args(2, -1, "at least one FILE and then the TICKET_ID to explain"),
		RunE: func(_ *cobra.Command, args []string) error {
			o.files, o.id = args[:len(args)-1], strings.TrimSpace(args[len(args)-1])
			if runF != nil {
				return runF(o)
			}
			return explainRun(o)
		},
	}
	o.auditFlags.bind(c.Flags())
	o.outputFlags.bind(c, "text", "text or json", "explanation")
	return c
}

// explainRun audits o.files and explains ticket o.id; the error carries
// the exit status.
func explainRun(o *explainOptions) error {
	ios := o.IO
	if o.output != "text" && o.output != "json" {
		return o.unknownFormat()
	}
	if o.id == "" {
		return usagef("TICKET_ID is blank")
	}
	s, err := o.resolve(o.files, o.now())
	if err != nil {
		return err
	}
	// The target is opened before the audit so that a bad path fails early.
	target, err := o.target(ios, append(o.readFiles(), o.files...))
	if err != nil {
		return err
	}
	s.quiet, s.noColor = o.quiet, o.noColor
	// A history's reader says which events it used and skipped, and why;
	// explain prints that trail (it costs memory per event, so check and
	// credits leave it off).
	s.read.Trail, s.read.TrailFor = true, o.id
	var (
		found   *audit.Verdict
		outside *audit.Ticket
	)
	res, err := s.run(ios, func(opts *audit.Options) {
		opts.OnVerdict = func(v *audit.Verdict) {
			// Duplicates are rejected, so at most one verdict has the id.
			if found == nil && v.Ticket.ID == o.id {
				found = copyVerdict(v)
			}
		}
		opts.OnOutsidePeriod = func(t *audit.Ticket) {
			if outside == nil && t.ID == o.id {
				c := *t
				outside = &c
			}
		}
	})
	if err != nil {
		target.Abort()
		return err
	}
	if found == nil {
		target.Abort()
		return notExplained(o.id, res, outside)
	}
	s.warn(ios)
	if target == nil {
		return verdictStatus(res, "none", o.strict)
	}
	meta := report.Meta{Inputs: o.files, AsOfNow: o.asOf == "", Command: "explain", Accounts: s.audit.Accounts != nil}
	if o.output == "json" {
		err = report.ExplainJSON(target.Writer(), res, found, meta)
	} else {
		err = report.Explain(target.Writer(), res, found, meta, report.Options{Color: o.color(ios)})
	}
	if err != nil {
		target.Abort()
		return &exitError{statusError, fmt.Errorf("render explanation: %w", err)}
	}
	if err := target.Commit(); err != nil {
		return err
	}
	// A found ticket exits 0 whatever its verdict; only --strict can fail.
	return verdictStatus(res, "none", o.strict)
}

// copyVerdict copies v out of the auditor's reusable buffer, slices too.
func copyVerdict(v *audit.Verdict) *audit.Verdict {
	c := *v
	c.Warnings = append([]string(nil), v.Warnings...)
	c.Ticket.Warnings = append([]string(nil), v.Ticket.Warnings...)
	c.Ticket.Trail = append([]string(nil), v.Ticket.Trail...)
	return &c
}

// notExplained is the exit-2 error for an id with no verdict: its row was
// outside the period, or rejected, or no row had it.
func notExplained(id string, res *audit.Result, outside *audit.Ticket) error {
	loc := res.Plans.Location
	if outside != nil {
		// SPEC §4: tickets outside the period are counted, not audited. The
		// first row with an id claims it, so this row is the ticket.
		return &exitError{statusError, fmt.Errorf(
			"ticket %q (%s) was submitted %s, outside the period %s; drop --month, --from and --to to explain it",
			id, outside.Source, outside.Submitted.In(loc).Format("Mon 2006-01-02 15:04:05 MST"), report.PeriodText(res))}
	}
	var rejected []audit.Rejection
	for _, rj := range res.Rejected.All() {
		if rj.ID == id {
			rejected = append(rejected, rj)
		}
	}
	if len(rejected) > 0 {
		more := ""
		if n := len(rejected) - 1; n > 0 {
			more = fmt.Sprintf(" (and %d more row(s) with this id)", n)
		}
		return &exitError{statusError, fmt.Errorf("ticket %q was rejected: %s%s", id, rejected[0].Error(), more)}
	}
	return &exitError{statusError, fmt.Errorf("ticket %q not found among %d tickets read (%d rows rejected)",
		id, res.Counts.Rows, res.Counts.Rejected)}
}
