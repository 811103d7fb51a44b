package report

import (
	"testing"

	"pgregory.net/rapid"
)

// TestPlainXMLNeedsNoEscape: a value plainXML lets the JUnit writer append
// as it is is one that xmlText leaves as it is, for every single byte and
// for random text; and the characters xmlText changes are not plain.
func TestPlainXMLNeedsNoEscape(t *testing.T) {
	for c := range 256 {
		s := "a" + string([]byte{byte(c)}) + "b"
		if plainXML(s) && xmlText(s) != s {
			t.Errorf("plainXML(%q), but xmlText gives %q", s, xmlText(s))
		}
	}
	for _, s := range []string{"&", "<", ">", "\"", "'", "\t", "\x7f", "é", "\xff"} {
		if plainXML(s) {
			t.Errorf("plainXML(%q) = true", s)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.String().Draw(t, "s")
		if plainXML(s) && xmlText(s) != s {
			t.Fatalf("plainXML(%q), but xmlText gives %q", s, xmlText(s))
		}
	})
}

// TestAppendXMLText: appendXMLText gives xmlText's bytes, and appending the
// parts of a value one after another, as writeJUnitCase does ("slaaudit."
// and a plan key; an id, a space and a customer), gives the escaped whole,
// for random text including invalid UTF-8 and the characters either step
// escapes.
func TestAppendXMLText(t *testing.T) {
	part := rapid.OneOf(rapid.String(), rapid.StringOf(rapid.SampledFrom(
		[]rune{'a', '&', '<', '\'', '"', '\t', '\n', '\x7f', '\u0085', '\u202e', 'é', '\uFFFD'})),
		rapid.Map(rapid.SliceOf(rapid.Byte()), func(b []byte) string { return string(b) }))
	rapid.Check(t, func(t *rapid.T) {
		a, b := part.Draw(t, "a"), part.Draw(t, "b")
		if got := string(appendXMLText(nil, a)); got != xmlText(a) {
			t.Fatalf("appendXMLText(%q) = %q, xmlText gives %q", a, got, xmlText(a))
		}
		joined := string(appendXMLText(append(appendXMLText(nil, a), ' '), b))
		if want := xmlText(a + " " + b); joined != want {
			t.Fatalf("%q then %q: %q, want %q", a, b, joined, want)
		}
		prefixed := string(appendXMLText([]byte("slaaudit."), a))
		if want := xmlText("slaaudit." + a); prefixed != want {
			t.Fatalf("slaaudit. then %q: %q, want %q", a, prefixed, want)
		}
	})
}
