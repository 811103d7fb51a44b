package cmd

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/pflag"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/ingest"
	"github.com/slaaudit/slaaudit/audit/report"
	"github.com/slaaudit/slaaudit/audit/textsafe"
	"github.com/slaaudit/slaaudit/plans"
)

// auditFlags are the flags of every command that audits: check, credits and
// explain.
type auditFlags struct {
	asOf, month, from, to string
	defaultPlan           string
	inputTZ, timeLayout   string
	maps                  []string
	delimiter             string
	plansFile             string
	accountsFile          string
	strict                bool
	maxInputBytes         int64
	shape, preset         string
	presetFile            string
	sheet                 string
}

func (f *auditFlags) bind(fs *pflag.FlagSet) {
	fs.StringVar(&f.asOf, "as-of", "", "audit instant: a date (midnight in the report zone) or an RFC 3339 instant (default now)")
	fs.StringVar(&f.month, "month", "", "audit one calendar month of submissions, e.g. 2026-10 (report zone)")
	fs.StringVar(&f.from, "from", "", "first day (inclusive) of the period: a date or an RFC 3339 instant")
	fs.StringVar(&f.to, "to", "", "end (exclusive) of the period: a date or an RFC 3339 instant")
	fs.StringVar(&f.defaultPlan, "default-plan", "", "plan for tickets whose plan is blank")
	fs.StringVar(&f.inputTZ, "input-tz", "", "IANA zone for times written without one, e.g. America/Los_Angeles")
	fs.StringVar(&f.timeLayout, "time-layout", "", "Go time layout for non-RFC 3339 times, e.g. '02/01/2006 15:04'")
	fs.StringArrayVar(&f.maps, "map", nil, "map a field to a header: field=Header (repeatable)")
	fs.StringVar(&f.delimiter, "delimiter", "", "CSV field delimiter (one character; \\t for tab); default: detect , ; tab or | from the header")
	fs.StringVar(&f.plansFile, "plans", "", "plans file (YAML); default: the built-in plans")
	fs.StringVar(&f.accountsFile, "accounts", "", "accounts file (CSV or JSON): plans per customer, term contracts and fees")
	fs.BoolVar(&f.strict, "strict", false, "exit with status 2 if any row is rejected")
	fs.StringVar(&f.shape, "shape", "", "input shape: rows (one row per ticket) or history (one row per event); default: detect")
	fs.StringVar(&f.preset, "preset", "", "read a helpdesk's own export: "+joinPresets()+" (see 'slaaudit presets')")
	fs.StringVar(&f.sheet, "sheet", "", "the sheet of an .xlsx input to read (default: the first)")
	fs.StringVar(&f.presetFile, "preset-file", "", "read a helpdesk's export with your own preset file (YAML, as 'slaaudit presets show NAME' prints)")
	fs.Int64Var(&f.maxInputBytes, "max-input-bytes", 0, "refuse an input larger than this many bytes after decompression (default 4 GiB)")
}

// inYears refuses a flag's instant outside the years ingest.MinYear to
// MaxYear in the report zone, like ticket times (SPEC §13): a far instant
// would overflow the lateness of an unanswered ticket, or print a year of
// five digits.
func inYears(flag, value string, t time.Time, loc *time.Location) error {
	if y := t.In(loc).Year(); y < ingest.MinYear || y > ingest.MaxYear {
		return usagef("%s: %q is outside the years %d–%d", flag, value, ingest.MinYear, ingest.MaxYear)
	}
	return nil
}

