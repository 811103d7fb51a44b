package ingest

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// SPEC §9: Zammad states its zone on a "Timezone: <zone>" line after the
// table; a CSV file is read from its end for it before its rows.
func TestCSVTrailerZone(t *testing.T) {
	long := strings.Repeat("1,x,2026-10-01 08:00:00\n", 2000) // more than the tail read
	tests := []struct {
		name, data string
		delim      rune
		want       string // zone, "" for none, "ERROR …" for a file error
	}{
		{name: "zammad CSV", data: "#,Created At\n1,2026-10-01 08:00:00\n,\nTimezone: Europe/Berlin,\n", delim: ',', want: "Europe/Berlin"},
		{name: "CRLF, blank rows after, no final newline", data: "#,Created At\r\n1,2026-10-01 08:00:00\r\n,\r\nTimezone: Europe/Berlin,\r\n,\r\n,", delim: ',', want: "Europe/Berlin"},
		{name: "semicolon, quoted", data: "#;Created At\n1;2026-10-01 08:00:00\n;\n\"Timezone: America/New_York\";\n", delim: ';', want: "America/New_York"},
		{name: "any case", data: "#,Created At\nTIMEZONE:UTC\n", delim: ',', want: "UTC"},
		{name: "long file", data: "#,x,Created At\n" + long + "\nTimezone: Asia/Tokyo,,\n", delim: ',', want: "Asia/Tokyo"},
		{name: "no zone line", data: "#,Created At\n1,2026-10-01 08:00:00\n", delim: ',', want: ""},
		// Only the last line that is not blank states the zone: a cell
		// above it that reads like one is data.
		{name: "zone line not last", data: "#,Created At\nTimezone: Europe/Berlin,\n1,2026-10-01 08:00:00\n", delim: ',', want: ""},
		{name: "empty zone", data: "#,Created At\nTimezone: ,\n", delim: ',', want: `ERROR z.csv: the last line states the zone "", which is not a time zone slaaudit knows`},
		{name: "unknown zone", data: "#,Created At\nTimezone: Mars/Olympus,\n", delim: ',', want: `ERROR z.csv: the last line states the zone "Mars/Olympus", which is not a time zone slaaudit knows`},
		{name: "Local is no zone", data: "#,Created At\nTimezone: Local\n", delim: ',', want: `ERROR z.csv: the last line states the zone "Local", which is not a time zone slaaudit knows`},
		{name: "empty file", data: "", delim: ',', want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "z.csv")
			if err := os.WriteFile(path, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			loc, ok, err := csvTrailerZone(f, "z.csv", tt.delim)
			got := ""
			switch {
			case err != nil:
				got = "ERROR " + err.Error()
			case ok:
				got = loc.String()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	// Not a file: a stream has no end to read first.
	if _, ok, err := csvTrailerZone(strings.NewReader("#\nTimezone: UTC\n"), "stdin", ','); ok || err != nil {
		t.Errorf("a stream: got ok=%v err=%v, want no zone", ok, err)
	}
}

// End to end through Open: the stated zone reads the times and is named as
// their source; a zone given wins, with a warning naming both; a .gz is a
// stream, whose rows need a zone given.
func TestCSVStatedZone(t *testing.T) {
	data := "Tickets\n,\n#,Organization,Create Channel,Created At,First Response At\n" +
		"1,acme,email,2026-10-01 10:00:00,2026-10-01 10:20:00\n,\nTimezone: Europe/Berlin,\n"
	dir := t.TempDir()
	plain := filepath.Join(dir, "z.csv")
	if err := os.WriteFile(plain, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	gz := filepath.Join(dir, "z.csv.gz")
	f, err := os.Create(gz)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write([]byte(data))
	zw.Close()
	f.Close()

	r, err := Open(plain, nil, Options{Preset: "zammad"})
	if err != nil {
		t.Fatal(err)
	}
	got := drain(t, r, nil)
	// 10:00 in Berlin (CEST, +02:00) is 08:00Z.
	if want := "z.csv:4 id=1 customer=acme channel=email submitted=2026-10-01T08:00:00Z response=2026-10-01T08:20:00Z"; len(got) != 1 || !strings.HasSuffix(got[0], want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if b := r.Binding(); b.Zone == nil || b.Zone.String() != "Europe/Berlin" || b.ZoneSource != "the file's Timezone: line" || len(b.Warnings) != 0 {
		t.Errorf("binding zone %v from %q, warnings %q; want Europe/Berlin from the file's Timezone: line", b.Zone, b.ZoneSource, b.Warnings)
	}

	ny := mustZone(t, "America/New_York")
	r, err = Open(plain, nil, Options{Preset: "zammad", InputTZ: ny})
	if err != nil {
		t.Fatal(err)
	}
	got = drain(t, r, nil)
	// 10:00 in New York (EDT, -04:00) is 14:00Z: the zone given wins.
	if want := "submitted=2026-10-01T14:00:00Z"; len(got) != 1 || !strings.Contains(got[0], want) {
		t.Errorf("with a zone given: got %q, want %q", got, want)
	}
	b := r.Binding()
	if want := "zone: the file's Timezone: line states Europe/Berlin, but the times are read in America/New_York, the zone given"; b.Zone != nil || len(b.Warnings) != 1 || b.Warnings[0] != want {
		t.Errorf("with a zone given: binding zone %v, warnings %q; want none and %q", b.Zone, b.Warnings, want)
	}

	r, err = Open(gz, nil, Options{Preset: "zammad"})
	if err != nil {
		t.Fatal(err)
	}
	got = drain(t, r, nil)
	if want := "that line is read from an uncompressed file, not from a pipe or a .gz)"; len(got) != 1 || !strings.HasPrefix(got[0], "REJECT") || !strings.HasSuffix(got[0], want) {
		t.Errorf(".gz: got %q, want a rejection ending %q", got, want)
	}
}

// FuzzCSVTrailerZone: reading a file's end for its zone line never panics,
// and a zone found is one that loads.
func FuzzCSVTrailerZone(f *testing.F) {
	f.Add([]byte("#,Created At\n1,2026-10-01 08:00:00\n,\nTimezone: Europe/Berlin,\n"), byte(','))
	f.Add([]byte("\"Timezone: UTC\";;\r\n;\r\n"), byte(';'))
	f.Add([]byte("Timezone:"), byte('\t'))
	f.Add([]byte("x\n\n\n"), byte('|'))
	path := filepath.Join(f.TempDir(), "z.csv")
	f.Fuzz(func(t *testing.T, data []byte, d byte) {
		delim := rune(d)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		loc, ok, err := csvTrailerZone(fh, "z.csv", delim)
		if ok && (loc == nil || err != nil) {
			t.Fatalf("ok with zone %v, error %v", loc, err)
		}
		if !ok && loc != nil {
			t.Fatalf("zone %v without ok", loc)
		}
	})
}
