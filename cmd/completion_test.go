package cmd_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/slaaudit/slaaudit/cmd"
)

// runInProcess runs slaaudit over buffers, off a terminal.
func runInProcess(args ...string) (string, string, int) {
	var out, errOut bytes.Buffer
	code := cmd.Run(args, &cmd.IO{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	return out.String(), errOut.String(), code
}

func TestCompletionScripts(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		t.Run(shell, func(t *testing.T) {
			out, errOut, code := runInProcess("completion", shell)
			if code != 0 || errOut != "" {
				t.Fatalf("exit = %d, stderr %q; want 0 and nothing", code, errOut)
			}
			if len(out) < 200 || !strings.Contains(out, "slaaudit") {
				t.Errorf("script of %d bytes does not look like a completion script for slaaudit:\n%.300s", len(out), out)
			}
		})
	}
}

func TestRootHelpListsCompletion(t *testing.T) {
	out, _, code := runInProcess("--help")
	if code != 0 {
		t.Fatalf("exit = %d, want 0", code)
	}
	if !strings.Contains(out, "\n  completion ") {
		t.Errorf("slaaudit --help does not list the completion command:\n%s", out)
	}
}

// commands walks the tree under c, skipping hidden commands and cobra's own
// help command.
func commands(c *cobra.Command) []*cobra.Command {
	all := []*cobra.Command{c}
	for _, sub := range c.Commands() {
		if sub.Hidden || sub.Name() == "help" {
			continue
		}
		all = append(all, commands(sub)...)
	}
	return all
}

// TestHelpEndsWithExamples checks STYLE: every command's --help ends with
// real examples.
func TestHelpEndsWithExamples(t *testing.T) {
	root := cmd.NewRootCmd(&cmd.IO{})
	for _, c := range commands(root) {
		path := strings.Fields(c.CommandPath())[1:]
		t.Run(c.CommandPath(), func(t *testing.T) {
			if strings.TrimSpace(c.Example) == "" {
				t.Fatalf("%s has no examples", c.CommandPath())
			}
			out, errOut, code := runInProcess(append(path, "--help")...)
			if code != 0 {
				t.Fatalf("exit = %d, want 0; stderr %q", code, errOut)
			}
			want := "\nExamples:\n" + strings.TrimRight(c.Example, " \n")
			if got := strings.TrimRight(out, " \n"); !strings.HasSuffix(got, want) {
				t.Errorf("--help does not end with the examples:\n--- got (end) ---\n%s\n--- want (end) ---\n%s", tail(got, len(want)+80), want)
			}
		})
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
