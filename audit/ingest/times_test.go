package ingest

import (
	"testing"
	"time"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseTime(t *testing.T) {
	la := mustZone(t, "America/Los_Angeles")
	kolkata := mustZone(t, "Asia/Kolkata")
	tests := []struct {
		in     string
		tz     *time.Location
		layout string
		want   string // the instant in UTC, RFC 3339
		offset string // the offset kept, as ±hh:mm
		warn   string
		err    string
	}{
		// SPEC §6: RFC 3339 and its variants.
		{in: "2026-10-02T17:30:00Z", want: "2026-10-02T17:30:00Z", offset: "+00:00"},
		{in: "2026-10-02T17:30:00-07:00", want: "2026-10-03T00:30:00Z", offset: "-07:00"},
		{in: "2026-10-02T17:30:00+05:30", want: "2026-10-02T12:00:00Z", offset: "+05:30"},
		{in: "2026-10-02T17:30:00+00:00", want: "2026-10-02T17:30:00Z", offset: "+00:00"},
		{in: "2026-10-02 17:30:00Z", want: "2026-10-02T17:30:00Z", offset: "+00:00"},
		{in: "2026-10-02T17:30Z", want: "2026-10-02T17:30:00Z", offset: "+00:00"},
		{in: "2026-10-02 17:30-07:00", want: "2026-10-03T00:30:00Z", offset: "-07:00"},
		{in: "2026-10-02T17:30:00.5Z", want: "2026-10-02T17:30:00.5Z", offset: "+00:00"},
		{in: "2026-10-02T17:30:00.123456789-07:00", want: "2026-10-03T00:30:00.123456789Z", offset: "-07:00"},
		{in: "  2026-10-02T17:30:00Z\t", want: "2026-10-02T17:30:00Z", offset: "+00:00"},
		// Accepted variants outside the fast path.
		{in: "2026-10-02T17:30:00.1234567891Z", want: "2026-10-02T17:30:00.123456789Z", offset: "+00:00"},
		{in: "2026-10-02t17:30:00z", want: "2026-10-02T17:30:00Z", offset: "+00:00"},
		{in: "2026-10-02 17:30:00 +0530", want: "2026-10-02T12:00:00Z", offset: "+05:30"},
		{in: "2026-10-02T17:30:00-0700", want: "2026-10-03T00:30:00Z", offset: "-07:00"},
		{in: "2026-10-02 17:30:00 -07:00", want: "2026-10-03T00:30:00Z", offset: "-07:00"},
		{in: "2026-10-02 17:30:00 UTC", want: "2026-10-02T17:30:00Z", offset: "+00:00"},
		{in: "2026-10-02 17:30 UTC", want: "2026-10-02T17:30:00Z", offset: "+00:00"},
		// A zone-bearing time ignores --input-tz.
		{in: "2026-10-02T17:30:00Z", tz: la, want: "2026-10-02T17:30:00Z", offset: "+00:00"},
		// Zone-less: an error without --input-tz, else read in it.
		{in: "2026-10-02 17:30", err: `"2026-10-02 17:30" has no time zone; pass --input-tz (for example --input-tz America/Los_Angeles)`},
		{in: "2026-10-02T17:30:00.25", err: `"2026-10-02T17:30:00.25" has no time zone; pass --input-tz (for example --input-tz America/Los_Angeles)`},
		{in: "2026-10-02 17:30", tz: la, want: "2026-10-03T00:30:00Z", offset: "-07:00"},
		{in: "2026-12-02 17:30:15", tz: la, want: "2026-12-03T01:30:15Z", offset: "-08:00"},
		{in: "2026-10-02T17:30:00.25", tz: kolkata, want: "2026-10-02T12:00:00.25Z", offset: "+05:30"},
		{in: "2026-10-02 17:30", tz: time.UTC, want: "2026-10-02T17:30:00Z", offset: "+00:00"},
		// SPEC §3 "Times": DST overlap takes the first occurrence, a gap the
		// offset before the gap; both warn.
		{in: "2026-11-01 01:30", tz: la, want: "2026-11-01T08:30:00Z", offset: "-07:00",
			warn: `"2026-11-01 01:30" occurs twice in America/Los_Angeles (the clocks go back); read as the first occurrence, 2026-11-01T01:30:00-07:00`},
		{in: "2026-11-01 00:59:59", tz: la, want: "2026-11-01T07:59:59Z", offset: "-07:00"},
		{in: "2026-11-01 02:00", tz: la, want: "2026-11-01T10:00:00Z", offset: "-08:00"},
		{in: "2026-03-08 02:30", tz: la, want: "2026-03-08T10:30:00Z", offset: "-07:00",
			warn: `"2026-03-08 02:30" does not exist in America/Los_Angeles (the clocks go forward); read with the offset before the gap, -08:00, as 2026-03-08T10:30:00Z`},
		{in: "2026-03-08 01:59", tz: la, want: "2026-03-08T09:59:00Z", offset: "-08:00"},
		{in: "2026-03-08 03:00", tz: la, want: "2026-03-08T10:00:00Z", offset: "-07:00"},
		// Invalid dates and times.
		{in: "2026-02-30T10:00:00Z", err: `"2026-02-30T10:00:00Z" is not a time (day out of range)`},
		{in: "2028-02-29T10:00:00Z", want: "2028-02-29T10:00:00Z", offset: "+00:00"},
		{in: "2026-02-29T10:00:00Z", err: `"2026-02-29T10:00:00Z" is not a time (day out of range)`},
		{in: "2026-13-01T10:00:00Z", err: `"2026-13-01T10:00:00Z" is not a time (month out of range)`},
		{in: "2026-10-02T24:00:00Z", err: `"2026-10-02T24:00:00Z" is not a time (hour out of range)`},
		{in: "2026-10-02T23:60:00Z", err: `"2026-10-02T23:60:00Z" is not a time (minute out of range)`},
		{in: "2026-12-31T23:59:60Z", err: `"2026-12-31T23:59:60Z" is not a time (second out of range)`},
		{in: "2026-10-02T17:30:00+24:00", err: `"2026-10-02T17:30:00+24:00" is not a time (time zone offset out of range)`},
		{in: "2026-10-02 24:00:00 +0000", err: `"2026-10-02 24:00:00 +0000" is not a time (hour out of range)`},
		{in: "2026-13-01", err: `"2026-13-01" is not a time (month out of range)`},
		{in: "2026-10-02", err: `"2026-10-02" is not a time`},
		{in: "yesterday", err: `"yesterday" is not a time`},
		{in: "", err: `"" is not a time`},
		{in: "2026-10-02T17:30:00PST", err: `"2026-10-02T17:30:00PST" is not a time`},
		{in: "1759426200", err: `"1759426200" is not a time`},
		// Day/month-ambiguous forms need --time-layout.
		{in: "02/10/2026", err: `"02/10/2026" has an ambiguous day/month order; pass --time-layout (for example --time-layout "02/01/2006 15:04")`},
		{in: "2/10/2026 17:30", err: `"2/10/2026 17:30" has an ambiguous day/month order; pass --time-layout (for example --time-layout "02/01/2006 15:04")`},
		{in: "02.10.26 17:30", err: `"02.10.26 17:30" has an ambiguous day/month order; pass --time-layout (for example --time-layout "02/01/2006 15:04")`},
		{in: "02/10/2026 17:30", layout: "02/01/2006 15:04", tz: time.UTC, want: "2026-10-02T17:30:00Z", offset: "+00:00"},
		{in: "02/10/2026 17:30", layout: "01/02/2006 15:04", tz: time.UTC, want: "2026-02-10T17:30:00Z", offset: "+00:00"},
		{in: "02/10/2026 17:30", layout: "02/01/2006 15:04", err: `"02/10/2026 17:30" has no time zone; pass --input-tz (for example --input-tz America/Los_Angeles)`},
		{in: "11/01/2026 01:30", layout: "01/02/2006 15:04", tz: la, want: "2026-11-01T08:30:00Z", offset: "-07:00",
			warn: `"11/01/2026 01:30" occurs twice in America/Los_Angeles (the clocks go back); read as the first occurrence, 2026-11-01T01:30:00-07:00`},
		{in: "02/10/2026 17:30 -0700", layout: "02/01/2006 15:04 -0700", want: "2026-10-03T00:30:00Z", offset: "-07:00"},
		{in: "02/10/2026 17:30 PST", layout: "02/01/2006 15:04 MST", err: `"02/10/2026 17:30 PST" names the zone "PST", whose offset is unknown; use a numeric offset or --input-tz`},
		{in: "2026-10-02T17:30:00Z", layout: "02/01/2006 15:04", want: "2026-10-02T17:30:00Z", offset: "+00:00"},
		{in: "31/02/2026 17:30", layout: "02/01/2006 15:04", tz: time.UTC, err: `"31/02/2026 17:30" matches neither --time-layout "02/01/2006 15:04" nor RFC 3339`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, warn, err := ParseTime(tt.in, tt.tz, tt.layout)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("got %v, %v; want error %q", got, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want %s", err, tt.want)
			}
			if s := got.UTC().Format(time.RFC3339Nano); s != tt.want {
				t.Errorf("got %s, want %s", s, tt.want)
			}
			if s := got.Format("-07:00"); s != tt.offset {
				t.Errorf("got offset %s, want %s", s, tt.offset)
			}
			if warn != tt.warn {
				t.Errorf("got warning %q, want %q", warn, tt.warn)
			}
		})
	}
}

