// Package cmd wires slaaudit's commands: flags, validation, choosing readers
// and renderers, and exit codes. It holds no audit logic: that is package
// audit, with readers in audit/ingest and renderers in audit/report.
package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/slaaudit/slaaudit/audit/textsafe"
)

// Exit statuses of SPEC §8.
const (
	statusOK     = 0
	statusBreach = 1
	statusError  = 2
)

// IO is where a command reads and writes: tests build it over buffers.
type IO struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// IsTTY says whether Out is a terminal; ErrIsTTY whether ErrOut is.
	IsTTY    bool
	ErrIsTTY bool
	// NoColor is set when the NO_COLOR environment variable is non-empty,
	// or TERM is dumb.
	NoColor bool
	// Width is Out's width in columns when it is a terminal, else 0: tables
	// fit it (SPEC §10).
	Width int
}

// Color reports whether output may be coloured: only on a terminal, and
// never with NO_COLOR or --no-color.
func (s *IO) Color(noColorFlag bool) bool {
	return s.IsTTY && !s.NoColor && !noColorFlag
}

// SystemIO returns the process's standard streams.
func SystemIO() *IO {
	return &IO{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		IsTTY:    term.IsTerminal(int(os.Stdout.Fd())),
		ErrIsTTY: term.IsTerminal(int(os.Stderr.Fd())),
		// TERM=dumb is a terminal that cannot show colour (Emacs shell,
		// some CI consoles).
		NoColor: os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb",
		Width:   terminalWidth(os.Stdout),
	}
}

// exitError carries an exit status with the error that caused it. A nil err
// means the status alone (a breach is not an error message).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError marks a mistake in the command line: exit 2 with a usage hint.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// Main runs slaaudit with os.Args and returns the exit status.
func Main() int {
	startHeap()
	ios := SystemIO()
	handleSignals(ios)
	return Run(os.Args[1:], ios)
}

// Run runs slaaudit with args over ios and returns the exit status. All
// errors become exit statuses here, and nowhere else: an *exitError carries
// its status, a *usageError (a bad flag through the root's flag error
// function, a wrong number of arguments through args, an unknown command
// through unknownCommand, a bad value through usagef) adds a usage hint, and
// any other error is exit status 2.
func Run(args []string, ios *IO) int {
	return run(NewRootCmd(ios), args, ios)
}

// run runs root with args: Run over any command tree.
func run(root *cobra.Command, args []string, ios *IO) int {
	root.SetArgs(args)
	cmd, err := root, unknownCommand(root, args)
	if err == nil {
		cmd, err = root.ExecuteC()
	}
	if err == nil {
		return statusOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			printError(ios, ee.err)
		}
		return ee.code
	}
	printError(ios, err)
	var ue *usageError
	if errors.As(err, &ue) {
		if cmd == nil {
			cmd = root
		}
		fmt.Fprintf(ios.ErrOut, "Usage: %s\nRun '%s --help' for every flag, and examples.\n", usageLine(cmd), cmd.CommandPath())
	}
	return statusError
}

// printError writes err as one line on stderr, prefixed "slaaudit:". An
// error quotes file names and values from the input, whose control
// characters are escaped (SPEC §12).
func printError(ios *IO, err error) {
	msg := strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", " ")
	fmt.Fprintf(ios.ErrOut, "slaaudit: %s\n", textsafe.Line(msg))
}

// NewRootCmd builds the command tree over ios.
func NewRootCmd(ios *IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "slaaudit",
		Short: "Audit support-ticket exports against SLA response windows",
		Long: `slaaudit replays every ticket of a support-ticket export against its plan's
response window (Limited, Standard, Premium, 24/7; business hours in Pacific
time) and reports breaches, attainment and recommended credits.`,
		Example: `  slaaudit check export.csv --month 2026-10
  slaaudit check export.json -o junit > sla.xml
  slaaudit credits export.csv --accounts accounts.csv --month 2026-10 -o csv
  slaaudit explain export.csv 4711
  slaaudit plans`,
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetFlagErrorFunc(plainFlagError)
	root.SetVersionTemplate("slaaudit {{.Version}}\n")
	root.SetUsageTemplate(usageTemplate)
	root.AddCommand(newCmdCheck(ios, nil), newCmdCredits(ios, nil), newCmdPlans(ios, nil), newCmdPresets(ios, nil),
		newCmdSample(ios, nil), newCmdExplain(ios, nil), newCmdMan(ios, nil), newCmdVersion(ios, nil))
	addCompletionCmd(root)
	registerCompletions(root)
	return root
}
