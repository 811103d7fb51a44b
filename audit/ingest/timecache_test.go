package ingest

import (
	"bytes"
	"encoding/csv"
	"io"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestUnixWall checks the day arithmetic against time.Date for every day
// from 1890 to 2110 and a few far years.
func TestUnixWall(t *testing.T) {
	check := func(y, m, d int) {
		t.Helper()
		w := wallTime{year: y, month: m, day: d, hour: 13, min: 7, sec: 59}
		want := time.Date(y, time.Month(m), d, 13, 7, 59, 0, time.UTC).Unix()
		if got := w.unixWall(); got != want {
			t.Fatalf("unixWall(%04d-%02d-%02d) = %d, want %d", y, m, d, got, want)
		}
	}
	for day := time.Date(1890, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() < 2110; day = day.AddDate(0, 0, 1) {
		check(day.Year(), int(day.Month()), day.Day())
	}
	for _, y := range []int{0, 1, 1600, 1700, 1800, 1900, 2100, 2400, 9999} {
		check(y, 2, 28)
		check(y, 3, 1)
		check(y, 12, 31)
	}
}

// checkTimeCache parses each of inputs with one timeCache, in order, and
// compares every result with ParseTime's.
func checkTimeCache(t *testing.T, inputs ...string) {
	t.Helper()
	var c timeCache
	for _, s := range inputs {
		got, gw, gerr := c.parse(s, nil, "")
		want, ww, werr := ParseTime(s, nil, "")
		gn, goff := got.Zone()
		wn, woff := want.Zone()
		if !got.Equal(want) || gw != ww || (gerr == nil) != (werr == nil) ||
			(gerr != nil && gerr.Error() != werr.Error()) || gn != wn || goff != woff ||
			quarterZone(goff) != nil && got.Location() != want.Location() {
			t.Fatalf("timeCache.parse(%q) = %v (%s %d), %q, %v; ParseTime gives %v (%s %d), %q, %v",
				s, got, gn, goff, gw, gerr, want, wn, woff, ww, werr)
		}
	}
}

func TestTimeCache(t *testing.T) {
	checkTimeCache(t,
		"2026-10-02T17:30:00Z", "2026-10-02T18:30:00Z", "2026-10-02 18:30:00-07:00", "2026-10-03T00:00:00+05:30",
		"2026-10-02T17:30:00Z", "2026-02-29T10:00:00Z", "2024-02-29T10:00:00Z", "2026-13-01T10:00:00Z",
		"2026-10-02T24:00:00Z", "2026-10-02T17:60:00Z", "2026-10-02T17:30:60Z", "2026-10-02T17:30:00+24:00",
		"2026-10-02T17:30:00-00:00", "2026-10-02T17:30:00z", "2026-10-02t17:30:00Z", "2026-10-02T17:30:00.5Z",
		"0000-01-01T00:00:00Z", "9999-12-31T23:59:59+23:59", "2026-10-0xT17:30:00Z", "2026-10-02T17:30:00",
	)
}

// FuzzTimeCache checks that the cached fast path gives ParseTime's results,
// for a sequence of two times read with one cache.
func FuzzTimeCache(f *testing.F) {
	f.Add("2026-10-02T17:30:00Z", "2026-10-02T18:30:00-07:00")
	f.Add("2026-10-02 17:30:00+05:30", "2026-10-03T00:00:00Z")
	f.Add("2026-02-30T17:30:00Z", "2026-10-02T17:30:00+24:00")
	f.Fuzz(func(t *testing.T, a, b string) {
		checkTimeCache(t, a, b, a)
	})
}

// TestFixedZoneShared: a time at a quarter-hour offset in use (-12:00 to
// +14:00) shares one Location per offset, so reading it allocates nothing
// (time.FixedZone shares only whole hours: +05:30 would cost every row
// three allocations) and a history keeps one zone index for it; other
// offsets get a zone of their own.
func TestFixedZoneShared(t *testing.T) {
	for _, s := range []string{"2026-10-03T00:00:00+05:30", "2026-10-03T00:00:00+05:45", "2026-10-03T00:00:00-09:30",
		"2026-10-03T00:00:00-12:00", "2026-10-03T00:00:00+14:00", "2026-10-03T00:00:00-07:00", "2026-10-03T00:00:00Z"} {
		var c timeCache
		a, _, _ := c.parse(s, nil, "")
		b, _, _ := ParseTime(s, nil, "")
		if a.Location() != b.Location() {
			t.Errorf("%s: the fast path and ParseTime give different zones", s)
		}
		if allocs := testing.AllocsPerRun(100, func() { c.parse(s, nil, "") }); allocs != 0 {
			t.Errorf("%s: %v allocations a parse, want 0", s, allocs)
		}
	}
	if got := fixedZone(0); got != time.UTC {
		t.Errorf("fixedZone(0) = %v, want time.UTC", got)
	}
	for _, off := range []int{-12*3600 - 15*60, 14*3600 + 15*60, 3600 + 17*60} {
		z := fixedZone(off)
		if _, got := time.Unix(0, 0).In(z).Zone(); got != off {
			t.Errorf("fixedZone(%d) has offset %d", off, got)
		}
	}
}

// benchTimes returns the submitted_at and first_response_at columns of the
// benchmark export (benchCSV), in row order, empty cells left out.
func benchTimes(b *testing.B) (submitted, response []string) {
	b.Helper()
	cr := csv.NewReader(bytes.NewReader(benchCSV(b, benchRows)))
	head, err := cr.Read()
	if err != nil {
		b.Fatal(err)
	}
	si, ri := slices.Index(head, "submitted_at"), slices.Index(head, "first_response_at")
	if si < 0 || ri < 0 {
		b.Fatalf("no time columns in %q", head)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return submitted, response
		}
		if err != nil {
			b.Fatal(err)
		}
		submitted = append(submitted, rec[si])
		if rec[ri] != "" {
			response = append(response, rec[ri])
		}
	}
}

// mixTimes returns n pairs of times as an export writes them: rows in time
// order, about 100 a day, a response up to six hours after its submission,
// each written at -07:00, -08:00 or Z, and with fractional seconds (3, 6 or
// 9 digits) in one time out of frac.
func mixTimes(n, frac int) (submitted, response []string) {
	rng := rand.New(rand.NewPCG(1, 2))
	zones := []*time.Location{time.UTC, time.FixedZone("", -7*3600), time.FixedZone("", -8*3600)}
	fracs := []string{".000", ".000000", ".000000000"}
	format := func(t time.Time) string {
		layout := "2006-01-02T15:04:05"
		if rng.IntN(frac) == 0 {
			layout += fracs[rng.IntN(len(fracs))]
		}
		return t.In(zones[rng.IntN(len(zones))]).Format(layout + "Z07:00")
	}
	t := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	for range n {
		t = t.Add(time.Duration(rng.Int64N(int64(2*24*time.Hour/100))) + time.Duration(rng.IntN(1e9)))
		submitted = append(submitted, format(t))
		response = append(response, format(t.Add(time.Duration(rng.Int64N(int64(6*time.Hour))))))
	}
	return submitted, response
}

// BenchmarkTimeCache reads the two time columns of an export with one
// timeCache each, as the reader does, and reports the cost per time.
//
//   - sample: the times of the benchmark export (whole seconds, Z or -07:00);
//   - seconds: mixTimes without fractions, the forms parseZoned reads itself;
//   - mix: mixTimes with fractional seconds in one time out of four, which
//     go to ParseTime.
func BenchmarkTimeCache(b *testing.B) {
	sub, resp := benchTimes(b)
	secSub, secResp := mixTimes(20_000, 1<<30)
	mixSub, mixResp := mixTimes(20_000, 4)
	for _, bm := range []struct {
		name      string
		sub, resp []string
	}{{"sample", sub, resp}, {"seconds", secSub, secResp}, {"mix", mixSub, mixResp}} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				var cs, cr timeCache
				for i, s := range bm.sub {
					if _, _, err := cs.parse(s, nil, ""); err != nil {
						b.Fatal(err)
					}
					if i < len(bm.resp) {
						if _, _, err := cr.parse(bm.resp[i], nil, ""); err != nil {
							b.Fatal(err)
						}
					}
				}
				n += len(bm.sub) + len(bm.resp)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/time")
		})
	}
}

