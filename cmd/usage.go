package cmd

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/ingest"
	"github.com/slaaudit/slaaudit/plans"
)

// This file is how slaaudit talks about a wrong command line: arguments
// checked in plain words, cobra's own errors reworded, "did you mean" for
// commands, plans, presets and zones, and the values shell completion
// offers for every flag with a closed set of values.

// args checks the number of positional arguments (max < 0: no limit),
// saying what is missing in plain words ("slaaudit check needs at least one
// FILE to audit") rather than cobra's "requires at least 1 arg(s), only
// received 0". need says what the command takes.
func args(min, max int, need string) cobra.PositionalArgs {
	return func(c *cobra.Command, a []string) error {
		name := strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
		switch {
		case max == 0 && len(a) > 0:
			return usagef("%s takes no arguments; got %s: %s", name, argCount(len(a)), quoteAll(a))
		case len(a) < min:
			return usagef("%s needs %s; got %s", name, need, argCount(len(a)))
		case max > 0 && len(a) > max:
			return usagef("%s takes %s; got %s: %s", name, need, argCount(len(a)), quoteAll(a))
		}
		return nil
	}
}

func quoteAll(a []string) string {
	q := make([]string, len(a))
	for i, s := range a {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, " ")
}

func argCount(n int) string {
	switch n {
	case 0:
		return "none"
	case 1:
		return "1 argument"
	}
	return fmt.Sprintf("%d arguments", n)
}

// usageLine is the one-line synopsis printed under a usage error.
func usageLine(c *cobra.Command) string {
	if c.Runnable() {
		return c.UseLine()
	}
	return c.CommandPath() + " COMMAND [flags]"
}

// unknownCommand returns the usage error for a command line whose first
// word is no command of root ("unknown command "chek"; did you mean
// check?"), or nil. Run calls it before cobra parses anything, since cobra
// reports an unknown command with an untyped error.
func unknownCommand(root *cobra.Command, args []string) error {
	for _, a := range args {
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") {
			return notACommand(root, a)
		}
	}
	return nil
}

// subcommands is the Args of a command that runs on its own and has
// subcommands (presets): any argument is an unknown command, since cobra
// runs the subcommand a known one names.
func subcommands(c *cobra.Command, a []string) error {
	if len(a) == 0 {
		return nil
	}
	return notACommand(c, a[0])
}

// notACommand returns the usage error for name when it is no subcommand of
// c, with the nearest ones, or nil.
func notACommand(c *cobra.Command, name string) error {
	// cobra adds help and the hidden __complete commands as it executes.
	switch name {
	case "help", cobra.ShellCompRequestCmd, cobra.ShellCompNoDescRequestCmd:
		if !c.HasParent() {
			return nil
		}
	}
	for _, sub := range c.Commands() {
		if sub.Name() == name || sub.HasAlias(name) {
			return nil
		}
	}
	msg := fmt.Sprintf("unknown command %q", name)
	// cobra's default distance, which SuggestionsFor does not apply.
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2
	}
	if c.HasParent() {
		msg += " for " + strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
	}
	if s := c.SuggestionsFor(name); len(s) > 0 {
		msg += "; did you mean " + orList(s) + "?"
	} else {
		msg += fmt.Sprintf(" (commands: %s)", strings.Join(commandNames(c), ", "))
	}
	return usagef("%s", msg)
}

func commandNames(root *cobra.Command) []string {
	var names []string
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return names
}

