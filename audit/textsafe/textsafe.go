// Package textsafe keeps text from an export from acting on whoever reads a
// report: a terminal, a spreadsheet, a CI log. Ticket values and file names
// are data, and SPEC §12 says their control characters never reach an
// output or stderr raw.
//
// Unsafe (IsUnsafe) are the C0 controls (U+0000–U+001F), DEL (U+007F), the
// C1 controls (U+0080–U+009F), the bidirectional embeddings, overrides and
// isolates (U+202A–U+202E, U+2066–U+2069, which reorder what a reader sees,
// as in "Trojan Source"), and any byte that is not valid UTF-8 (a lone 0x9B
// is CSI to a terminal in 8-bit mode). Line escapes all of them; Text keeps
// TAB, LF and CR, for formats that quote them (CSV).
//
// The escapes are Go's: \t, \n and \r by name, \xNN for the other bytes
// below 0x80 and for invalid bytes, \uNNNN for the rest. They are meant for
// people to read, not to be decoded: a value that holds a backslash already
// is left as it is. Formats with their own lossless escape for a code point
// (JSON's \u00XX) use that instead; AppendJSON does it for text that
// encoding/json wrote.
//
// It is not for markup: Markdown, HTML and XML escaping stay with their
// renderers, which call this first. Its API serves the slaaudit command and
// may change in any release (package audit's doc, "Stability").
package textsafe

import (
	"strings"
	"unicode/utf8"
)

// IsUnsafe reports whether the code point r must not reach an output raw:
// a C0 control, DEL, a C1 control, or a bidi embedding, override or
// isolate. (Bytes that are not valid UTF-8 are unsafe too; Line and Text
// see to them.)
func IsUnsafe(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7F && r <= 0x9F:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Line returns s with every unsafe character escaped, TAB, LF and CR too:
// the result is one line, fit for a table cell, a log line or an error
// message. A safe string is returned as it is, without allocating.
func Line(s string) string { return escape(s, false) }

// Text returns s with every unsafe character escaped but TAB, LF and CR,
// for formats that allow them in a quoted value (CSV). A safe string is
// returned as it is, without allocating.
func Text(s string) string { return escape(s, true) }

// safeASCII marks the bytes that never need an escape: printable ASCII.
var safeASCII = func() (t [256]bool) {
	for c := 0x20; c < 0x7F; c++ {
		t[c] = true
	}
	return t
}()

func escape(s string, keepSpace bool) string {
	i := firstUnsafe(s, keepSpace)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	b.Write(appendEscaped(nil, s[i:], keepSpace))
	return b.String()
}

// firstUnsafe returns the index of the first character of s that escape
// would change, or -1.
func firstUnsafe(s string, keepSpace bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if safeASCII[c] || keepSpace && isSpace(c) {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			return i
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if IsUnsafe(r) || r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

func isSpace(c byte) bool { return c == '\t' || c == '\n' || c == '\r' }

const hex = "0123456789abcdef"

func appendEscaped(b []byte, s string, keepSpace bool) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if safeASCII[c] || keepSpace && isSpace(c) {
			b = append(b, c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			switch c {
			case '\t':
				b = append(b, '\\', 't')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, '\\', 'x', hex[c>>4], hex[c&0xF])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			// An invalid byte.
			b = append(b, '\\', 'x', hex[c>>4], hex[c&0xF])
		case IsUnsafe(r):
			b = append(b, '\\', 'u', hex[r>>12&0xF], hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
		default:
			// Safe, or a genuine U+FFFD written in the input.
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return b
}

// AppendJSON appends the JSON text js to b with the unsafe characters that
// JSON allows raw in a string (DEL, C1 controls, bidi controls) written as
// \uNNNN escapes, which a JSON reader decodes to the same value.
// encoding/json already escapes C0 controls and invalid UTF-8, and outside
// strings JSON is ASCII, so this changes nothing but string contents.
func AppendJSON(b, js []byte) []byte {
	start := 0
	for i := 0; i < len(js); {
		c := js[i]
		if c < utf8.RuneSelf && c != 0x7F {
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(js[i:])
		}
		if !IsUnsafe(r) {
			i += size
			continue
		}
		b = append(b, js[start:i]...)
		b = append(b, '\\', 'u', hex[r>>12&0xF], hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
		i += size
		start = i
	}
	return append(b, js[start:]...)
}
