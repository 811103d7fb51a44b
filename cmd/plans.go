package cmd

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/slaaudit/slaaudit/audit/report"
	"github.com/slaaudit/slaaudit/plans"
)

type plansOptions struct {
	plansFile string
	output    string
	noColor   bool
}

func newPlansCmd(ios *IO) *cobra.Command {
	o := &plansOptions{}
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
		RunE: func(*cobra.Command, []string) error { return runPlans(o, ios) },
	}
	c.Flags().StringVar(&o.plansFile, "plans", "", "plans file (YAML); default: the built-in plans")
	c.Flags().StringVarP(&o.output, "output", "o", "table", "format: table, json or yaml")
	c.Flags().BoolVar(&o.noColor, "no-color", false, "never colour the output")
	return c
}

func runPlans(o *plansOptions, ios *IO) error {
	set := plans.Builtin()
	if o.plansFile != "" {
		fh, err := os.Open(o.plansFile)
		if err != nil {
			return &exitError{statusError, fmt.Errorf("read plans: %w", err)}
		}
		defer fh.Close()
		if set, err = plans.Load(fh, o.plansFile); err != nil {
			return &exitError{statusError, fmt.Errorf("%s: %w", o.plansFile, stripInvalid(err))}
		}
	}
	switch o.output {
	case "table":
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
	return usagef("-o: unknown format %q (table, json or yaml)", o.output)
}
