package cmd

import (
	"bufio"
	"errors"
	"time"

	"github.com/spf13/cobra"

	"github.com/slaaudit/slaaudit/audit/sample"
	"github.com/slaaudit/slaaudit/plans"
)

// sampleOptions are what `slaaudit sample` runs with; now gives the
// default month.
type sampleOptions struct {
	IO *IO
	sample.Options
	now func() time.Time
}

// newCmdSample builds `slaaudit sample` over ios. It runs runF with the
// parsed options, or sampleRun when runF is nil.
func newCmdSample(ios *IO, runF func(*sampleOptions) error) *cobra.Command {
	o := &sampleOptions{IO: ios, now: time.Now}
	c := &cobra.Command{
		Use:   "sample",
		Short: "Write a realistic synthetic ticket export to stdout",
		Long: `sample writes a synthetic export — customers on all four plans, every
verdict, optionally some bad rows — for trying slaaudit without data and for
benchmarks. The same --seed gives the same bytes. --month defaults to the
previous calendar month (Pacific time).`,
		Example: `  slaaudit sample --tickets 300 --month 2026-10 > export.csv
  slaaudit sample --tickets 1000000 --seed 1 > big.csv
  slaaudit sample --tickets 50 --shape history --format ndjson > history.ndjson`,
		Args: args(0, 0, ""),
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(o)
			}
			return sampleRun(o)
		},
	}
	f := c.Flags()
	f.IntVar(&o.Tickets, "tickets", 300, "number of tickets")
	f.Uint64Var(&o.Seed, "seed", 1, "random seed: the same seed gives the same export")
	f.StringVar(&o.Month, "month", "", "month of the submissions, e.g. 2026-10")
	f.StringVar(&o.Shape, "shape", "rows", "rows (one row per ticket) or history (one row per event)")
	f.StringVar(&o.Format, "format", "csv", "csv, ndjson or json")
	f.IntVar(&o.Bad, "bad", 0, "number of deliberately bad rows to mix in")
	f.IntVar(&o.Pending, "pending", 0, "number of unanswered tickets in the month's last hour")
	f.IntVar(&o.Outside, "outside", 0, "number of tickets just after the month")
	return c
}

// sampleRun writes the sample export to o.IO.Out.
func sampleRun(o *sampleOptions) error {
	opts := o.Options
	if opts.Month == "" {
		now := o.now().In(plans.Builtin().Location)
		opts.Month = time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, now.Location()).Format("2006-01")
	}
	w := bufio.NewWriterSize(o.IO.Out, 256<<10)
	if err := sample.Write(w, opts); err != nil {
		if errors.Is(err, sample.ErrOptions) {
			return &usageError{err}
		}
		return err
	}
	return w.Flush()
}