// TestFastAgreesWithSlow checks the hand-written parser against the
// time.Parse reference on every shape it accepts.
func TestFastAgreesWithSlow(t *testing.T) {
	for _, s := range []string{
		"2026-10-02T17:30:00Z", "2026-10-02 17:30:00Z", "2026-10-02T17:30Z", "2026-10-02T17:30",
		"2026-10-02T17:30:00.1+05:30", "2026-10-02T17:30:00.123456789-07:00", "0000-01-01T00:00:00Z",
		"9999-12-31T23:59:59.999999999+23:59", "2028-02-29 00:00", "2026-10-02T17:30:00-00:00",
	} {
		checkFastAgrees(t, s)
	}
}

// checkFastAgrees fails when parseFast accepts s and parseSlow disagrees,
// or when parseFast rejects a shape that parseSlow accepts.
func checkFastAgrees(t *testing.T, s string) {
	t.Helper()
	fast, st := parseFast(s)
	slow, err := parseSlow(s)
	switch st {
	case fastOK:
		if err != nil {
			t.Fatalf("%q: fast accepts %+v, slow rejects: %v", s, fast, err)
		}
		fast.why = ""
		if fast != slow {
			t.Fatalf("%q: fast %+v, slow %+v", s, fast, slow)
		}
		a, _, errA := fast.resolve(s, time.UTC)
		b, _, errB := slow.resolve(s, time.UTC)
		if errA != nil || errB != nil || !a.Equal(b) {
			t.Fatalf("%q: fast %v %v, slow %v %v", s, a, errA, b, errB)
		}
	case fastInvalid:
		// Offsets of 24:00 and minutes of 60 are lenient in time.Parse;
		// everything else the fast parser rejects, it must reject too.
		if err == nil && fast.why != "time zone offset out of range" {
			t.Fatalf("%q: fast rejects (%s), slow accepts %+v", s, fast.why, slow)
		}
	}
}

