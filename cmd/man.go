package cmd

import "github.com/spf13/cobra"

// newManCmd builds `slaaudit man` (being written).
func newManCmd(ios *IO) *cobra.Command {
	return &cobra.Command{Use: "man DIR", Hidden: true}
}
