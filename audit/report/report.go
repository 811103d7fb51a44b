// Package report renders an audit result in the output formats of SPEC §7:
// a human table, GitHub-flavoured Markdown, JSON, CSV, JUnit XML and GitHub
// workflow commands, plus the credit tables of the credits command and the
// description of a plans set.
//
// Every renderer writes to the io.Writer it is given, never to stdout, and is
// deterministic: the same result and Meta give the same bytes. No renderer
// reads the clock, the terminal width or the environment; colour is decided
// by the caller (Options.Color).
//
// It is not for deciding anything: verdicts, counts, summaries and credits
// come ready-made in an *audit.Result.
//
// The JSON report is the stable machine format; a JSONStream writes it as
// the audit runs, keeping no ticket (ExampleJSONStream). JUnit and GitHub
// reports are collected compactly as the audit runs (JUnitTickets,
// GitHubAnnotations) and written at the end.
package report

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/jedib0t/go-pretty/v6/text"
	"github.com/shopspring/decimal"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/textsafe"
)

// Meta is what a report says about the run that the Result does not hold.
type Meta struct {
	// Inputs are the input file names as given on the command line.
	Inputs []string
	// Command is "check", "credits" or "explain".
	Command string
	// Detail lists the breached tickets behind each credit row
	// (credits --detail).
	Detail bool
	// Accounts says an accounts file was given, so the report carries the
	// credits of SPEC §5 (in JSON even when there are none).
	Accounts bool
	// Read says how each input was read (SPEC §9): its layout and which
	// header or JSON key fed each field. Empty when not known.
	Read []Input
	// ExcludedChannels counts the excluded tickets per channel value, the
	// most frequent first (SPEC §9 "Unknown values are summarised").
	ExcludedChannels []ValueCount
	// AsOfNow says the audit instant is the clock's (no --as-of): the
	// human reports then say that --as-of makes them reproducible.
	AsOfNow bool

	// DueSoon says --due-within was given: reports show the due-soon list
	// (even empty), titled with DueWithin.
	DueSoon   bool
	DueWithin time.Duration
	// Limit caps each list of the table and Markdown reports (--limit;
	// 0 = no cap beyond the format's own). The engine has capped the
	// lists already (Reports.Limit); Markdown shows at most
	// MarkdownRowLimit of a list whatever the Limit.
	Limit int
}

// ValueCount is one value of a field and how many tickets had it.
type ValueCount struct {
	Value   string
	Tickets int
}

// excludedText summarises the excluded tickets by channel: excluded 6:
// channel "api" ×2, "closed ticket" ×4. It is "" when none are known.
func excludedText(m Meta) string {
	if len(m.ExcludedChannels) == 0 {
		return ""
	}
	n := 0
	parts := make([]string, len(m.ExcludedChannels))
	for i, v := range m.ExcludedChannels {
		n += v.Tickets
		parts[i] = fmt.Sprintf("%q ×%d", v.Value, v.Tickets)
	}
	return fmt.Sprintf("excluded %d: channel %s", n, strings.Join(parts, ", "))
}

// Input is how one input was read (SPEC §9 "inputs").
type Input struct {
	Path      string
	Format    string // csv, json, ndjson
	Delimiter string // CSV only
	Shape     string // rows or history
	Preset    string
	// Zone is the zone of times written without one, and ZoneSource where
	// it comes from ("--input-tz"); both empty when none was needed.
	Zone, ZoneSource string
	// Columns lists field ← header pairs in the order of the fields.
	Columns []Column
	Unused  []string
	// Skipped counts the rows above the header (a spreadsheet's title).
	Skipped int
}

// Column is one canonical field and the header or JSON key that feeds it.
type Column struct{ Field, Source string }

