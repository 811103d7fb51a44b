package cmd

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// versionString reports the module version and VCS revision from the build
// information, e.g. "v1.2.0 (rev 1a2b3c4d5e6f, 2026-11-25T17:00:00Z)".
func versionString() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, at, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = ", modified"
			}
		}
	}
	if rev == "" {
		return v
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return fmt.Sprintf("%s (rev %s, %s%s)", v, rev, at, dirty)
}

func newVersionCmd(ios *IO) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version and VCS revision",
		Args:    args(0, 0, ""),
		Example: "  slaaudit version\n  slaaudit --version",
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(ios.Out, "slaaudit %s\n", versionString())
			return err
		},
	}
}
