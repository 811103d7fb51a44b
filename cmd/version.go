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

// versionOptions are what `slaaudit version` runs with.
type versionOptions struct {
	IO *IO
}

// newCmdVersion builds `slaaudit version` over ios. It runs runF with the
// parsed options, or versionRun when runF is nil.
func newCmdVersion(ios *IO, runF func(*versionOptions) error) *cobra.Command {
	o := &versionOptions{IO: ios}
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version and VCS revision",
		Args:    args(0, 0, ""),
		Example: "  slaaudit version\n  slaaudit --version",
		RunE: func(*cobra.Command, []string) error {
			if runF != nil {
				return runF(o)
			}
			return versionRun(o)
		},
	}
}

// versionRun prints the version line.
func versionRun(o *versionOptions) error {
	_, err := fmt.Fprintf(o.IO.Out, "slaaudit %s\n", versionString())
	return err
}