// orList quotes nothing and joins "a", "a or b", "a, b or c".
func orList(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// didYouMean returns " (did you mean X?)" for the candidates nearest to
// input (case-insensitive edit distance of at most 2, or one a prefix of
// the other), or "".
func didYouMean(input string, candidates []string) string {
	in := strings.ToLower(input)
	best, bestD := []string(nil), 3
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := editDistance(in, lc)
		if len(in) >= 3 && (strings.HasPrefix(lc, in) || strings.HasPrefix(in, lc)) {
			d = min(d, 1)
		}
		switch {
		case d < bestD:
			best, bestD = []string{c}, d
		case d == bestD && !slices.Contains(best, c):
			best = append(best, c)
		}
	}
	if len(best) == 0 {
		return ""
	}
	return " (did you mean " + orList(best) + "?)"
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// planNames lists the plan keys --default-plan suggests (display names and
// aliases match too, but are not suggested).
func planNames(set *plans.Set) []string { return set.Keys() }

// zoneAbbreviations maps the abbreviations people write for a zone (as the
// support policy writes "PST") to the IANA zone of the civil time they
// usually mean, and the fixed offset they literally say. slaaudit never
// picks one: it suggests both.
var zoneAbbreviations = map[string][2]string{
	"PST": {"America/Los_Angeles", "Etc/GMT+8"}, "PDT": {"America/Los_Angeles", "Etc/GMT+7"}, "PT": {"America/Los_Angeles", ""},
	"MST": {"America/Denver", "Etc/GMT+7"}, "MDT": {"America/Denver", "Etc/GMT+6"}, "MT": {"America/Denver", ""},
	"CST": {"America/Chicago", "Etc/GMT+6"}, "CDT": {"America/Chicago", "Etc/GMT+5"}, "CT": {"America/Chicago", ""},
	"EST": {"America/New_York", "Etc/GMT+5"}, "EDT": {"America/New_York", "Etc/GMT+4"}, "ET": {"America/New_York", ""},
	"AKST": {"America/Anchorage", "Etc/GMT+9"}, "HST": {"Pacific/Honolulu", "Etc/GMT+10"},
	"BST": {"Europe/London", "Etc/GMT-1"}, "IST": {"Asia/Kolkata", ""}, "CEST": {"Europe/Paris", "Etc/GMT-2"},
	"JST": {"Asia/Tokyo", "Etc/GMT-9"}, "AEST": {"Australia/Sydney", "Etc/GMT-10"}, "AEDT": {"Australia/Sydney", "Etc/GMT-11"},
}

// commonZones are the zones a miscapitalised or misspelt --input-tz is
// compared with.
var commonZones = []string{
	"UTC", "America/Los_Angeles", "America/Denver", "America/Phoenix", "America/Chicago", "America/New_York",
	"America/Anchorage", "America/Toronto", "America/Vancouver", "America/Mexico_City", "America/Sao_Paulo",
	"Pacific/Honolulu", "Europe/London", "Europe/Dublin", "Europe/Paris", "Europe/Berlin", "Europe/Amsterdam",
	"Europe/Madrid", "Europe/Rome", "Europe/Zurich", "Europe/Stockholm", "Europe/Warsaw", "Europe/Moscow",
	"Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Dubai",
	"Australia/Sydney", "Australia/Melbourne", "Pacific/Auckland", "Africa/Johannesburg",
}

// zoneHint suggests zones for an --input-tz that does not load: the IANA
// zone and the fixed offset for an abbreviation, the right spelling of a
// miscapitalised or misspelt zone.
func zoneHint(name string) string {
	if z, ok := zoneAbbreviations[strings.ToUpper(strings.TrimSpace(name))]; ok {
		if z[1] == "" {
			return fmt.Sprintf(" (did you mean %s? slaaudit takes IANA zone names)", z[0])
		}
		return fmt.Sprintf(" (did you mean %s, the civil time with its daylight saving, or %s, the fixed offset? slaaudit takes IANA zone names)", z[0], z[1])
	}
	for _, z := range commonZones {
		if strings.EqualFold(z, name) {
			return fmt.Sprintf(" (did you mean %s? zone names are case-sensitive)", z)
		}
	}
	return didYouMean(name, commonZones)
}

// loadZone loads an --input-tz zone; "Local" is refused, since the report
// must not depend on the machine it runs on.
func loadZone(name string) (*time.Location, error) {
	tz, err := time.LoadLocation(name)
	if err != nil || name == "Local" || name == "" {
		return nil, usagef("--input-tz: unknown time zone %q%s", name, zoneHint(name))
	}
	return tz, nil
}

// enumFlags are the values of every flag with a closed set, by flag name,
// for completion; "output" differs per command.
func enumFlags(c *cobra.Command) map[string][]string {
	m := map[string][]string{
		"fail-on":      {"breach", "severe", "none"},
		"preset":       ingest.Presets(),
		"shape":        {ingest.ShapeRows, ingest.ShapeHistory},
		"default-plan": planNames(plans.Builtin()),
		"input-tz":     commonZones,
		"delimiter":    {",", ";", `\t`, "|"},
		"time-layout":  {"unix", "unix_ms", "02/01/2006 15:04", "01/02/2006 15:04", "2006-01-02 15:04"},
		// SPEC §10: the report flags.
		"by":   audit.DimensionNames(),
		"sort": audit.SortKeyNames(),
		"plan": plans.Builtin().Keys(),
	}
	switch c.Name() {
	case "check":
		m["output"] = sortedKeys(checkFormats)
	case "credits":
		m["output"] = sortedKeys(creditFormats)
	case "explain":
		m["output"] = []string{"text", "json"}
	case "plans":
		m["output"] = []string{"table", "json", "yaml"}
	case "sample":
		m["format"] = []string{"csv", "ndjson", "json"}
	}
	return m
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// fileFlags are the flags that name a file, with the extensions completion
// offers (none: any file).
var fileFlags = map[string][]string{
	"plans":       {"yaml", "yml"},
	"accounts":    {"csv", "json"},
	"output-file": nil,
}

// registerCompletions gives every flag of c and its descendants with a
// closed set of values its values, and file flags their extensions.
func registerCompletions(c *cobra.Command) {
	enums := enumFlags(c)
	for name, values := range enums {
		if c.Flags().Lookup(name) == nil {
			continue
		}
		values := values
		_ = c.RegisterFlagCompletionFunc(name, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return values, cobra.ShellCompDirectiveNoFileComp
		})
	}
	for name, exts := range fileFlags {
		if c.Flags().Lookup(name) == nil {
			continue
		}
		if len(exts) > 0 {
			_ = c.MarkFlagFilename(name, exts...)
		} else {
			_ = c.MarkFlagFilename(name)
		}
	}
	for _, sub := range c.Commands() {
		registerCompletions(sub)
	}
}

// plainFlagError rewords pflag's errors for a bad flag: "unknown flag
// --ouput (did you mean --output?)", "--output needs a value (report
// format: …)", "--annotations: "x" is not a whole number".
func plainFlagError(c *cobra.Command, err error) error {
	var (
		notExist *pflag.NotExistError
		required *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
	)
	switch {
	case errors.As(err, &notExist):
		name := notExist.GetSpecifiedName()
		if s := notExist.GetSpecifiedShortnames(); s != "" {
			if s == name {
				return usagef("unknown flag -%s", name)
			}
			return usagef("unknown flag -%s (in -%s)", name, s)
		}
		var names []string
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if !f.Hidden {
				names = append(names, "--"+f.Name)
			}
		})
		return usagef("unknown flag --%s%s", name, didYouMean("--"+name, names))
	case errors.As(err, &required):
		f := required.GetFlag()
		return usagef("--%s needs a value: %s", f.Name, f.Usage)
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		what := "a valid value"
		switch f.Value.Type() {
		case "int", "int64", "uint64":
			what = "a whole number"
		case "bool":
			what = "true or false"
		}
		return usagef("--%s: %q is not %s", f.Name, invalid.GetValue(), what)
	}
	return &usageError{err}
}