// refCache is the reference FuzzParseZoned holds parseZoned to: the
// byte-at-a-time parseZoned that the word-at-a-time one replaced, as it was.
type refCache struct {
	date  uint64
	date2 uint16
	days  int64
	ok    bool
}

func (c *refCache) same(s string) bool {
	return le64(s) == c.date && le16(s[8:]) == c.date2
}

func (c *refCache) parseZoned(s string) (t time.Time, ok bool) {
	n := len(s)
	if (n != 20 && n != 25) || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':' {
		return t, false
	}
	offset := 0
	if n == 20 {
		if s[19] != 'Z' {
			return t, false
		}
	} else {
		if (s[19] != '+' && s[19] != '-') || s[22] != ':' {
			return t, false
		}
		oh0, oh1, om0, om1 := s[20]-'0', s[21]-'0', s[23]-'0', s[24]-'0'
		if max(oh0, oh1, om0, om1) > 9 {
			return t, false
		}
		oh, om := int(oh0)*10+int(oh1), int(om0)*10+int(om1)
		if oh > 23 || om > 59 {
			return t, false
		}
		offset = oh*3600 + om*60
		if s[19] == '-' {
			offset = -offset
		}
	}
	h0, h1, m0, m1, s0, s1 := s[11]-'0', s[12]-'0', s[14]-'0', s[15]-'0', s[17]-'0', s[18]-'0'
	if max(h0, h1, m0, m1, s0, s1) > 9 {
		return t, false
	}
	hour, min, sec := int64(h0)*10+int64(h1), int64(m0)*10+int64(m1), int64(s0)*10+int64(s1)
	if hour > 23 || min > 59 || sec > 59 {
		return t, false
	}
	if !c.ok || !c.same(s) {
		y0, y1, y2, y3 := s[0]-'0', s[1]-'0', s[2]-'0', s[3]-'0'
		mo0, mo1, d0, d1 := s[5]-'0', s[6]-'0', s[8]-'0', s[9]-'0'
		if s[4] != '-' || s[7] != '-' || max(y0, y1, y2, y3, mo0, mo1, d0, d1) > 9 {
			return t, false
		}
		w := wallTime{year: int(y0)*1000 + int(y1)*100 + int(y2)*10 + int(y3),
			month: int(mo0)*10 + int(mo1), day: int(d0)*10 + int(d1)}
		if w.month < 1 || w.month > 12 || w.day < 1 || w.day > daysIn(w.month, w.year) ||
			w.year < MinYear || w.year > MaxYear {
			return t, false
		}
		c.days = w.unixWall() / 86400
		c.date, c.date2 = le64(s), le16(s[8:])
		c.ok = true
	}
	u := c.days*86400 + hour*3600 + min*60 + sec - int64(offset)
	return time.Unix(u, 0).In(fixedZone(offset)), true
}

