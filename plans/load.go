package plans

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

//go:embed builtin.yaml
var builtinYAML []byte

// BuiltinYAML returns the built-in plans file, comments included: the
// starting point for a custom one.
func BuiltinYAML() []byte { return append([]byte(nil), builtinYAML...) }

var builtin = sync.OnceValue(func() *Set {
	s, err := Load(bytes.NewReader(builtinYAML), "built-in")
	if err != nil {
		panic("plans: built-in file is invalid: " + err.Error())
	}
	return s
})

// Builtin returns the built-in plans of SPEC §2. The set is shared; do not
// modify it.
func Builtin() *Set { return builtin() }

// MaxPlansBytes bounds the size of a plans file.
const MaxPlansBytes = 1 << 20

// ErrInvalid is wrapped by every error Load returns for a file that parses
// but breaks a rule.
var ErrInvalid = errors.New("invalid plans file")

// FieldError is a plans-file error at a field path such as
// plans[2].response.business.
type FieldError struct {
	Path   string
	Reason string
}

func (e *FieldError) Error() string { return e.Path + ": " + e.Reason }

// Unwrap lets errors.Is(err, ErrInvalid) match.
func (e *FieldError) Unwrap() error { return ErrInvalid }

func fieldErr(path, format string, args ...any) error {
	return &FieldError{Path: path, Reason: fmt.Sprintf(format, args...)}
}

// The file shape. Durations, dates and numbers are read as strings so that
// the validation can name the field and quote what was written.
type file struct {
	Timezone   string         `yaml:"timezone"`
	Priorities []filePriority `yaml:"priorities,omitempty"`
	Plans      []filePlan     `yaml:"plans"`
	Credits    *fileCred      `yaml:"credits,omitempty"`
}

type filePlan struct {
	Key           string        `yaml:"key"`
	Display       string        `yaml:"display"`
	Aliases       []string      `yaml:"aliases,omitempty,flow"`
	Priority      string        `yaml:"priority"`
	Channels      []string      `yaml:"channels,flow"`
	TAM           bool          `yaml:"tam"`
	BusinessHours fileHours     `yaml:"business_hours"`
	Holidays      *fileHolidays `yaml:"holidays,omitempty"`
	Response      fileResponse  `yaml:"response"`
	// SPEC §11: windows per ticket priority, by priority key.
	ResponseByPriority fileByPriority `yaml:"response_by_priority,omitempty"`
	Clock              string         `yaml:"clock,omitempty"`
	EffectiveFrom      string         `yaml:"effective_from,omitempty"`
}

type fileHolidays struct {
	Calendars []string `yaml:"calendars,omitempty,flow"`
	Dates     []string `yaml:"dates,omitempty,flow"`
}

type fileResponse struct {
	Business string `yaml:"business"`
	OffHours string `yaml:"off_hours"`

	rank int // the position of its priority, for writing response_by_priority
}

type fileCred struct {
	PerBreach number `yaml:"per_breach"`
	PerSevere number `yaml:"per_severe"`
	Cap       number `yaml:"cap"`
}

