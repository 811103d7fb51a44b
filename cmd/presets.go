package cmd

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/slaaudit/slaaudit/audit/ingest"
)

// presetsOptions are what `slaaudit presets` runs with.
type presetsOptions struct {
	IO *IO
}

// newCmdPresets builds `slaaudit presets` and its `show` over ios. It runs
// runF with the parsed options, or presetsRun when runF is nil.
func newCmdPresets(ios *IO, runF func(*presetsOptions) error) *cobra.Command {
	o := &presetsOptions{IO: ios}
	c := &cobra.Command{
		Use:   "presets",
		Short: "List the helpdesk exports slaaudit reads unedited",
		Long: `presets lists the built-in presets: each reads one helpdesk's own export
(--preset NAME). A preset is a small YAML file; 'presets show NAME' prints
one, the starting point for a preset file of your own (--preset-file FILE).`,
		Example: `  slaaudit presets
  slaaudit presets show zendesk
  slaaudit presets show zendesk > mydesk.yaml   # edit, then:
  slaaudit check export.csv --preset-file mydesk.yaml`,
		Args: subcommands,
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(o)
			}
			return presetsRun(o)
		},
	}
	c.AddCommand(newCmdPresetsShow(ios, nil))
	return c
}

// presetsRun lists the built-in presets.
func presetsRun(o *presetsOptions) error {
	tw := tabwriter.NewWriter(o.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tHELPDESK\tREADS")
	for _, name := range ingest.Presets() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", name, ingest.PresetTitle(name), ingest.PresetReads(name))
	}
	return tw.Flush()
}

// presetsShowOptions are what `slaaudit presets show` runs with.
type presetsShowOptions struct {
	IO   *IO
	name string
}

// newCmdPresetsShow builds `slaaudit presets show` over ios. It runs runF
// with the parsed options, or presetsShowRun when runF is nil.
func newCmdPresetsShow(ios *IO, runF func(*presetsShowOptions) error) *cobra.Command {
	o := &presetsShowOptions{IO: ios}
	return &cobra.Command{
		Use:   "show NAME",
		Short: "Print a preset's YAML file",
		Long: `show prints a built-in preset as the YAML file it is: the columns or JSON
paths it binds, its time layout, where its zone comes from, and the channel
and priority values it maps. A copy is the starting point for --preset-file.`,
		Example: `  slaaudit presets show freshdesk
  slaaudit presets show zammad > mydesk.yaml`,
		Args: args(1, 1, "one preset NAME"),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return ingest.Presets(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			o.name = args[0]
			if runF != nil {
				return runF(o)
			}
			return presetsShowRun(o)
		},
	}
}

// presetsShowRun prints one built-in preset's YAML file.
func presetsShowRun(o *presetsShowOptions) error {
	src := ingest.PresetSource(o.name)
	if src == nil {
		return usagef("unknown preset %q%s (%s)", o.name, didYouMean(o.name, ingest.Presets()), joinPresets())
	}
	_, err := o.IO.Out.Write(src)
	return err
}