// sameTime reports whether a and b are the same instant in the same zone:
// the same Location for UTC and the shared quarter-hour zones, an unnamed
// zone with the same offset otherwise.
func sameTime(a, b time.Time) bool {
	an, aoff := a.Zone()
	bn, boff := b.Zone()
	if !a.Equal(b) || an != bn || aoff != boff || a.Location().String() != b.Location().String() {
		return false
	}
	return quarterZone(aoff) == nil || a.Location() == b.Location()
}

// checkParseZoned reads inputs in order with a timeCache and a refCache
// and fails at the first result they disagree on; a time the fast path
// reads must also be ParseTime's.
func checkParseZoned(t *testing.T, inputs ...string) {
	t.Helper()
	var c timeCache
	var ref refCache
	for _, s := range inputs {
		got, ok := c.parseZoned(s)
		want, wantOK := ref.parseZoned(s)
		if ok != wantOK || !sameTime(got, want) {
			t.Fatalf("parseZoned(%q) = %v, %v; the reference gives %v, %v (after %q)", s, got, ok, want, wantOK, inputs)
		}
		if ok {
			pt, _, err := ParseTime(s, nil, "")
			if err != nil || !sameTime(got, pt) {
				t.Fatalf("parseZoned(%q) = %v; ParseTime gives %v, %v", s, got, pt, err)
			}
		}
	}
}

