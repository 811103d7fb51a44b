package ingest

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slaaudit/slaaudit/audit"
)

// kind is the JSON type of a raw value; CSV values are all strings.
type kind uint8

const (
	kindAbsent kind = iota // no such column or key, or JSON null
	kindString
	kindNumber
	kindOther // true, false, an object or an array
)

// value is one raw field of a row, not yet trimmed or checked.
type value struct {
	s string
	k kind
}

// text reports the trimmed value of a string or number field. ok is false for
// a JSON boolean, object or array.
func (v value) text() (s string, ok bool) {
	switch v.k {
	case kindString, kindNumber:
		return trim(v.s), true
	case kindAbsent:
		return "", true
	}
	return "", false
}

// row is one record as read, before the checks of SPEC §3.
type row struct {
	src  audit.Source
	vals [numFields]value
	// plain reports that every value is known to be plain ASCII without
	// NUL (see plainASCII), so Reader.build need not check each.
	plain bool
	// submitted and response read the row's times; they carry what they
	// learn from one row to the next.
	submitted, response timeCache
}

// fillRecord sets the values of rw from rec, a record of a tabular input
// (CSV, XLSX): field f is rec[cols[f]], empty when cols[f] is -1 or past
// the end of rec (SPEC §3 "CSV": short rows are padded with empty fields).
func (rw *row) fillRecord(rec []string, cols *[numFields]int) {
	for f, c := range cols {
		if c >= 0 && c < len(rec) {
			rw.vals[f] = value{s: rec[c], k: kindString}
		} else {
			rw.vals[f] = value{}
		}
	}
}

// build applies the reader's part of SPEC §3 "Order of row checks" —
// missing id, then submitted_at missing or invalid, then first_response_at
// (and first_response_minutes) invalid — and fills t. It returns a
// *audit.Rejection for a row that cannot be read.
func (r *Reader) build(rw *row, t *audit.Ticket) error {
	// Clear, then set: a composite literal would be built aside and copied.
	*t = audit.Ticket{}
	t.Source = rw.src
	// Before the checks of SPEC §3: a value that is not UTF-8 text cannot
	// be reported as read (see textProblem). The fields are checked in
	// their canonical order, so the first bad one is named. A bad byte in
	// a column the reader does not use does not matter.
	if !rw.plain {
		for f := range numFields {
			if v := &rw.vals[f]; v.k == kindString && !plainASCII(v.s) {
				if why := textProblem(v.s); why != "" {
					return reject(rw, f, why)
				}
			}
		}
	}
	id, ok := rw.vals[fieldID].text()
	if !ok {
		return reject(rw, fieldID, notScalar(rw.vals[fieldID]))
	}
	if id == "" {
		// SPEC §3 "CSV": a whitespace-only id is missing.
		return reject(rw, fieldID, "missing id")
	}
	t.ID = id

	sub := rw.vals[fieldSubmitted]
	switch sub.k {
	case kindAbsent:
		return reject(rw, fieldSubmitted, "missing submitted_at")
	case kindNumber:
		// SPEC §9: a number is a time only when the layout says so.
		if !IsNumberLayout(r.opts.TimeLayout) {
			return reject(rw, fieldSubmitted, numberNotTime(sub.s))
		}
	case kindOther:
		return reject(rw, fieldSubmitted, notScalar(sub))
	}
	s := trim(sub.s)
	if s == "" {
		return reject(rw, fieldSubmitted, "missing submitted_at")
	}
	at, warn, err := rw.submitted.parse(s, r.opts.InputTZ, r.opts.TimeLayout)
	if err != nil {
		return reject(rw, fieldSubmitted, err.Error())
	}
	t.Submitted = at
	if warn != "" {
		t.Warnings = append(t.Warnings, "submitted_at: "+warn)
	}

	resp := rw.vals[fieldFirstResponse]
	switch resp.k {
	case kindNumber:
		if !IsNumberLayout(r.opts.TimeLayout) {
			return reject(rw, fieldFirstResponse, numberNotTime(resp.s))
		}
	case kindOther:
		return reject(rw, fieldFirstResponse, notScalar(resp))
	}
	if s := trim(resp.s); s != "" {
		at, warn, err := rw.response.parse(s, r.opts.InputTZ, r.opts.TimeLayout)
		if err != nil {
			return reject(rw, fieldFirstResponse, err.Error())
		}
		t.FirstResponse = at
		if warn != "" {
			t.Warnings = append(t.Warnings, "first_response_at: "+warn)
		}
	}

	mv := rw.vals[fieldMinutes]
	ms, ok := mv.text()
	if !ok {
		return reject(rw, fieldMinutes, notScalar(mv))
	}
	if ms != "" {
		d, err := parseMinutes(ms)
		if err != nil {
			return reject(rw, fieldMinutes, err.Error())
		}
		implied := t.Submitted.Add(d)
		if !t.Answered() {
			// SPEC §6: minutes are used when there is no first_response_at.
			// Like a time read (ParseTime), the instant they give must
			// fall before the end of MaxYear.
			if implied.Year() > MaxYear {
				return reject(rw, fieldMinutes, fmt.Sprintf("%q minutes after submission is past the year %d", clip(ms), MaxYear))
			}
			t.FirstResponse = implied
		} else if diff := t.FirstResponse.Sub(implied).Abs(); diff >= time.Minute {
			// SPEC §6: with both, the instant is used, with a warning if
			// they disagree by a minute or more.
			t.Warnings = append(t.Warnings, fmt.Sprintf(
				"first_response_minutes %s disagrees with first_response_at (%s after submission) by %s; first_response_at is used",
				ms, t.FirstResponse.Sub(t.Submitted), diff))
		}
	}

	for _, f := range [...]field{fieldCustomer, fieldPlan, fieldChannel, fieldPriority} {
		v, ok := rw.vals[f].text()
		if !ok {
			return reject(rw, f, notScalar(rw.vals[f]))
		}
		switch f {
		case fieldCustomer:
			t.Customer = v
		case fieldPlan:
			t.Plan = v
		case fieldChannel:
			t.Channel = v
		case fieldPriority:
			t.Priority = v
		}
	}
	return nil
}

