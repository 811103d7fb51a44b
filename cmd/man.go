package cmd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// This file is how slaaudit documents itself: the layout of --help, the man
// pages of `slaaudit man`, and examples for cobra's `completion` command.

// usageTemplate is cobra's default usage template with the examples moved to
// the end, so that every command's --help ends with real examples.
const usageTemplate = `Usage:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if gt (len .Aliases) 0}}

Aliases:
  {{.NameAndAliases}}{{end}}{{if .HasAvailableSubCommands}}{{$cmds := .Commands}}{{if eq (len .Groups) 0}}

Available Commands:{{range $cmds}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{else}}{{range $group := .Groups}}

{{.Title}}{{range $cmds}}{{if (and (eq .GroupID $group.ID) (or .IsAvailableCommand (eq .Name "help")))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if not .AllChildCommandsHaveGroup}}

Additional Commands:{{range $cmds}}{{if (and (eq .GroupID "") (or .IsAvailableCommand (eq .Name "help")))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flags:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Global Flags:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasHelpSubCommands}}

Additional help topics:{{range .Commands}}{{if .IsAdditionalHelpTopicCommand}}
  {{rpad .CommandPath .CommandPathPadding}} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableSubCommands}}

Use "{{.CommandPath}} [command] --help" for more information about a command.{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}
`

// manOptions are what `slaaudit man` runs with: the command tree to
// document and the directory.
type manOptions struct {
	IO   *IO
	root *cobra.Command
	dir  string
}

// newCmdMan builds `slaaudit man` over ios. It runs runF with the parsed
// options, or manRun when runF is nil.
func newCmdMan(ios *IO, runF func(*manOptions) error) *cobra.Command {
	o := &manOptions{IO: ios}
	return &cobra.Command{
		Use:   "man DIR",
		Short: "Write the man pages of every command into DIR",
		Long: `man writes a man page (roff, section 1) for slaaudit and for each of its
commands — slaaudit.1, slaaudit-check.1, slaaudit-credits.1, … — into DIR,
creating it if missing and replacing pages already there. The pages carry the
same text as --help. SOURCE_DATE_EPOCH, when set, dates them, for
reproducible builds; otherwise they are dated today.

Exit status: 0 when every page was written, 2 otherwise.`,
		Example: `  # Into the local man path
  slaaudit man /usr/local/share/man/man1 && man slaaudit-check

  # For a package, dated by the release
  SOURCE_DATE_EPOCH=1793577600 slaaudit man ./dist/man1`,
		Args: args(1, 1, "one DIR to write the pages into"),
		RunE: func(c *cobra.Command, args []string) error {
			o.root, o.dir = c.Root(), args[0]
			if runF != nil {
				return runF(o)
			}
			return manRun(o)
		},
	}
}

// manRun writes the man pages of o.root into o.dir.
func manRun(o *manOptions) error { return writeManPages(o.root, o.dir) }

// writeManPages writes the man page of root and of each of its available
// commands into dir, each with the EXIT STATUS and ENVIRONMENT sections that
// cobra's generator does not write.
func writeManPages(root *cobra.Command, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &exitError{statusError, fmt.Errorf("man: %w", err)}
	}
	disableAutoGenTag(root)
	header := &doc.GenManHeader{
		Section: "1",
		Source:  "slaaudit " + strings.Fields(versionString())[0],
		Manual:  "slaaudit manual",
	}
	if err := writeManTree(root, header, dir); err != nil {
		return &exitError{statusError, fmt.Errorf("man: %w", err)}
	}
	return nil
}

// writeManTree is doc.GenManTree (the same pages, named the same) with
// manSections added to each page before SEE ALSO.
func writeManTree(c *cobra.Command, header *doc.GenManHeader, dir string) error {
	for _, sub := range c.Commands() {
		if !sub.IsAvailableCommand() || sub.IsAdditionalHelpTopicCommand() {
			continue
		}
		if err := writeManTree(sub, header, dir); err != nil {
			return err
		}
	}
	h := *header // GenMan fills in the title and date
	var buf bytes.Buffer
	if err := doc.GenMan(c, &h, &buf); err != nil {
		return err
	}
	page := buf.String()
	extra := manSections(c)
	if i := strings.Index(page, ".SH SEE ALSO"); i >= 0 {
		page = page[:i] + extra + page[i:]
	} else {
		page += extra
	}
	name := strings.ReplaceAll(c.CommandPath(), " ", "-") + "." + header.Section
	return os.WriteFile(filepath.Join(dir, name), []byte(page), 0o644)
}