// dayKeys maps the business_hours keys to the weekdays they stand for.
var dayKeys = map[string][]time.Weekday{
	"sun": {time.Sunday}, "mon": {time.Monday}, "tue": {time.Tuesday},
	"wed": {time.Wednesday}, "thu": {time.Thursday}, "fri": {time.Friday},
	"sat":      {time.Saturday},
	"weekdays": {time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
	"weekends": {time.Saturday, time.Sunday},
	"daily":    {time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday},
}

// dayOrder is the order in which Load reads the business_hours keys (so
// that the first error is always the same one) and YAML writes them.
var dayOrder = []string{"daily", "weekdays", "weekends", "mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// Load reads and validates a plans file. source names it in reports and
// errors ("built-in" or a path). Unknown keys are rejected; every rule broken
// is reported with the path of the field, as plans[2].response.business.
func Load(r io.Reader, source string) (*Set, error) {
	// A plans file is a few kilobytes; the limit keeps a wrong path from
	// costing unbounded memory.
	data, err := io.ReadAll(io.LimitReader(r, MaxPlansBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read plans: %w", err)
	}
	if len(data) > MaxPlansBytes {
		return nil, fmt.Errorf("%w: the file is larger than %d MiB", ErrInvalid, MaxPlansBytes>>20)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f file
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: the file is empty", ErrInvalid)
		}
		var te *yaml.TypeError
		if errors.As(err, &te) {
			// yaml names Go types ("field colour not found in type
			// plans.filePlan"); say it in the file's terms. Only the first
			// few messages are kept: an alias bomb repeats one mistake
			// thousands of times, and an error is one line.
			var msgs []string
			seen := map[string]bool{}
			for _, m := range te.Errors {
				if !seen[m] {
					seen[m] = true
					msgs = append(msgs, unknownFieldRE.ReplaceAllString(m, `unknown field "$1"`))
				}
			}
			if n := len(msgs) - maxTypeErrors; n > 0 {
				msgs = append(msgs[:maxTypeErrors], fmt.Sprintf("and %d more", n))
			}
			return nil, fmt.Errorf("%w: %s", ErrInvalid, strings.Join(msgs, "; "))
		}
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	// A second document would be silently ignored; refuse it instead.
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: the file holds more than one YAML document", ErrInvalid)
	}
	s, err := f.build()
	if err != nil {
		return nil, err
	}
	s.Source = source
	return s, nil
}

func (f *file) build() (*Set, error) {
	if f.Timezone == "" {
		return nil, fieldErr("timezone", "missing (for example America/Los_Angeles)")
	}
	loc, err := time.LoadLocation(f.Timezone)
	if err != nil || f.Timezone == "Local" {
		return nil, fieldErr("timezone", "unknown time zone %q", f.Timezone)
	}
	s := &Set{Timezone: f.Timezone, Location: loc, zones: newZoneTable(loc),
		byName: map[string][]*Plan{}}
	if err := f.buildPriorities(s); err != nil {
		return nil, err
	}
	if len(f.Plans) == 0 {
		return nil, fieldErr("plans", "the file defines no plan")
	}
	owner := map[string]string{} // normalised name → key
	versions := map[string]string{}
	for i := range f.Plans {
		path := fmt.Sprintf("plans[%d]", i)
		p, err := f.Plans[i].build(path, s)
		if err != nil {
			return nil, err
		}
		// Compare instants, not spellings: 2026-01-01 and
		// 2026-01-01T00:00:00-08:00 are one version.
		vkey := p.Key + "@" + p.EffectiveFrom.UTC().Format(time.RFC3339Nano)
		if prev, dup := versions[vkey]; dup {
			return nil, fieldErr(path+".key", "duplicate plan %q (also %s); versions of one plan need different effective_from", p.Key, prev)
		}
		versions[vkey] = path
		names := append([]string{p.Key, p.Display}, p.Aliases...)
		for j, n := range names {
			norm := NormalizeName(n)
			field := path + ".key"
			switch {
			case j == 1:
				field = path + ".display"
			case j > 1:
				field = fmt.Sprintf("%s.aliases[%d]", path, j-2)
			}
			if norm == "" {
				if j == 1 {
					continue
				}
				return nil, fieldErr(field, "%q has no letters or digits", n)
			}
			if k, taken := owner[norm]; taken && k != p.Key {
				return nil, fieldErr(field, "%q already names plan %q", n, k)
			}
			owner[norm] = p.Key
		}
		s.Plans = append(s.Plans, p)
	}
	// Every name of a plan reaches all its versions, so that an alias
	// added in a later version still finds the earlier ones (and Knows it).
	byKey := map[string][]*Plan{}
	for _, p := range s.Plans {
		byKey[p.Key] = append(byKey[p.Key], p)
	}
	for _, v := range byKey {
		sort.SliceStable(v, func(i, j int) bool { return v[i].EffectiveFrom.Before(v[j].EffectiveFrom) })
	}
	for norm, key := range owner {
		s.byName[norm] = byKey[key]
	}
	s.Credits, err = f.Credits.build()
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (fp *filePlan) build(path string, s *Set) (*Plan, error) {
	loc := s.Location
	p := &Plan{Key: strings.TrimSpace(fp.Key), Display: strings.TrimSpace(fp.Display),
		Aliases: fp.Aliases, Priority: fp.Priority, TAM: fp.TAM, Location: loc}
	if p.Key == "" {
		return nil, fieldErr(path+".key", "missing")
	}
	if p.Display == "" {
		p.Display = p.Key
	}
	if len(fp.Channels) == 0 {
		return nil, fieldErr(path+".channels", "a plan needs at least one channel")
	}
	for i, c := range fp.Channels {
		c = strings.ToLower(strings.TrimSpace(c))
		if c == "" {
			return nil, fieldErr(fmt.Sprintf("%s.channels[%d]", path, i), "empty channel name")
		}
		p.Channels = append(p.Channels, c)
	}
	if err := fp.buildHours(path+".business_hours", p); err != nil {
		return nil, err
	}
	p.derive(s.zones)
	h, err := fp.Holidays.build(path + ".holidays")
	if err != nil {
		return nil, err
	}
	p.Holidays = h
	if err := fp.Response.build(path+".response", &p.Response); err != nil {
		return nil, err
	}
	if err := fp.buildByPriority(path, p, s); err != nil {
		return nil, err
	}
	switch fp.Clock {
	case "", "elapsed":
		p.Clock = Elapsed
	case "business":
		p.Clock = BusinessClock
		if p.week() == 0 {
			return nil, fieldErr(path+".clock", "the business clock needs business hours")
		}
	default:
		return nil, fieldErr(path+".clock", "%q is not elapsed or business", fp.Clock)
	}
	if fp.EffectiveFrom != "" {
		t, err := ParseDateOrInstant(fp.EffectiveFrom, loc)
		if err != nil {
			return nil, fieldErr(path+".effective_from", "%q is not a date (2006-01-02) or an RFC 3339 instant", fp.EffectiveFrom)
		}
		p.EffectiveFrom = t.In(loc)
	}
	return p, nil
}

// build reads the two windows of a response entry at path into out,
// indexed by Class: each present, a duration, and longer than zero.
func (fr fileResponse) build(path string, out *[2]time.Duration) error {
	for _, spec := range []struct {
		class        Class
		field, value string
	}{
		{Business, "business", fr.Business},
		{OffHours, "off_hours", fr.OffHours},
	} {
		field := path + "." + spec.field
		if strings.TrimSpace(spec.value) == "" {
			return fieldErr(field, "missing (for example 24h)")
		}
		d, err := ParseDuration(spec.value)
		if errors.Is(err, errDurationRange) {
			return fieldErr(field, "%q is too long", spec.value)
		}
		if err != nil {
			return fieldErr(field, "%q is not a duration (use 90m, 1h, 2d)", spec.value)
		}
		if d <= 0 {
			return fieldErr(field, "%q must be longer than zero", spec.value)
		}
		out[spec.class] = d
	}
	return nil
}

var unknownFieldRE = regexp.MustCompile(`field (\S+) not found in type \S+`)

// maxTypeErrors is how many of yaml's type errors Load reports before it
// says how many more there are.
const maxTypeErrors = 3

var rangeRE = regexp.MustCompile(`^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$`)

func (fp *filePlan) buildHours(path string, p *Plan) error {
	for key := range fp.BusinessHours {
		if _, ok := dayKeys[key]; !ok {
			return fieldErr(path+"."+key, "not a day (mon, tue, wed, thu, fri, sat, sun, weekdays, weekends or daily)")
		}
	}
	for _, key := range dayOrder {
		specs, ok := fp.BusinessHours[key]
		if !ok {
			continue
		}
		for i, spec := range specs {
			field := fmt.Sprintf("%s.%s[%d]", path, key, i)
			m := rangeRE.FindStringSubmatch(spec)
			if m == nil {
				return fieldErr(field, "%q is not a range like 07:00-19:00", spec)
			}
			from, ok1 := clockMinutes(m[1], m[2], false)
			to, ok2 := clockMinutes(m[3], m[4], true)
			if !ok1 || !ok2 {
				return fieldErr(field, "%q is not a range of times from 00:00 to 24:00", spec)
			}
			if from >= to {
				return fieldErr(field, "%q: from is not before to (a range may not cross midnight; split it)", spec)
			}
			for _, wd := range dayKeys[key] {
				p.Hours[wd] = append(p.Hours[wd], Range{from, to})
			}
		}
	}
	for wd := range p.Hours {
		day := p.Hours[wd]
		sort.Slice(day, func(i, j int) bool { return day[i].From < day[j].From })
		for i := 1; i < len(day); i++ {
			if day[i].From < day[i-1].To {
				return fieldErr(path, "on %s, %s overlaps %s", time.Weekday(wd), day[i-1], day[i])
			}
		}
	}
	return nil
}

// String formats the range as 07:00-19:00.
func (r Range) String() string {
	return fmt.Sprintf("%02d:%02d-%02d:%02d", r.From/60, r.From%60, r.To/60, r.To%60)
}

func clockMinutes(h, m string, end bool) (int, bool) {
	hh, _ := strconv.Atoi(h)
	mm, _ := strconv.Atoi(m)
	if mm > 59 || hh > 24 || (hh == 24 && (mm != 0 || !end)) {
		return 0, false
	}
	return hh*60 + mm, true
}

func (fh *fileHolidays) build(path string) (*Holidays, error) {
	if fh == nil {
		return nil, nil
	}
	for i, c := range fh.Calendars {
		if _, ok := Calendars[c]; !ok {
			return nil, fieldErr(fmt.Sprintf("%s.calendars[%d]", path, i), "unknown holiday calendar %q (known: %s)",
				c, strings.Join(CalendarNames(), ", "))
		}
	}
	var dates []Date
	var ranges [][2]Date
	for i, spec := range fh.Dates {
		field := fmt.Sprintf("%s.dates[%d]", path, i)
		first, last, isRange := strings.Cut(spec, "..")
		d1, err1 := ParseDate(strings.TrimSpace(first))
		if !isRange {
			if err1 != nil {
				return nil, fieldErr(field, "%q is not a date (2006-01-02) or a range (2006-12-24..2006-12-26)", spec)
			}
			dates = append(dates, d1)
			continue
		}
		d2, err2 := ParseDate(strings.TrimSpace(last))
		if err1 != nil || err2 != nil {
			return nil, fieldErr(field, "%q is not a date (2006-01-02) or a range (2006-12-24..2006-12-26)", spec)
		}
		if d1.after(d2) {
			return nil, fieldErr(field, "%q: the range ends before it starts", spec)
		}
		if d2.num()-d1.num() > 3700 {
			return nil, fieldErr(field, "%q: a holiday range may span at most ten years", spec)
		}
		ranges = append(ranges, [2]Date{d1, d2})
	}
	return NewHolidays(fh.Calendars, dates, ranges), nil
}

func (fc *fileCred) build() (CreditSchedule, error) {
	def := CreditSchedule{PerBreach: decimal.NewFromInt(5), PerSevere: decimal.NewFromInt(10), Cap: decimal.NewFromInt(50)}
	if fc == nil {
		return def, nil
	}
	for _, spec := range []struct {
		name  string
		value number
		out   *decimal.Decimal
	}{
		{"per_breach", fc.PerBreach, &def.PerBreach},
		{"per_severe", fc.PerSevere, &def.PerSevere},
		{"cap", fc.Cap, &def.Cap},
	} {
		value := strings.TrimSpace(string(spec.value))
		if value == "" {
			continue
		}
		d, err := decimal.NewFromString(value)
		if err != nil || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(100)) {
			return def, fieldErr("credits."+spec.name, "%q is not a percentage from 0 to 100", spec.value)
		}
		*spec.out = d
	}
	return def, nil
}

// errDurationRange is wrapped by ParseDuration for a duration too long for
// time.Duration (about 290 years).
var errDurationRange = errors.New("duration out of range")

// goDurationRE matches what time.ParseDuration accepts, without the sign.
var goDurationRE = regexp.MustCompile(`^(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$`)

// ParseDuration reads a Go duration ("90m", "1h30m", "-1h") with one
// extension: a count of days before the rest, "2d" = 48h, "1d12h" = 36h. A
// day is always 24 hours of elapsed time. A sign, if any, comes first and
// applies to the whole: "-1d12h" = -36h.
func ParseDuration(s string) (time.Duration, error) {
	orig := s
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		digits := s[:i]
		if digits == "" || strings.Trim(digits, "0123456789") != "" {
			return 0, fmt.Errorf("%q is not a duration", orig)
		}
		n, err := strconv.ParseInt(digits, 10, 64)
		if err != nil || n > int64(math.MaxInt64/(24*time.Hour)) {
			return 0, fmt.Errorf("%q: %w", orig, errDurationRange)
		}
		days = time.Duration(n) * 24 * time.Hour
		s = s[i+1:]
		if s == "" {
			return sign(neg, days), nil
		}
	}
	if s == "" || s[0] == '-' || s[0] == '+' {
		return 0, fmt.Errorf("%q is not a duration", orig)
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		// time.ParseDuration says "invalid duration" for an overflow too.
		if goDurationRE.MatchString(s) {
			return 0, fmt.Errorf("%q: %w", orig, errDurationRange)
		}
		return 0, fmt.Errorf("%q is not a duration", orig)
	}
	if d > math.MaxInt64-days {
		return 0, fmt.Errorf("%q: %w", orig, errDurationRange)
	}
	return sign(neg, days+d), nil
}

func sign(neg bool, d time.Duration) time.Duration {
	if neg {
		return -d
	}
	return d
}

// ParseDate reads a civil date written 2006-01-02; the date must exist.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, err
	}
	return DateOf(t), nil
}

// ParseDateOrInstant reads a date (midnight in loc) or an RFC 3339 instant.
func ParseDateOrInstant(s string, loc *time.Location) (time.Time, error) {
	if d, err := ParseDate(s); err == nil {
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc), nil
	}
	return time.Parse(time.RFC3339Nano, s)
}