// numberNotTime is the reason a JSON number in a time field is rejected
// without a number layout (SPEC §9).
func numberNotTime(s string) string {
	return fmt.Sprintf("%s is a number, not a time (numbers are read as times only with the unix or unix_ms time layout)", clip(s))
}

// textProblem says why s, a field value, is not text that reports can
// carry: "contains a NUL byte" (a NUL means a binary or UTF-16 file, and
// ends a C string in whatever reads the report) or "is not valid UTF-8"
// (SPEC §6 reads UTF-8; the JSON report would show U+FFFD where the table
// and CSV reports copy the raw bytes). It returns "" for valid UTF-8
// without NUL.
func textProblem(s string) string {
	if plainASCII(s) {
		return ""
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "contains a NUL byte"
	}
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	return ""
}

// plainASCII reports whether every byte of s is ASCII other than NUL, the
// common case in which textProblem has nothing to look into. It runs on
// every CSV line (csvScanner), so it reads eight bytes at a time, sixteen
// per iteration, and tests them all at the end: for each byte b of a word
// x, b-1 sets b's top bit when b is 0 (or borrows only below a byte that
// is), and x has it when b is 0x80 or more. The last eight bytes are read
// as one word, overlapping the others, instead of one by one.
func plainASCII(s string) bool {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	n := len(s)
	if n < 8 {
		for i := range n {
			if c := s[i]; c == 0 || c >= utf8.RuneSelf {
				return false
			}
		}
		return true
	}
	x := le64(s[n-8:])
	acc := (x - ones) | x
	for ; len(s) >= 16; s = s[16:] {
		x, y := le64(s), le64(s[8:])
		acc |= (x - ones) | x | (y - ones) | y
	}
	if len(s) >= 8 {
		x = le64(s)
		acc |= (x - ones) | x
	}
	return acc&tops == 0
}

// trim is strings.TrimSpace, with a shortcut for the common value that
// starts and ends with a printable ASCII character and so has nothing to
// trim (every space TrimSpace removes is below '!' or above '~').
func trim(s string) string {
	if n := len(s); n > 0 && s[0] > ' ' && s[0] < utf8.RuneSelf && s[n-1] > ' ' && s[n-1] < utf8.RuneSelf {
		return s
	}
	return strings.TrimSpace(s)
}

// reject rejects the row for field f. The row's id goes with it when the id
// itself is not at fault, so that explain can find a row rejected for, say,
// its time.
func reject(rw *row, f field, reason string) error {
	r := &audit.Rejection{Source: rw.src, Field: f.String(), Reason: reason}
	if f != fieldID {
		if id, ok := rw.vals[fieldID].text(); ok && textProblem(id) == "" {
			r.ID = id
		}
	}
	return r
}

func notScalar(v value) string {
	return fmt.Sprintf("%s is not a string or number", clip(v.s))
}

// clip shortens a value for a message, at a rune boundary.
func clip(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// parseMinutes reads first_response_minutes: a non-negative decimal number
// of minutes such as 12 or 12.5 (digits after the ninth decimal place are
// ignored). The result is exact: no floating point is involved.
func parseMinutes(s string) (time.Duration, error) {
	if strings.HasPrefix(s, "-") {
		return 0, fmt.Errorf("%q is negative", clip(s))
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || (hasDot && frac == "") || !allDigits(whole) || !allDigits(frac) {
		return 0, fmt.Errorf("%q is not a number of minutes", clip(s))
	}
	const maxWhole = math.MaxInt64/int64(time.Minute) - 1
	var m int64
	for _, c := range []byte(whole) {
		m = m*10 + int64(c-'0')
		if m > maxWhole {
			return 0, fmt.Errorf("%q minutes is too long", clip(s))
		}
	}
	// ns = frac × 60 s, exactly: frac has at most 9 digits here, so
	// frac × 10^(9-n) < 10^9 and × 60 stays well inside int64.
	if len(frac) > 9 {
		frac = frac[:9]
	}
	var f int64
	for _, c := range []byte(frac) {
		f = f*10 + int64(c-'0')
	}
	for n := len(frac); n < 9; n++ {
		f *= 10
	}
	return time.Duration(m)*time.Minute + time.Duration(f*60), nil
}

func allDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