// TestParseZoned reads the edges of the two forms parseZoned takes; want is
// the time in its own zone, RFC 3339, or "" where parseZoned leaves s to
// ParseTime (which then reads it or words the error).
func TestParseZoned(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-10-05T09:14:00-07:00", "2026-10-05T09:14:00-07:00"},
		{"2026-10-05T16:14:00Z", "2026-10-05T16:14:00Z"},
		{"2026-10-05 16:14:00Z", "2026-10-05T16:14:00Z"},
		{"2026-12-05 09:14:00-08:00", "2026-12-05T09:14:00-08:00"},
		// Feb 29 and the centuries.
		{"2024-02-29T10:00:00Z", "2024-02-29T10:00:00Z"},
		{"2026-02-29T10:00:00Z", ""},
		{"2026-02-28T23:59:59Z", "2026-02-28T23:59:59Z"},
		{"2000-02-29T10:00:00Z", "2000-02-29T10:00:00Z"},
		{"1900-02-29T10:00:00Z", ""},
		{"1900-02-28T10:00:00Z", "1900-02-28T10:00:00Z"},
		{"2100-02-29T10:00:00Z", ""},
		{"2100-03-01T00:00:00Z", "2100-03-01T00:00:00Z"},
		{"2196-02-29T10:00:00Z", "2196-02-29T10:00:00Z"},
		// The years MinYear to MaxYear, as written.
		{"1900-01-01T00:00:00Z", "1900-01-01T00:00:00Z"},
		{"1900-01-01T00:00:00+01:00", "1900-01-01T00:00:00+01:00"},
		{"1899-12-31T23:59:59Z", ""},
		{"2199-12-31T23:59:59Z", "2199-12-31T23:59:59Z"},
		{"2199-12-31T23:59:59-12:00", "2199-12-31T23:59:59-12:00"},
		{"2200-01-01T00:00:00Z", ""},
		{"0000-01-01T00:00:00Z", ""},
		{"9999-12-31T23:59:59Z", ""},
		// Months and days.
		{"2026-00-05T10:00:00Z", ""},
		{"2026-13-05T10:00:00Z", ""},
		{"2026-12-31T10:00:00Z", "2026-12-31T10:00:00Z"},
		{"2026-10-00T10:00:00Z", ""},
		{"2026-10-32T10:00:00Z", ""},
		{"2026-10-31T10:00:00Z", "2026-10-31T10:00:00Z"},
		{"2026-04-31T10:00:00Z", ""},
		{"2026-04-30T10:00:00Z", "2026-04-30T10:00:00Z"},
		{"2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"},
		// Hours, minutes, seconds.
		{"2026-10-05T23:59:59Z", "2026-10-05T23:59:59Z"},
		{"2026-10-05T24:00:00Z", ""},
		{"2026-10-05T23:60:00Z", ""},
		{"2026-10-05T23:59:60Z", ""},
		{"2026-10-05T00:00:00-07:00", "2026-10-05T00:00:00-07:00"},
		// Offsets.
		{"2026-10-05T09:14:00+14:00", "2026-10-05T09:14:00+14:00"},
		{"2026-10-05T09:14:00-12:00", "2026-10-05T09:14:00-12:00"},
		{"2026-10-05T09:14:00-14:00", "2026-10-05T09:14:00-14:00"},
		{"2026-10-05T09:14:00+05:30", "2026-10-05T09:14:00+05:30"},
		{"2026-10-05T09:14:00+05:45", "2026-10-05T09:14:00+05:45"},
		{"2026-10-05T09:14:00+23:59", "2026-10-05T09:14:00+23:59"},
		{"2026-10-05T09:14:00-23:59", "2026-10-05T09:14:00-23:59"},
		{"2026-10-05T09:14:00+24:00", ""},
		{"2026-10-05T09:14:00+05:60", ""},
		{"2026-10-05T09:14:00+00:00", "2026-10-05T09:14:00Z"},
		{"2026-10-05T09:14:00-00:00", "2026-10-05T09:14:00Z"},
		{"2026-10-05T09:14:00*07:00", ""},
		{"2026-10-05T09:14:00-07-00", ""},
		{"2026-10-05T09:14:00-0700", ""},
		{"2026-10-05T09:14:00 -07:00", ""},
		{"2026-10-05T09:14:00-7:00", ""},
		{"2026-10-05T09:14:00UTC", ""},
		// Fractional seconds, lower case, other forms: ParseTime's.
		{"2026-10-05T09:14:00.1Z", ""},
		{"2026-10-05T09:14:00.999999999Z", ""},
		{"2026-10-05T09:14:00.1234567891Z", ""},
		{"2026-10-05T09:14:00.123-07:00", ""},
		{"2026-10-05t09:14:00Z", ""},
		{"2026-10-05T09:14:00z", ""},
		{"2026-10-05T09:14Z", ""},
		{"2026-10-05T09:14:00", ""},
		{"2026-10-05", ""},
		{"", ""},
		{"2026-10-05T09:14:00Zx", ""},
		{"2026-10-05T09:14:00-07:00 ", ""},
		{"2026-10-05T09:14:00-07:000", ""},
		{"2026/10/05T09:14:00Z", ""},
		{"2026-10-05X09:14:00Z", ""},
		{"2026-10-05T09-14-00Z", ""},
		// Bytes that are no ASCII digits where digits belong: '/' and ':'
		// on either side of '0'–'9', a byte that carries when 6 is added,
		// other scripts' digits.
		{"2026-10-05T09:1/:00Z", ""},
		{"2026-10-05T09:1::00Z", ""},
		{"2026-1:-05T09:14:00Z", ""},
		{"2026-10-05T09:14:00-0::00", ""},
		{"2026-10-05T\xfa9:14:00Z", ""},
		{"2026-10-05T0\xff:14:00Z", ""},
		{"2026-10-0\xb5T09:14:00Z", ""},
		{"２026-10-05T09:14:00Z", ""},
		{"2026-10-0٥T09:14:00Z", ""},
		{"2026-10-05T09:14:00-07:0٠", ""},
	}
	for _, tt := range tests {
		var c timeCache
		got, ok := c.parseZoned(tt.in)
		if s := got.Format(time.RFC3339); !ok && tt.want != "" || ok && s != tt.want {
			t.Errorf("parseZoned(%q) = %s, %v; want %q", tt.in, s, ok, tt.want)
		}
		checkParseZoned(t, tt.in)
		checkParseZoned(t, "2026-10-05T00:00:00Z", tt.in) // the date cached
		checkTimeCache(t, tt.in)
	}
}

