package ingest

import (
	"fmt"
	"strings"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// ParseTime reads one ticket time (SPEC §6 "Times") and reports the instant,
// a warning to attach to the ticket (empty unless the time needed a DST
// decision) and an error whose text is a rejection reason.
//
// Accepted forms, after trimming spaces:
//
//   - RFC 3339: 2026-10-02T17:30:00Z, 2026-10-02T17:30:00-07:00,
//     with fractions (…T17:30:00.25Z; digits past the ninth are truncated);
//   - a space instead of the T, and a lower-case t or z;
//   - minutes without seconds: 2026-10-02 17:30Z;
//   - offsets as ±hh:mm, also ±hhmm (2026-10-02 17:30:00 +0530, as many
//     exports write it), Z, or the word UTC, optionally after one space;
//   - no zone at all (2026-10-02 17:30), read in tz.
//
// A time with no zone is an error when tz is nil: slaaudit never guesses a
// zone. When tz is given and the wall clock falls in a DST overlap the first
// occurrence is taken; in a DST gap the wall clock is read with the offset in
// effect before the gap (RFC 5545 §3.3.5), so 2026-03-08 02:30 in
// America/Los_Angeles is 10:30Z. Both cases return a warning (SPEC §3
// "Times").
//
// When layout is not empty it is a Go time layout tried first, for forms
// such as 02/10/2026 15:04 that are ambiguous without it; a layout with no
// zone reads in tz like the forms above. Day/month forms are otherwise
// errors. Invalid dates (2026-02-30), hour 24, second 60 and offsets of 24
// hours or more are errors.
//
// Offsets are returned as fixed zones (UTC for a zero offset), so the result
// does not depend on the machine's local zone.
//
// A time whose year, as written, is outside MinYear to MaxYear is an error:
// no ticket is that old or that new, and the far years break what follows —
// a deadline past 9999 is no RFC 3339 time, and a lateness of more than
// about 292 years overflows time.Duration.
func ParseTime(s string, tz *time.Location, layout string) (t time.Time, warning string, err error) {
	s = strings.TrimSpace(s)
	if layout == LayoutUnix || layout == LayoutUnixMilli {
		// A number is UNIX time; anything else is read as without a
		// layout (an export may mix both, like Intercom's).
		if d := strings.TrimPrefix(s, "-"); d != "" && (d[0] >= '0' && d[0] <= '9') && !strings.ContainsAny(d, "-:T ") {
			return parseUnix(s, layout)
		}
		layout = ""
	}
	if layout != "" {
		if t, warning, err, ok := parseLayout(s, tz, layout); ok {
			if err == nil {
				err = checkYear(s, t.Year())
			}
			if err != nil {
				return time.Time{}, "", err
			}
			return t, warning, nil
		}
	}
	w, st := parseFast(s)
	switch st {
	case fastOK:
		if err := checkYear(s, w.year); err != nil {
			return time.Time{}, "", err
		}
		return w.resolve(s, tz)
	case fastInvalid:
		return time.Time{}, "", &timeError{s: s, why: w.why}
	}
	w, err = parseSlow(s)
	if err != nil {
		if layout != "" {
			return time.Time{}, "", fmt.Errorf("%q matches neither --time-layout %q nor RFC 3339", clip(s), layout)
		}
		if l := monthNameLayout(s); l != "" {
			return time.Time{}, "", fmt.Errorf("%w; it looks like the time layout %q (pass --time-layout %q)", err, l, l)
		}
		return time.Time{}, "", err
	}
	if err := checkYear(s, w.year); err != nil {
		return time.Time{}, "", err
	}
	return w.resolve(s, tz)
}

// Time layouts that read numbers: UNIX seconds and milliseconds (SPEC §9
// "Times as numbers").
const (
	LayoutUnix      = "unix"
	LayoutUnixMilli = "unix_ms"
)

// IsNumberLayout reports whether layout reads times written as numbers.
func IsNumberLayout(layout string) bool { return layout == LayoutUnix || layout == LayoutUnixMilli }

// parseUnix reads a whole number of UNIX seconds or milliseconds as a UTC
// instant.
func parseUnix(s, layout string) (time.Time, string, error) {
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || len(digits) > 15 || !allDigits(digits) {
		return time.Time{}, "", fmt.Errorf("%q is not a whole number of UNIX %s", clip(s), unixUnit(layout))
	}
	var n int64
	for _, c := range []byte(digits) {
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	t := time.Unix(n, 0).UTC()
	if layout == LayoutUnixMilli {
		t = time.UnixMilli(n).UTC()
	}
	if err := checkYear(s, t.Year()); err != nil {
		return time.Time{}, "", err
	}
	return t, "", nil
}

func unixUnit(layout string) string {
	if layout == LayoutUnixMilli {
		return "milliseconds"
	}
	return "seconds"
}

// monthNameLayout returns the Go layout that a time such as
// "01/Oct/26 8:05 AM" (Jira's dd/MMM/yy h:mm a) is written in, or "".
func monthNameLayout(s string) string {
	for _, l := range [...]string{"02/Jan/06 3:04 PM", "2/Jan/06 3:04 PM", "02/Jan/2006 3:04 PM", "02/Jan/06 15:04", "02-Jan-2006 15:04", "02 Jan 2006 15:04", "Jan 2, 2006 3:04 PM"} {
		if _, err := time.Parse(l, s); err == nil {
			return l
		}
	}
	return ""
}

// The years a ticket time may have (ParseTime): the years the engine audits.
const (
	MinYear = plans.MinYear
	MaxYear = plans.MaxYear
)

// checkYear rejects a year outside MinYear to MaxYear; s is the time as
// written.
func checkYear(s string, year int) error {
	if year < MinYear || year > MaxYear {
		return fmt.Errorf("%q is outside the years %d–%d", clip(s), MinYear, MaxYear)
	}
	return nil
}

// wallTime is a parsed time before it becomes an instant.
type wallTime struct {
	year, month, day, hour, min, sec, nsec int
	// offset is seconds east of UTC; meaningful only when zoned.
	offset int
	zoned  bool
	// why is set by parseFast when the shape matched but a value is out of
	// range.
	why string
}

type fastStatus uint8

const (
	fastOK      fastStatus = iota
	fastInvalid            // the shape matched, a value is out of range
	fastShape              // not a shape the fast parser knows; try parseSlow
)

// parseFast reads the fixed-width shapes that make up nearly every export:
// YYYY-MM-DD, T or space, hh:mm, optional :ss and .fraction (1 to 9 digits),
// then nothing, or optionally one space and Z, UTC, ±hh:mm or ±hhmm. It does not allocate. Anything else is left to
// parseSlow, which agrees with it wherever both accept (FuzzParseTime).
func parseFast(s string) (w wallTime, st fastStatus) {
	if len(s) < 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' {
		return w, fastShape
	}
	// The twelve digits of the date, hour and minute, checked at once
	// (a byte below '0' wraps round to more than 9).
	y0, y1, y2, y3 := s[0]-'0', s[1]-'0', s[2]-'0', s[3]-'0'
	mo0, mo1, d0, d1 := s[5]-'0', s[6]-'0', s[8]-'0', s[9]-'0'
	h0, h1, mi0, mi1 := s[11]-'0', s[12]-'0', s[14]-'0', s[15]-'0'
	if max(y0, y1, y2, y3, mo0, mo1, d0, d1, h0, h1, mi0, mi1) > 9 {
		return w, fastShape
	}
	w.year = int(y0)*1000 + int(y1)*100 + int(y2)*10 + int(y3)
	w.month = int(mo0)*10 + int(mo1)
	w.day = int(d0)*10 + int(d1)
	w.hour = int(h0)*10 + int(h1)
	w.min = int(mi0)*10 + int(mi1)
	var ok bool
	i := 16
	if i < len(s) && s[i] == ':' {
		if w.sec, ok = digits(s, i+1, 2); !ok {
			return w, fastShape
		}
		i += 3
		if i < len(s) && s[i] == '.' {
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			n := j - i - 1
			if n == 0 || n > 9 {
				return w, fastShape
			}
			w.nsec, _ = digits(s, i+1, n)
			for ; n < 9; n++ {
				w.nsec *= 10
			}
			i = j
		}
	}
	if rest := s[i:]; rest != "" {
		if len(rest) > 1 && rest[0] == ' ' {
			rest = rest[1:] // one space before the zone, as in 17:30:00 +0530
		}
		switch {
		case rest == "Z" || rest == "UTC":
			w.zoned = true
		case (len(rest) == 6 && rest[3] == ':') || len(rest) == 5:
			if rest[0] != '+' && rest[0] != '-' {
				return w, fastShape
			}
			hh, ok1 := digits(rest, 1, 2)
			mm, ok2 := digits(rest, len(rest)-2, 2)
			if !ok1 || !ok2 {
				return w, fastShape
			}
			if hh > 23 || mm > 59 {
				w.why = "time zone offset out of range"
				return w, fastInvalid
			}
			w.zoned = true
			w.offset = hh*3600 + mm*60
			if rest[0] == '-' {
				w.offset = -w.offset
			}
		default:
			return w, fastShape
		}
	}
	switch {
	case w.month < 1 || w.month > 12:
		w.why = "month out of range"
	case w.day < 1 || w.day > daysIn(w.month, w.year):
		w.why = "day out of range"
	case w.hour > 23:
		w.why = "hour out of range"
	case w.min > 59:
		w.why = "minute out of range"
	case w.sec > 59:
		w.why = "second out of range"
	default:
		return w, fastOK
	}
	return w, fastInvalid
}

// digits reads n decimal digits of s starting at i.
func digits(s string, i, n int) (int, bool) {
	if i+n > len(s) {
		return 0, false
	}
	v := 0
	for _, c := range []byte(s[i : i+n]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// slowLayouts are tried by parseSlow on a normalised string (T separator,
// upper-case Z, no space before the zone). time.Parse accepts fractional
// seconds after 05 in each of them.
var slowLayouts = [...]string{
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
}

// parseSlow reads everything ParseTime accepts with time.Parse. It is the
// reference that parseFast must agree with.
func parseSlow(s string) (wallTime, error) {
	n := normalizeTime(s)
	why := ""
	for i, layout := range slowLayouts {
		t, err := time.Parse(layout, n)
		if err != nil {
			if pe, ok := err.(*time.ParseError); ok && why == "" && strings.Contains(pe.Message, "out of range") {
				why = strings.TrimPrefix(pe.Message, ": ")
			}
			continue
		}
		w := wallTime{zoned: i < 4}
		if w.zoned {
			_, w.offset = t.Zone()
			if w.offset <= -24*3600 || w.offset >= 24*3600 {
				return wallTime{}, &timeError{s: s, why: "time zone offset out of range"}
			}
		}
		var mon time.Month
		w.year, mon, w.day = t.Date()
		w.month = int(mon)
		w.hour, w.min, w.sec = t.Clock()
		w.nsec = t.Nanosecond()
		return w, nil
	}
	if ambiguousDate(s) {
		return wallTime{}, fmt.Errorf("%q has an ambiguous day/month order; pass --time-layout (for example --time-layout \"02/01/2006 15:04\")", clip(s))
	}
	return wallTime{}, &timeError{s: s, why: why}
}

// normalizeTime rewrites the variants that time.Parse has no layout verb
// for: a space or t between date and time, a lower-case z, the word UTC, and
// one space before the zone.
func normalizeTime(s string) string {
	b := []byte(s)
	if len(b) > 10 && (b[10] == ' ' || b[10] == 't') {
		b[10] = 'T'
	}
	if n := len(b); n > 0 && b[n-1] == 'z' {
		b[n-1] = 'Z'
	}
	if n := len(b); n > 3 && string(b[n-3:]) == "UTC" {
		b = append(b[:n-3], 'Z')
	}
	if i := strings.LastIndexByte(string(b), ' '); i > 10 && i+1 < len(b) {
		if c := b[i+1]; c == '+' || c == '-' || c == 'Z' {
			b = append(b[:i], b[i+1:]...)
		}
	}
	return string(b)
}

// ambiguousDate reports whether s starts like 02/10/2026 or 2.10.26: two
// one- or two-digit numbers and a year, whose day/month order only the user
// knows.
func ambiguousDate(s string) bool {
	i := 0
	for part := 0; part < 3; part++ {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		n := j - i
		if n < 1 || (part < 2 && n > 2) || (part == 2 && n != 2 && n != 4) {
			return false
		}
		if part < 2 {
			if j >= len(s) || (s[j] != '/' && s[j] != '.' && s[j] != '-') {
				return false
			}
			j++
		}
		i = j
	}
	return true
}

// parseLayout tries the user's --time-layout. ok is false when s does not
// match it, so that the standard forms are tried next.
func parseLayout(s string, tz *time.Location, layout string) (t time.Time, warning string, err error, ok bool) {
	t, perr := time.ParseInLocation(layout, s, time.UTC)
	if perr != nil {
		return time.Time{}, "", nil, false
	}
	// A layout that reads a zone gives the same instant whatever the default
	// location; one that does not follows the location.
	probe, _ := time.ParseInLocation(layout, s, probeZone)
	if probe.Equal(t) {
		name, off := t.Zone()
		if off == 0 && name != "" && name != "UTC" && name != "GMT" && name != "Z" {
			// time.Parse invents a zero offset for an abbreviation it
			// does not know (PST, CET); never guess a zone.
			return time.Time{}, "", fmt.Errorf("%q names the zone %q, whose offset is unknown; use a numeric offset or --input-tz", clip(s), name), true
		}
		return t.In(fixedZone(off)), "", nil, true
	}
	var mon time.Month
	w := wallTime{}
	w.year, mon, w.day = t.Date()
	w.month = int(mon)
	w.hour, w.min, w.sec = t.Clock()
	w.nsec = t.Nanosecond()
	t, warning, err = w.resolve(s, tz)
	return t, warning, err, true
}

var probeZone = time.FixedZone("probe", 3600+17*60)

// resolve turns w into an instant: at its offset when zoned, else as a wall
// clock in tz (SPEC §3 "Times": first occurrence in an overlap, offset before
// the gap).
func (w *wallTime) resolve(s string, tz *time.Location) (time.Time, string, error) {
	// wall is the wall clock read as if it were UTC.
	wall := w.unixWall()
	if w.zoned {
		return time.Unix(wall-int64(w.offset), int64(w.nsec)).In(fixedZone(w.offset)), "", nil
	}
	if tz == nil {
		return time.Time{}, "", fmt.Errorf("%q has no time zone; pass --input-tz (for example --input-tz America/Los_Angeles)", clip(s))
	}
	// An instant u shows the wall clock in tz when u + offset(u) = wall.
	before, after := offsetAt(tz, wall-86400), offsetAt(tz, wall+86400)
	if before == after && offsetAt(tz, wall-int64(before)) == before {
		return time.Unix(wall-int64(before), int64(w.nsec)).In(tz), "", nil
	}
	ub, ua := wall-int64(before), wall-int64(after)
	okb, oka := offsetAt(tz, ub) == before, offsetAt(tz, ua) == after
	switch {
	case okb && oka:
		u := min(ub, ua)
		t := time.Unix(u, int64(w.nsec)).In(tz)
		return t, fmt.Sprintf("%q occurs twice in %s (the clocks go back); read as the first occurrence, %s",
			clip(s), tz, t.Format(time.RFC3339Nano)), nil
	case okb:
		return time.Unix(ub, int64(w.nsec)).In(tz), "", nil
	case oka:
		return time.Unix(ua, int64(w.nsec)).In(tz), "", nil
	case before != after:
		t := time.Unix(ub, int64(w.nsec)).In(tz)
		return t, fmt.Sprintf("%q does not exist in %s (the clocks go forward); read with the offset before the gap, %s, as %s",
			clip(s), tz, formatOffset(before), t.UTC().Format(time.RFC3339Nano)), nil
	}
	// Two transitions within two days: leave the choice to time.Date.
	return time.Date(w.year, time.Month(w.month), w.day, w.hour, w.min, w.sec, w.nsec, tz), "", nil
}

// unixWall returns the Unix time of w's wall clock read as UTC, without
// time.Date's normalisation (w is already valid); the day count is plans',
// the one civil-date algorithm of the tool.
func (w *wallTime) unixWall() int64 {
	days := plans.Date{Year: w.year, Month: time.Month(w.month), Day: w.day}.Days()
	return days*86400 + int64(w.hour)*3600 + int64(w.min)*60 + int64(w.sec)
}

func offsetAt(tz *time.Location, unix int64) int {
	_, off := time.Unix(unix, 0).In(tz).Zone()
	return off
}

func formatOffset(off int) string {
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%c%02d:%02d", sign, off/3600, off/60%60)
}

// quarterZones holds one unnamed fixed zone per quarter-hour offset from
// -12:00 to +14:00, the span of the offsets in use, built once when the
// package loads (105 zones, about 12 KB): a time at such an offset shares its
// Location instead of allocating one per row (TestFixedZoneShared).
var quarterZones = func() (t [(12+14)*4 + 1]*time.Location) {
	for i := range t {
		t[i] = time.FixedZone("", (i-12*4)*15*60)
	}
	t[12*4] = time.UTC
	return t
}()

// fixedZone returns an unnamed fixed zone for offset seconds east of UTC:
// time.UTC for 0, a shared one for a quarter-hour offset from -12:00 to
// +14:00, else a new one (an offset no zone has used since 1972).
func fixedZone(offset int) *time.Location {
	if z := quarterZone(offset); z != nil {
		return z
	}
	return time.FixedZone("", offset)
}

// quarterZone returns the zone of quarterZones for offset seconds east of
// UTC, or nil when it has none. Unlike fixedZone it is small enough to be
// inlined into parseZoned.
func quarterZone(offset int) *time.Location {
	// q counts from -12:00, unsigned so that an offset before -12:00 is out
	// of range too.
	if q := uint(offset + 12*3600); q <= 26*3600 && q%(15*60) == 0 {
		return quarterZones[q/(15*60)]
	}
	return nil
}

// timeError is the reason a value is not a time.
type timeError struct {
	s, why string
}

func (e *timeError) Error() string {
	if e.why == "" {
		return fmt.Sprintf("%q is not a time", clip(e.s))
	}
	return fmt.Sprintf("%q is not a time (%s)", clip(e.s), e.why)
}

// timeCache reads the times of one export. The two forms nearly every
// export uses — 2026-10-02T17:30:00Z and 2026-10-02T17:30:00-07:00, also
// with a space for the T — it reads itself, and a date the same as the last
// one it read costs a comparison instead of a validation and a day count
// (the rows of an export come roughly in time order). Everything else goes
// to ParseTime, whose results it gives exactly (FuzzTimeCache).
type timeCache struct {
	// date and date2 hold the 10 bytes of the last date read,
	// "2006-01-02", as two words (le64, le16), for a comparison without
	// a call.
	date  uint64
	date2 uint16
	days  int64 // its day number, days since 1970-01-01
	ok    bool
}

// le64 and le16 read the first 8 and 2 bytes of s as little-endian words
// (the compiler turns the shifts into single loads).
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func le16(s string) uint16 {
	_ = s[1]
	return uint16(s[0]) | uint16(s[1])<<8
}

// parse is ParseTime(s, tz, layout) for s already trimmed.
func (c *timeCache) parse(s string, tz *time.Location, layout string) (time.Time, string, error) {
	if layout == "" {
		if t, ok := c.parseZoned(s); ok {
			return t, "", nil
		}
	}
	return ParseTime(s, tz, layout)
}

// The fields of the two forms parseZoned reads sit at fixed places, so it
// checks and converts them eight bytes at a time. A word loaded with le64
// holds byte i of the text in its byte i (bits 8i to 8i+7), so the
// constants below, written most significant byte first, show their text
// right to left: clockColons, 0x00003A00003A0000, is "  :  :  " read from
// the right. A digits mask has 0xFF in the bytes that must be digits; the
// constant after it holds the separators between them, which the word must
// have exactly, with zeros at the digits.
const (
	dateDigits = 0x00FFFF00FFFFFFFF // "2006-01-": year and month
	dateDashes = 0x2D00002D00000000 // "    -  -"

	clockDigits = 0xFFFF00FFFF00FFFF // "15:04:05"
	clockColons = 0x00003A00003A0000 // "  :  :  "

	// An offset, "-07:00", is read as the word at its seconds,
	// "05-07:00", shifted right two bytes: the sign is byte 0 and bytes 6
	// and 7 are zero.
	offsetDigits = 0x0000FFFF00FFFF00 // "-07:00\0\0"
	offsetColon  = 0x000000003A000000 // "   :    "
)

// digitsAt reports whether every byte of x that mask marks (0xFF) is an
// ASCII digit, all at once. A byte is a digit when its high nibble is 3
// and adding 6 to it does not carry into the high nibble: '0'–'9' become
// 0x36–0x3F, ':'–'?' become 0x40–0x45. Adding 6 to the marked bytes in one
// sum can carry from one byte into the next only from a byte of 0xFA or
// more, whose high nibble fails the first test anyway.
func digitsAt(x, mask uint64) bool {
	hi := mask & 0xF0F0F0F0F0F0F0F0
	return x&hi == 0x3030303030303030&hi && (x+0x0606060606060606&mask)&hi == 0x3030303030303030&hi
}

// pairs reads the two-digit numbers of x at once: where byte i holds a
// tens digit and byte i+1 its units, byte i of the result is the number.
// x's bytes that mask marks must be digits (digitsAt); their low nibbles
// are their values, and the other bytes count as 0. Byte i of d*10 + d>>8
// is ten times digit i plus digit i+1, at most 99, so no byte carries into
// the next.
func pairs(x, mask uint64) uint64 {
	d := x & mask & 0x0F0F0F0F0F0F0F0F
	return d*10 + d>>8
}

// monthDays holds the day number (plans.Date.Days) of the first of each
// month from MinYear to MaxYear, built once when the package loads (3600
// numbers, 14 KB): parseZoned looks a new date up in it instead of counting
// its days.
var monthDays = func() (t [(MaxYear - MinYear + 1) * 12]int32) {
	for i := range t {
		t[i] = int32(plans.Date{Year: MinYear + i/12, Month: time.Month(i%12 + 1), Day: 1}.Days())
	}
	return t
}()

// parseZoned reads s when it has one of the two common forms and valid
// values; ok is false otherwise, including for the errors, which
// ParseTime words. The forms are 2006-01-02T15:04:05Z and
// 2006-01-02T15:04:05-07:00 exactly, with T or a space, in the years MinYear
// to MaxYear as written.
func (c *timeCache) parseZoned(s string) (t time.Time, ok bool) {
	if len(s) < 20 || (s[10] != 'T' && s[10] != ' ') {
		return t, false
	}
	clock := le64(s[11:]) // "15:04:05"
	if clock&^clockDigits != clockColons || !digitsAt(clock, clockDigits) {
		return t, false
	}
	v := pairs(clock, clockDigits)
	hour, min, sec := int64(v&0xFF), int64(v>>24&0xFF), int64(v>>48&0xFF)
	if hour > 23 || min > 59 || sec > 59 {
		return t, false
	}
	loc, offset := time.UTC, int64(0)
	switch len(s) {
	case 20:
		if s[19] != 'Z' {
			return t, false
		}
	case 25:
		off := le64(s[17:]) >> 16 // "-07:00"
		sign := off &^ offsetDigits
		if (sign != '+'|offsetColon && sign != '-'|offsetColon) || !digitsAt(off, offsetDigits) {
			return t, false
		}
		v := pairs(off, offsetDigits)
		oh, om := int64(v>>8&0xFF), int64(v>>32&0xFF)
		if oh > 23 || om > 59 {
			return t, false
		}
		offset = oh*3600 + om*60
		if sign&0xFF == '-' {
			offset = -offset
		}
		if loc = quarterZone(int(offset)); loc == nil {
			loc = fixedZone(int(offset)) // inlined above for the offsets in use
		}
	default:
		return t, false
	}
	date, date2 := le64(s), le16(s[8:]) // "2006-01-", "02"
	if !c.ok || date != c.date || date2 != c.date2 {
		if date&^dateDigits != dateDashes || !digitsAt(date, dateDigits) || !digitsAt(uint64(date2), 0xFFFF) {
			return t, false
		}
		v := pairs(date, dateDigits)
		year, month, day := int(v&0xFF)*100+int(v>>16&0xFF), int(v>>40&0xFF), int(pairs(uint64(date2), 0xFFFF)&0xFF)
		if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || year < MinYear || year > MaxYear {
			return t, false // ParseTime words the error
		}
		c.days = int64(monthDays[(year-MinYear)*12+month-1]) + int64(day-1)
		c.date, c.date2, c.ok = date, date2, true
	}
	return time.Unix(c.days*86400+hour*3600+min*60+sec-offset, 0).In(loc), true
}