// columnsText is the binding of one input as the table and markdown print
// it: id ← "Id", customer ← "Organization", ….
func columnsText(in Input) string {
	parts := make([]string, len(in.Columns))
	for i, c := range in.Columns {
		parts[i] = fmt.Sprintf("%s ← %q", c.Field, c.Source)
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

// layoutText says how an input was cut into records: "csv, delimiter ';'".
func layoutText(in Input) string {
	var b strings.Builder
	b.WriteString(in.Format)
	if in.Delimiter != "" {
		fmt.Fprintf(&b, ", delimiter %q", in.Delimiter)
	}
	if in.Shape != "" && in.Shape != "rows" {
		b.WriteString(", " + in.Shape)
	}
	if in.Preset != "" {
		b.WriteString(", preset " + in.Preset)
	}
	if in.Zone != "" {
		fmt.Fprintf(&b, ", zone %s (%s)", in.Zone, in.ZoneSource)
	}
	if in.Skipped > 0 {
		fmt.Fprintf(&b, ", %d title row(s) skipped", in.Skipped)
	}
	return b.String()
}

// Options tunes the human table renderers.
type Options struct {
	// Color turns on ANSI colours. The caller sets it only on a terminal and
	// never with NO_COLOR or --no-color (SPEC §7).
	Color bool
	// Width, when positive, is the terminal's width in columns: tables cut
	// their longest text columns with "…" to fit (SPEC §10). 0 cuts
	// nothing (--wide, or not a terminal).
	Width int
}

// SchemaVersion is the version of the JSON shapes this package writes.
const SchemaVersion = 1

// FormatLate formats a duration compactly for people, truncating (never
// rounding up) to the precision shown:
//
//	under a minute  45s
//	under an hour   15m00s
//	under a day     1h05m
//	a day or more   2d03h  (a day is 24 hours)
//
// A zero or sub-second duration is "0s"; a negative one gets a leading "-".
// Machine formats carry exact whole seconds instead.
func FormatLate(d time.Duration) string {
	if d < 0 {
		return "-" + FormatLate(-d)
	}
	s := int64(d / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	case s < 86400:
		return fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
	default:
		return fmt.Sprintf("%dd%02dh", s/86400, s%86400/3600)
	}
}

// seconds truncates d to whole seconds (SPEC §3 "Times": a reply 0.5 s late
// has late_seconds 0).
func seconds(d time.Duration) int64 { return int64(d / time.Second) }

// instant formats t as RFC 3339 in UTC, with a fraction only when t has one
// (SPEC §7).
func instant(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// stamp formats t for people in loc: 2026-10-02 Fri 10:30 PDT.
func stamp(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 Mon 15:04 MST")
}

// boundary formats a period bound: a bare date when it is a local midnight,
// else the local time.
func boundary(t time.Time, loc *time.Location) string {
	l := t.In(loc)
	if l.Hour() == 0 && l.Minute() == 0 && l.Second() == 0 && l.Nanosecond() == 0 {
		return l.Format("2006-01-02")
	}
	if l.Second() == 0 && l.Nanosecond() == 0 {
		return l.Format("2006-01-02 15:04 MST")
	}
	return l.Format("2006-01-02 15:04:05.999999999 MST")
}

// PeriodText describes the period of SPEC §4 in the report zone: "all time",
// "2026-10-01 → 2026-11-01 (America/Los_Angeles)", or one open side.
func PeriodText(r *audit.Result) string {
	loc, tz := r.Plans.Location, r.Plans.Timezone
	switch {
	case r.From.IsZero() && r.To.IsZero():
		return "all time"
	case r.To.IsZero():
		return fmt.Sprintf("from %s (%s)", boundary(r.From, loc), tz)
	case r.From.IsZero():
		return fmt.Sprintf("before %s (%s)", boundary(r.To, loc), tz)
	}
	return fmt.Sprintf("%s → %s (%s)", boundary(r.From, loc), boundary(r.To, loc), tz)
}

// asOfText gives the audit instant in the report zone and in UTC, and when
// it is the clock's, that the report is not reproducible without --as-of.
func asOfText(r *audit.Result, m Meta) string {
	s := fmt.Sprintf("%s (%s)", r.AsOf.In(r.Plans.Location).Format("2006-01-02 15:04:05 MST"), instant(r.AsOf))
	if m.AsOfNow {
		s += " — now; pass --as-of to make this report reproducible"
	}
	return s
}

// countsLine is the accounting line of SPEC §3.7.
func countsLine(c audit.Counts) string {
	s := fmt.Sprintf("rows %d = audited %d + excluded %d + rejected %d + outside period %d",
		c.Rows, c.Audited, c.Excluded, c.Rejected, c.OutsidePeriod)
	// SPEC §10: rows that --customer or --plan set aside.
	if c.Filtered > 0 {
		s += fmt.Sprintf(" + filtered %d", c.Filtered)
	}
	if c.Events > 0 {
		s += fmt.Sprintf(" (read from %d events)", c.Events)
	}
	return s
}

// unknownPrioritiesLine summarises the priority values that matched no
// priority of the plans file (SPEC §11), as unknown channels are, or ""
// when there were none: unknown priorities 3 (plan default applied):
// "Sev 2" ×2, "blocker" ×1.
func unknownPrioritiesLine(r *audit.Result) string {
	if len(r.UnknownPriorities) == 0 && r.UnknownPrioritiesOther == 0 {
		return ""
	}
	n := r.UnknownPrioritiesOther
	parts := make([]string, 0, len(r.UnknownPriorities)+1)
	for _, vc := range r.UnknownPriorities {
		n += vc.Tickets
		parts = append(parts, fmt.Sprintf("%q ×%d", vc.Value, vc.Tickets))
	}
	if r.UnknownPrioritiesOther > 0 {
		parts = append(parts, fmt.Sprintf("other values ×%d", r.UnknownPrioritiesOther))
	}
	return fmt.Sprintf("unknown priorities %d (plan default applied): %s", n, strings.Join(parts, ", "))
}

// targetText names the windows a ticket was held to for people: the plan's
// display name, and " / urgent" when a per-priority window applied
// (SPEC §11).
func targetText(v *audit.Verdict) string {
	if v.Target == "" || v.Target == v.Plan.Key {
		return v.Plan.Display
	}
	return v.Plan.Display + " / " + v.Priority
}

// inputsText lists the inputs, or "-" (stdin) when none were named.
func inputsText(m Meta) string {
	if len(m.Inputs) == 0 {
		return "-"
	}
	return strings.Join(m.Inputs, ", ")
}

// attainmentText formats met / (met + breached) as a percentage with one
// decimal, rounded down so that 100.0% means no breach at all; "—" for a
// group with no decided ticket (SPEC §3.7).
func attainmentText(s audit.PlanSummary) string {
	n := s.Met + s.Breached
	if n == 0 {
		return "—"
	}
	tenths := s.Met * 1000 / n
	return fmt.Sprintf("%d.%d%%", tenths/10, tenths%10)
}

// money formats an amount at the currency's ISO 4217 minor unit (SPEC §5):
// 1200 → "1200.00" USD, "1200" JPY, "1.200" KWD. An unknown code gets two
// places.
func money(d decimal.Decimal, currency string) string {
	minor, ok := audit.MinorUnit(currency)
	if !ok {
		minor = 2
	}
	return d.StringFixed(int32(minor))
}

// moneyPtr is money for an amount that may be unknown.
func moneyPtr(d *decimal.Decimal, currency string) (string, bool) {
	if d == nil {
		return "", false
	}
	return money(*d, currency), true
}

// percentText is a credit row's percent for people: "50%", or "50% (capped
// from 55%)" when SPEC §5's cap cut it.
func percentText(c *audit.Credit) string {
	if c.UncappedPercent.GreaterThan(c.Percent) {
		return fmt.Sprintf("%s%% (capped from %s%%)", c.Percent, c.UncappedPercent)
	}
	return c.Percent.String() + "%"
}

// ticketWarnings lists a verdict's warnings: the reader's, then the audit's.
func ticketWarnings(v *audit.Verdict) []string {
	w := make([]string, 0, len(v.Ticket.Warnings)+len(v.Warnings))
	w = append(w, v.Ticket.Warnings...)
	return append(w, v.Warnings...)
}

// creditFooter labels credits as recommendations (SPEC §5).
const creditFooter = "Credits are recommendations, subject to mutual discussion and agreement (support policy: term contracts)."

// visible escapes the control characters of SPEC §12 (textsafe.Line) so
// that a value from an export cannot move the cursor or recolour a
// terminal, nor break a line of a table.
func visible(s string) string { return textsafe.Line(s) }

// colorMu serialises the table renderers: go-pretty keeps colour and
// East-Asian width settings in package globals.
var colorMu sync.Mutex

// withColors runs render with go-pretty's colours set as o asks and with
// ambiguous-width runes (—, →) counted as one column whatever the locale, so
// output is deterministic. Colours are left off afterwards.
func withColors(o Options, render func() error) error {
	colorMu.Lock()
	defer colorMu.Unlock()
	text.OverrideRuneWidthEastAsianWidth(false)
	if o.Color {
		text.EnableColors()
	} else {
		text.DisableColors()
	}
	defer text.DisableColors()
	return render()
}

// paint colours s when colours are on.
func paint(o Options, c text.Colors, s string) string {
	if !o.Color || s == "" {
		return s
	}
	return c.Sprint(s)
}

var (
	colorBreach = text.Colors{text.FgRed}
	colorSevere = text.Colors{text.Bold, text.FgRed}
	colorMet    = text.Colors{text.FgGreen}
)

// printer writes formatted text and keeps the first write error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) println(s string) { p.printf("%s\n", s) }
