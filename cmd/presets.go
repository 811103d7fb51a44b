package cmd

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/slaaudit/slaaudit/audit/ingest"
)

func newPresetsCmd(ios *IO) *cobra.Command {
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
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			tw := tabwriter.NewWriter(ios.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tHELPDESK\tREADS")
			for _, name := range ingest.Presets() {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", name, ingest.PresetTitle(name), ingest.PresetReads(name))
			}
			return tw.Flush()
		},
	}
	show := &cobra.Command{
		Use:   "show NAME",
		Short: "Print a preset's YAML file",
		Long: `show prints a built-in preset as the YAML file it is: the columns or JSON
paths it binds, its time layout, where its zone comes from, and the channel
and priority values it maps. A copy is the starting point for --preset-file.`,
		Example: `  slaaudit presets show freshdesk
  slaaudit presets show zammad > mydesk.yaml`,
		Args: cobra.ExactArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return ingest.Presets(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			src := ingest.PresetSource(args[0])
			if src == nil {
				return usagef("unknown preset %q (%s)", args[0], joinPresets())
			}
			_, err := ios.Out.Write(src)
			return err
		},
	}
	c.AddCommand(show)
	return c
}