func TestParseMinutes(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		err  string
	}{
		{in: "0", want: 0},
		{in: "12", want: 12 * time.Minute},
		{in: "12.5", want: 12*time.Minute + 30*time.Second},
		{in: "0.001", want: 60 * time.Millisecond},
		{in: "1.0000000001", want: time.Minute},
		{in: "153722866.999", want: 153722866*time.Minute + 59940*time.Millisecond},
		{in: "99999999999", err: `"99999999999" minutes is too long`},
		{in: "-1", err: `"-1" is negative`},
		{in: "1e3", err: `"1e3" is not a number of minutes`},
		{in: "12.", err: `"12." is not a number of minutes`},
		{in: ".5", err: `".5" is not a number of minutes`},
		{in: "12 min", err: `"12 min" is not a number of minutes`},
	}
	for _, tt := range tests {
		got, err := parseMinutes(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("parseMinutes(%q) = %v, %v; want error %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseMinutes(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func BenchmarkParseTime(b *testing.B) {
	for _, s := range []string{"2026-10-02T17:30:00Z", "2026-10-02T17:30:00.123-07:00", "2026-10-02 17:30:00 +0530"} {
		b.Run("ParseTime/"+s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := ParseTime(s, nil, ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("time.Parse/RFC3339", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := time.Parse(time.RFC3339, "2026-10-02T17:30:00.123-07:00"); err != nil {
				b.Fatal(err)
			}
		}
	})
	la, _ := time.LoadLocation("America/Los_Angeles")
	b.Run("ParseTime/zone-less", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := ParseTime("2026-10-02 17:30", la, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}
