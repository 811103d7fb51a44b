package cmd

import "github.com/spf13/cobra"

// newExplainCmd builds `slaaudit explain` (being written).
func newExplainCmd(ios *IO) *cobra.Command {
	return &cobra.Command{Use: "explain FILE... TICKET_ID", Hidden: true}
}