// TestParseZonedEveryDay reads a time on every day of MinYear to MaxYear,
// and the days either side, with one cache (each date once) and with the
// date cached, against time.Date.
func TestParseZonedEveryDay(t *testing.T) {
	var c timeCache
	first, last := time.Date(MinYear-1, 12, 25, 13, 7, 59, 0, time.UTC), time.Date(MaxYear+1, 1, 5, 13, 7, 59, 0, time.UTC)
	for day := first; !day.After(last); day = day.AddDate(0, 0, 1) {
		s := day.Format("2006-01-02T15:04:05Z")
		for range 2 {
			got, ok := c.parseZoned(s)
			if in := day.Year() >= MinYear && day.Year() <= MaxYear; ok != in || ok && !got.Equal(day) {
				t.Fatalf("parseZoned(%q) = %v, %v; want %v, %v", s, got, ok, day, in)
			}
		}
	}
}

// TestParseZonedMutations reads valid times with every byte replaced by
// every value, and every two neighbouring bytes by pairs of the values
// next to digits and separators, against the reference, with nothing and
// with the time's own date cached.
func TestParseZonedMutations(t *testing.T) {
	edges := []byte{0, ' ', '+', '-', '/', '0', '5', '9', ':', ';', '?', 'T', 'Z', 'z', 0x7F, 0x80, 0xB0, 0xF9, 0xFA, 0xFF}
	for _, base := range []string{"2026-10-05T09:14:00Z", "2024-02-29 23:59:59Z", "2026-10-05T09:14:00-07:00", "2199-12-31T23:59:59+14:00"} {
		b := []byte(base)
		check := func() {
			s := string(b)
			checkParseZoned(t, s)
			checkParseZoned(t, base, s, base)
		}
		for i := range b {
			for v := range 256 {
				b[i] = byte(v)
				check()
			}
			b[i] = base[i]
		}
		for i := 0; i+1 < len(b); i++ {
			for _, x := range edges {
				for _, y := range edges {
					b[i], b[i+1] = x, y
					check()
				}
			}
			b[i], b[i+1] = base[i], base[i+1]
		}
		for i := range len(b) {
			checkParseZoned(t, base[:i]+base[i+1:])
			checkParseZoned(t, base[:i]+"0"+base[i:])
		}
	}
}

// FuzzParseZoned checks parseZoned against refCache, the implementation
// it replaced, for three times read in turn with one cache, and against
// ParseTime where it reads a time.
func FuzzParseZoned(f *testing.F) {
	f.Add("2026-10-05T09:14:00-07:00", "2026-10-05T16:14:00Z", "2026-10-05T16:14:00.5Z")
	f.Add("2024-02-29 23:59:59+14:00", "2024-02-29T23:59:60Z", "2100-02-29T00:00:00Z")
	f.Add("1900-01-01T00:00:00-00:00", "2199-12-31T23:59:59+23:59", "2026-10-05T09:14:00+24:00")
	f.Add("2026-10-05T\xfa9:14:00Z", "2026-1:-05T09:14:00Z", "2026-10-05T09:14:00-0::00")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		checkParseZoned(t, a, b, a, c)
	})
}
