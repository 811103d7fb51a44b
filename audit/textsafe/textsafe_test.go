package textsafe

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"acme", "acme"},
		{"Zoë – 東京 \ufffd", "Zoë – 東京 \ufffd"},
		{"a\tb\nc\rd", `a\tb\nc\rd`},
		{"\x1b]52;c;aGk=\x07", `\x1b]52;c;aGk=\x07`},
		{"\x1b[2J\x1b[H", `\x1b[2J\x1b[H`},
		{"del\x7f", `del\x7f`},
		{"c1\u009b31m", `c1\u009b31m`},
		{"bad\x9b31m", `bad\x9b31m`},
		{"\xff\xfe", `\xff\xfe`},
		{"rlo\u202Eevil\u202C", `rlo\u202eevil\u202c`},
		{"iso\u2066x\u2069", `iso\u2066x\u2069`},
		{"nul\x00", `nul\x00`},
	} {
		if got := Line(tc.in); got != tc.want {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTextKeepsLineBreaksAndTabs(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a\tb\nc\r\nd", "a\tb\nc\r\nd"},
		{"a\n\x1b[31m", "a\n\\x1b[31m"},
		{"\u0085next line", `\u0085next line`},
	} {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSafeStringsAreNotCopied(t *testing.T) {
	s := "plain ascii and ünïcödé"
	if n := testing.AllocsPerRun(100, func() { _ = Line(s); _ = Text(s) }); n != 0 {
		t.Errorf("Line and Text of a safe string allocate %v times", n)
	}
}

func TestAppendJSON(t *testing.T) {
	in := map[string]string{"k\u202e": "a\u009bb\x7fc\u2066d ü \x1b"}
	js, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := AppendJSON(nil, js)
	if unsafeRaw(string(out), false) {
		t.Errorf("AppendJSON left an unsafe character: %q", out)
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("AppendJSON made invalid JSON %q: %v", out, err)
	}
	if back["k\u202e"] != in["k\u202e"] {
		t.Errorf("round trip: got %q, want %q", back, in)
	}
}

// unsafeRaw reports whether s holds an unsafe character or invalid UTF-8
// (TAB, LF and CR allowed with keepSpace).
func unsafeRaw(s string, keepSpace bool) bool {
	if !utf8.ValidString(s) {
		return true
	}
	return strings.ContainsFunc(s, func(r rune) bool {
		return IsUnsafe(r) && !(keepSpace && (r == '\t' || r == '\n' || r == '\r'))
	})
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "acme", "\x1b[2J", "\u202e", "\xff", "a\tb\n", "\u009b", "\ufffd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line, text := Line(s), Text(s)
		if unsafeRaw(line, false) {
			t.Fatalf("Line(%q) = %q holds an unsafe character", s, line)
		}
		if unsafeRaw(text, true) {
			t.Fatalf("Text(%q) = %q holds an unsafe character", s, text)
		}
		if strings.ContainsAny(line, "\n\r\t") {
			t.Fatalf("Line(%q) = %q is not one line", s, line)
		}
		// Escaping changes nothing in a string that is safe already, and
		// is idempotent.
		if !unsafeRaw(s, false) && line != s {
			t.Fatalf("Line changed the safe %q into %q", s, line)
		}
		if Line(line) != line || Text(text) != text {
			t.Fatalf("escaping %q twice changed it", s)
		}
		js, _ := json.Marshal(s)
		out := AppendJSON(nil, js)
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("AppendJSON(%s) = %s: %v", js, out, err)
		}
		if want := []rune(s); back != string(want) {
			t.Fatalf("AppendJSON(%s) decodes to %q, want %q", js, back, want)
		}
		if unsafeRaw(string(out), false) {
			t.Fatalf("AppendJSON(%s) = %s holds an unsafe character", js, out)
		}
	})
}