// readFiles lists every file the command reads besides the ticket inputs
// given as arguments: the plans and accounts files. A report must never be
// written over any of them.
func (f *auditFlags) readFiles() []string {
	var out []string
	for _, p := range []string{f.plansFile, f.accountsFile, f.presetFile} {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// setup is everything an audit needs, resolved from the flags.
type setup struct {
	plans  *plans.Set
	audit  audit.Options
	read   ingest.Options
	inputs []string
	// bound says how each input was read, in input order, once run has
	// read it.
	bound []report.Input
	// warnings about the inputs (a field two headers could feed), for
	// stderr.
	warnings []string
	// excluded counts the excluded tickets per channel value (SPEC §9
	// "Unknown values are summarised"), when summarise is set.
	summarise bool
	excluded  map[string]int
	// quiet and noColor are the command's -q and --no-color, which the
	// progress bar and the warnings obey.
	quiet, noColor bool
	// streams says that the report does work for each verdict as it is
	// audited (check's csv, json, junit and github).
	streams bool
}

// excludedChannels lists the channel values of the excluded tickets, the
// most frequent first.
func (s *setup) excludedChannels() []report.ValueCount {
	out := make([]report.ValueCount, 0, len(s.excluded))
	for v, n := range s.excluded {
		out = append(out, report.ValueCount{Value: v, Tickets: n})
	}
	slices.SortFunc(out, func(a, b report.ValueCount) int {
		if a.Tickets != b.Tickets {
			return b.Tickets - a.Tickets
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out
}

// resolve validates the flags and builds the audit and reader options. now is
// the default audit instant.
func (f *auditFlags) resolve(files []string, now time.Time) (*setup, error) {
	s := &setup{inputs: files}
	stdin := 0
	for _, f := range files {
		if f == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return nil, usagef("stdin (-) can be read only once")
	}
	set, err := loadPlans(f.plansFile)
	if err != nil {
		return nil, err
	}
	s.plans = set
	loc := set.Location

	// The clock's instant to the second: a report says it to the second,
	// and says that --as-of makes it reproducible (report.Meta.AsOfNow).
	s.audit = audit.Options{Plans: set, AsOf: now.Truncate(time.Second)}
	if f.asOf != "" {
		t, err := plans.ParseDateOrInstant(f.asOf, loc)
		if err != nil {
			return nil, usagef("--as-of: %q is not a date (2006-01-02) or an RFC 3339 instant", f.asOf)
		}
		// Like ticket times (ingest.MinYear–MaxYear): a far audit instant
		// would overflow the lateness of an unanswered ticket.
		if err := inYears("--as-of", f.asOf, t, loc); err != nil {
			return nil, err
		}
		s.audit.AsOf = t
	}
	if f.month != "" {
		if f.from != "" || f.to != "" {
			return nil, usagef("--month cannot be combined with --from or --to")
		}
		m, err := time.ParseInLocation("2006-01", f.month, loc)
		if err != nil {
			return nil, usagef("--month: %q is not a month like 2026-10", f.month)
		}
		if err := inYears("--month", f.month, m, loc); err != nil {
			return nil, err
		}
		s.audit.From, s.audit.To = m, m.AddDate(0, 1, 0)
	}
	for _, b := range []struct {
		flag, value string
		out         *time.Time
	}{{"--from", f.from, &s.audit.From}, {"--to", f.to, &s.audit.To}} {
		if b.value == "" {
			continue
		}
		t, err := plans.ParseDateOrInstant(b.value, loc)
		if err != nil {
			return nil, usagef("%s: %q is not a date (2006-01-02) or an RFC 3339 instant", b.flag, b.value)
		}
		if err := inYears(b.flag, b.value, t, loc); err != nil {
			return nil, err
		}
		*b.out = t
	}
	if !s.audit.From.IsZero() && !s.audit.To.IsZero() && !s.audit.To.After(s.audit.From) {
		return nil, usagef("the period is empty: --to is not after --from")
	}
	if f.defaultPlan != "" {
		if !set.Knows(f.defaultPlan) {
			return nil, usagef("--default-plan: unknown plan %q%s (plans: %s)", f.defaultPlan,
				didYouMean(plans.NormalizeName(f.defaultPlan), planNames(set)), strings.Join(planNames(set), ", "))
		}
		s.audit.DefaultPlan = f.defaultPlan
	}

	if f.inputTZ != "" {
		tz, err := loadZone(f.inputTZ)
		if err != nil {
			return nil, err
		}
		s.read.InputTZ = tz
	}
	s.read.TimeLayout = f.timeLayout
	s.read.Sheet = f.sheet
	// SPEC §9: a first-response source is always required, a plan column
	// when nothing else gives a plan.
	s.read.Require = ingest.Requirements{Response: true, Plan: f.defaultPlan == "" && f.accountsFile == ""}
	s.read.Shape, s.read.Preset = f.shape, f.preset
	if f.presetFile != "" {
		if f.preset != "" {
			return nil, usagef("--preset and --preset-file cannot be combined")
		}
		data, err := os.ReadFile(f.presetFile)
		if err != nil {
			return nil, &exitError{statusError, fmt.Errorf("read preset: %w", err)}
		}
		p, err := ingest.ParsePreset(data, f.presetFile)
		if err != nil {
			return nil, &exitError{statusError, err}
		}
		s.read.PresetFile = p
	}
	s.read.MaxInputBytes = f.maxInputBytes
	d, err := parseDelimiter(f.delimiter)
	if err != nil {
		return nil, err
	}
	s.read.Delimiter = d
	// ingest refuses a delimiter, shape or preset that cannot work; cmd
	// only says so as a usage error.
	if err := s.read.Check(); err != nil {
		return nil, optionError(err)
	}
	if len(f.maps) > 0 {
		m, err := ingest.ParseMap(f.maps)
		if err != nil {
			return nil, &usageError{err}
		}
		s.read.Map = m
	}
	if f.accountsFile != "" {
		acc, err := ingest.OpenAccounts(f.accountsFile, loc, set)
		if err != nil {
			return nil, &exitError{statusError, err}
		}
		s.audit.Accounts = acc
	}
	return s, nil
}

func joinPresets() string { return strings.Join(ingest.Presets(), ", ") }

// noteInput records how the i-th input was read, for the report and for
// the warnings on stderr.
func (s *setup) noteInput(l ingest.Layout, b ingest.Binding, i int) {
	path := "-"
	if i < len(s.inputs) {
		path = s.inputs[i]
	}
	in := report.Input{Path: path, Format: l.Format, Shape: l.Shape, Preset: l.Preset, Unused: b.Unused}
	if l.Delimiter != 0 {
		in.Delimiter = string(l.Delimiter)
	}
	switch {
	case s.read.InputTZ != nil:
		in.Zone, in.ZoneSource = s.read.InputTZ.String(), "--input-tz"
	case b.Zone != nil:
		in.Zone, in.ZoneSource = b.Zone.String(), b.ZoneSource
	}
	in.Skipped = b.Skipped
	for _, c := range b.Columns {
		in.Columns = append(in.Columns, report.Column{Field: c.Field, Source: c.Source})
	}
	s.bound = append(s.bound, in)
	for _, w := range b.Warnings {
		s.warnings = append(s.warnings, path+": "+w)
	}
}

// warn prints the warnings about the inputs on stderr, unless --quiet.
func (s *setup) warn(ios *IO) {
	if s.quiet {
		return
	}
	for _, w := range s.warnings {
		// SPEC §12: header names come from the file; no control
		// character reaches the terminal raw.
		fmt.Fprintf(ios.ErrOut, "slaaudit: warning: %s\n", textsafe.Line(w))
	}
}

// withHint adds to an ingest error the flag that fixes it: ingest names
// what is missing in the data, cmd knows the flags (SPEC §9).
func withHint(err error) error {
	var me *ingest.MissingError
	var mpe *ingest.MapError
	switch {
	case errors.As(err, &me):
		switch me.Fields[0] {
		case "plan":
			return fmt.Errorf("%w; pass --map plan=HEADER, --default-plan PLAN or --accounts FILE", err)
		case "first_response_at":
			return fmt.Errorf("%w; pass --map first_response_at=HEADER (an instant) or --map first_response_minutes=HEADER (minutes after submission)", err)
		}
		return fmt.Errorf("%w; pass --map %s=HEADER", err, me.Fields[0])
	case errors.As(err, &mpe) && mpe.JSON:
		return fmt.Errorf("%w; check the key's spelling (a nested key is a dotted path such as stats.first_responded_at)", err)
	}
	return err
}

// parseDelimiter reads --delimiter; "" (the default) is 0, which lets the
// reader detect the delimiter from the header (SPEC §9). Which characters
// can separate fields is ingest's to say (Options.Check).
func parseDelimiter(s string) (rune, error) {
	switch s {
	case "":
		return 0, nil
	case `\t`, "tab":
		return '\t', nil
	}
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 || size != len(s) || r == utf8.RuneError {
		return 0, usagef("--delimiter: %q is not a single character", s)
	}
	return r, nil
}

// optionError turns ingest's refusal of a reading option into a usage
// error, with the nearest valid value.
func optionError(err error) error {
	var oe *ingest.OptionError
	if errors.As(err, &oe) {
		return usagef("%v%s", err, didYouMean(oe.Value, oe.Valid))
	}
	return &usageError{err}
}

// stripInvalid drops the ErrInvalid sentinel's text from plans errors that
// already name their field.
func stripInvalid(err error) error {
	var fe *plans.FieldError
	if errors.As(err, &fe) {
		return fe
	}
	return err
}

// pipelineMode says how the pipeline (pipeline.go) audits on cores cores,
// for a report that streams or not (setup.streams), as measured on two
// cores (README "On every core"):
//
//   - judges: workers decide the rows with Judges, from three cores on. On
//     one or two, the auditing goroutine has time to spare while the
//     workers read, so it audits each row itself, which spares writing a
//     decision into the batch and reading it back: on two cores that took
//     6% more time for --quiet and 4% for -o json.
//   - split: exports are cut into chunks that the workers read. That costs
//     a pass over the input and fresh memory for every chunk, and pays
//     only where a core would otherwise wait: never on one core (for CSV
//     5% slower, --quiet and -o json). On two, JSON (NDJSON or an
//     array) is split always: reading it takes four to seven times as
//     long as CSV, so its reading goroutine keeps the auditor waiting.
//     CSV is split on two cores only when the report does nothing per
//     verdict as it is audited: --quiet then took 0.89× the time of
//     reading row by row, but a report that streams keeps the second core
//     busy (json's formatter, csv's rows), and splitting made -o json and
//     -o csv 7-8% slower. A file that is mapped (ingest's mapping) costs
//     no fresh memory to split, but the rule held for it too: one core
//     0.95× for --quiet and 0.99× for -o json, two cores 1.05× for -o
//     json.
//   - inPlace: a mapped file that is not split is read in chunks where it
//     lies, on the reading goroutine, when the report does not stream:
//     on one core --quiet then took 0.82× the time of reading it through
//     a buffer (a copy of every field, and 69 MB of string blocks for the
//     collector) and -o table 0.99×, but -o json 1.03×, and 1.02–1.04×
//     on two cores, where a streaming report's CSV is not split.
//   - history: a history (CSV with a one-byte delimiter, or JSON) is
//     read on that many goroutines besides the one that folds its events
//     into tickets (ingest.Options.HistoryWorkers), from two cores on: on
//     two, a 1M-ticket history in CSV took 0.77× the time of reading it
//     on one goroutine (1.30× the CPU) and peaked at 111 MiB, not 145;
//     one worker fewer was 1.03× slower.
func pipelineMode(cores int, streams bool) (judges bool, split splitting) {
	history := 0
	if cores > 1 {
		history = min(cores, maxWorkers)
	}
	return cores > 2, splitting{csv: cores > 2 || cores == 2 && !streams, json: cores > 1, inPlace: !streams, history: history}
}

// run reads every input through ingest and feeds the auditor: the
// pipeline reads the rows on other goroutines (and from three cores on
// decides them), and this one records them in input order (pipelineMode).
// A file error stops the audit. While it reads, a progress bar may be
// drawn on ErrOut (see progress.go); it has stopped before run returns.
func (s *setup) run(ios *IO, configure func(*audit.Options)) (_ *audit.Result, err error) {
	opts := s.audit
	if configure != nil {
		configure(&opts)
	}
	if s.summarise {
		s.excluded = map[string]int{}
		next := opts.OnVerdict
		opts.OnVerdict = func(v *audit.Verdict) {
			if v.Status == audit.Excluded {
				s.excluded[strings.TrimSpace(v.Ticket.Channel)]++
			}
			if next != nil {
				next(v)
			}
		}
	}
	a := audit.New(opts)
	var bar *inputProgress
	if !s.quiet {
		bar = startProgress(ios, s.inputs, s.noColor)
	}
	defer func() { bar.stop(err != nil) }()
	judges, split := pipelineMode(runtime.GOMAXPROCS(0), s.streams)
	var judge func() *audit.Judge
	if judges {
		judge = a.NewJudge
	}
	read := s.read
	read.HistoryWorkers = split.history
	p := startPipeline(s.inputs, func(path string) (*ingest.Reader, func() error, error) {
		return bar.open(path, ios.In, read)
	}, judge, split)
	defer p.stop()
	for b := p.next(); b != nil; b = p.next() {
		for i := range b.rows[:b.n] {
			bar.row()
			switch row := &b.rows[i]; {
			case row.rej != nil:
				a.Reject(*row.rej)
			case judge == nil:
				a.Audit(&row.t)
			default:
				a.Record(&row.t, &b.decisions[i])
			}
		}
		if b.err != nil {
			return nil, &exitError{statusError, withHint(b.err)}
		}
		if b.done {
			s.noteInput(b.layout, b.binding, len(s.bound))
			// SPEC §6: for a history the JSON counts add the event rows read.
			a.AddEvents(b.events)
			if b.closeErr != nil {
				return nil, &exitError{statusError, b.closeErr}
			}
		}
		p.release(b)
		checkStartHeap()
	}
	return a.Result(), nil
}
