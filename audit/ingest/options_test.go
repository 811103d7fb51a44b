package ingest

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestOptionsCheck: options that cannot read any input are refused by
// Check, and by NewReader before it reads a byte, as an *OptionError
// naming the flag.
func TestOptionsCheck(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string // "" for no error
	}{
		{name: "zero options", opts: Options{}},
		{name: "a semicolon", opts: Options{Delimiter: ';'}},
		{name: "a quote", opts: Options{Delimiter: '"'}, want: `--delimiter: "\"": cannot separate CSV fields (it is a quote or a line end)`},
		{name: "a line feed", opts: Options{Delimiter: '\n'}, want: `--delimiter: "\n": cannot separate CSV fields (it is a quote or a line end)`},
		{name: "a carriage return", opts: Options{Delimiter: '\r'}, want: `--delimiter: "\r": cannot separate CSV fields (it is a quote or a line end)`},
		{name: "the replacement character", opts: Options{Delimiter: utf8.RuneError}, want: "--delimiter: \"\uFFFD\": cannot separate CSV fields (it is not a valid character)"},
		{name: "a surrogate", opts: Options{Delimiter: 0xD800}, want: "--delimiter: \"\uFFFD\": cannot separate CSV fields (it is not a valid character)"},
		{name: "history", opts: Options{Shape: ShapeHistory}},
		{name: "unknown shape", opts: Options{Shape: "events"}, want: `--shape: "events": unknown shape (want rows, history)`},
		{name: "preset any case", opts: Options{Preset: " Zendesk "}},
		{name: "unknown preset", opts: Options{Preset: "kayako"}, want: `--preset: "kayako": unknown preset (want freshdesk, helpscout, intercom, jira, zammad, zendesk)`},
		{name: "shape against the preset", opts: Options{Preset: "helpscout", Shape: ShapeRows}, want: `--shape: "rows": --preset helpscout reads history`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, check := range []struct {
				name string
				err  error
			}{
				{"Check", tc.opts.Check()},
				{"NewReader", func() error {
					_, err := NewReader(strings.NewReader("id,submitted_at\n"), "x.csv", tc.opts)
					return err
				}()},
			} {
				err := check.err
				if tc.want == "" {
					var oe *OptionError
					if errors.As(err, &oe) {
						t.Errorf("%s: %v, want no option error", check.name, err)
					}
					continue
				}
				var oe *OptionError
				if !errors.As(err, &oe) || err.Error() != tc.want {
					t.Errorf("%s: err = %v (%T), want *OptionError %q", check.name, err, err, tc.want)
				}
			}
		})
	}
}
