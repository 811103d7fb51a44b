package cmd

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/slaaudit/slaaudit/audit/report"
	"github.com/slaaudit/slaaudit/plans"
)

// plansOptions are what `slaaudit plans` runs with.
type plansOptions struct {
	IO        *IO
	plansFile string
	output    string
	noColor   bool
}

// newCmdPlans builds `slaaudit plans` over ios. It runs runF with the
// parsed options, or plansRun when runF is nil.
func newCmdPlans(ios *IO, runF func(*plansOptions) error) *cobra.Command {
	o := &plansOptions{IO: ios}
	c := &cobra.Command{
		Use:   "plans",
		Short: "Show the support plans and the readings of the policy",
		Long: `plans shows the plans an audit uses — the built-in ones from the support
policy, or those of --plans FILE — as a table that mirrors the policy's own,
followed by the readings slaaudit takes where the policy is ambiguous.
-o yaml prints a plans file: the starting point for a custom one.`,
		Example: `  slaaudit plans
  slaaudit plans -o yaml > plans.yaml
  slaaudit plans --plans plans.yaml -o json`,
		Args: args(0, 0, ""),
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(o)
			}
			return plansRun(o)
		},
	}
	c.Flags().StringVar(&o.plansFile, "plans", "", "plans file (YAML); default: the built-in plans")
	c.Flags().StringVarP(&o.output, "output", "o", "table", "format: table, json or yaml")
	c.Flags().BoolVar(&o.noColor, "no-color", false, "never colour the output")
	return c
}

// plansRun prints the plans.
func plansRun(o *plansOptions) error {
	ios := o.IO
	if o.output != "table" && o.output != "json" && o.output != "yaml" {
		return usagef("-o: unknown format %q (table, json or yaml)", o.output)
	}
	set, err := loadPlans(o.plansFile)
	if err != nil {
		return err
	}
	switch o.output {
	default: // "table"
		return report.Plans(ios.Out, set, report.Options{Color: ios.Color(o.noColor)})
	case "json":
		return report.PlansJSON(ios.Out, set)
	case "yaml":
		if o.plansFile == "" {
			_, err := ios.Out.Write(plans.BuiltinYAML())
			return err
		}
		b, err := set.YAML()
		if err != nil {
			return err
		}
		_, err = ios.Out.Write(b)
		return err
	}
}

// loadPlans reads the plans file at path (--plans), or returns the built-in
// plans when path is empty.
func loadPlans(path string) (*plans.Set, error) {
	if path == "" {
		return plans.Builtin(), nil
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, &exitError{statusError, fmt.Errorf("read plans: %w", err)}
	}
	defer fh.Close()
	set, err := plans.Load(fh, path)
	if err != nil {
		return nil, &exitError{statusError, fmt.Errorf("%s: %w", path, stripInvalid(err))}
	}
	return set, nil
}