// manExitStatus is the EXIT STATUS of each command (SPEC §8 and §13), by
// command path; other commands exit 0 or 2.
var manExitStatus = map[string][][2]string{
	"slaaudit check": {
		{"0", "The audit ran and found no breach (or --fail-on none, or no severe breach with --fail-on severe)."},
		{"1", "The audit ran and found at least one breach (--fail-on breach, the default) or severe breach (--fail-on severe)."},
		{"2", "A usage error; an unreadable or malformed input; an invalid plans or accounts file; a rejected row under --strict; or rows were read but none was audited or excluded (all rejected or outside the period), unless --allow-empty. An input with no rows at all exits 0 with a note."},
		{"129, 130, 143", "Stopped by SIGHUP, SIGINT or SIGTERM: the temporary file is removed and an existing --output-file is left as it was."},
	},
	"slaaudit credits": {
		{"0", "The report was written, whatever the breaches (they are its subject)."},
		{"2", "A usage error; an unreadable or malformed input; an invalid plans or accounts file; a rejected row under --strict; or rows were read but none was audited or excluded, unless --allow-empty."},
		{"129, 130, 143", "Stopped by SIGHUP, SIGINT or SIGTERM: the temporary file is removed and an existing --output-file is left as it was."},
	},
	"slaaudit explain": {
		{"0", "The ticket was found and explained, whatever its verdict."},
		{"2", "No ticket has that id, its row was rejected (the message gives the rejection), it was submitted outside the period, a usage error, an unreadable or malformed input, or a rejected row under --strict."},
		{"129, 130, 143", "Stopped by SIGHUP, SIGINT or SIGTERM: the temporary file is removed and an existing --output-file is left as it was."},
	},
}

// manSections writes the EXIT STATUS and ENVIRONMENT sections of c's page.
func manSections(c *cobra.Command) string {
	status := manExitStatus[c.CommandPath()]
	if status == nil {
		status = [][2]string{{"0", "Success."}, {"2", "A usage error, or the command failed (the message on stderr says why)."}}
	}
	var b strings.Builder
	b.WriteString(".SH EXIT STATUS\n")
	for _, s := range status {
		fmt.Fprintf(&b, ".TP\n\\fB%s\\fP\n%s\n", s[0], manEscape(s[1]))
	}
	b.WriteString(".PP\nErrors are printed on stderr, one line each, prefixed \"slaaudit:\".\n")
	b.WriteString(".SH ENVIRONMENT\n")
	env := [][2]string{
		{"NO_COLOR", "When set and not empty, output is never coloured (as with --no-color). Output that is not a terminal is never coloured anyway."},
		{"TERM", "When \"dumb\", output is never coloured."},
		{"TZ", "Not used: the report time zone is the plans file's timezone (America/Los_Angeles for the built-in plans), so a report does not depend on the machine it runs on."},
	}
	if c.Name() == "man" {
		env = append(env, [2]string{"SOURCE_DATE_EPOCH", "When set (seconds since 1970), dates the pages, for reproducible builds; otherwise they are dated today."})
	}
	for _, e := range env {
		fmt.Fprintf(&b, ".TP\n\\fB%s\\fP\n%s\n", e[0], manEscape(e[1]))
	}
	return b.String()
}

// manEscape escapes text for roff: backslashes, and a leading dot or
// quote that would start a request.
func manEscape(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// disableAutoGenTag drops cobra's "Auto generated by spf13/cobra" line from
// the pages of c and its descendants.
func disableAutoGenTag(c *cobra.Command) {
	c.DisableAutoGenTag = true
	for _, sub := range c.Commands() {
		disableAutoGenTag(sub)
	}
}

// completionExamples are the examples of cobra's completion command and of
// its subcommands, one per shell, which cobra leaves without any.
var completionExamples = map[string]string{
	"completion": `  slaaudit completion bash > /etc/bash_completion.d/slaaudit
  slaaudit completion zsh > "${fpath[1]}/_slaaudit"
  slaaudit completion fish > ~/.config/fish/completions/slaaudit.fish`,
	"bash": `  # This shell only
  source <(slaaudit completion bash)

  # Every new shell (needs the bash-completion package)
  slaaudit completion bash > /etc/bash_completion.d/slaaudit`,
	"zsh": `  # This shell only
  source <(slaaudit completion zsh)

  # Every new shell (needs "autoload -U compinit; compinit" in ~/.zshrc)
  slaaudit completion zsh > "${fpath[1]}/_slaaudit"`,
	"fish": `  # This shell only
  slaaudit completion fish | source

  # Every new shell
  slaaudit completion fish > ~/.config/fish/completions/slaaudit.fish`,
	"powershell": `  # This shell only
  slaaudit completion powershell | Out-String | Invoke-Expression

  # Every new shell: add the line above to your PowerShell profile`,
}

// addCompletionCmd adds cobra's completion command now, where Execute would
// add it only when it runs, so that it is in the tree for --help and the man
// pages, with examples.
func addCompletionCmd(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Example = completionExamples[c.Name()]
		for _, shell := range c.Commands() {
			shell.Example = completionExamples[shell.Name()]
			// cobra's own NoArgs returns an untyped error.
			shell.Args = args(0, 0, "")
		}
	}
}
