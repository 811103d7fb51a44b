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
