package cmd_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostileBytes are what must never reach a terminal or a log raw (SPEC §12):
// ESC, BEL, other C0, DEL, C1 CSI (U+009B, and a lone 0x9B byte), and the
// bidi override U+202E.
var hostileBytes = []string{"\x1b", "\x07", "\x00", "\x08", "\x7f", "\u009b", "\u202e", "\u2066"}

func assertNoHostile(t *testing.T, what, out string) {
	t.Helper()
	for _, h := range hostileBytes {
		if strings.Contains(out, h) {
			t.Errorf("%s holds %q raw:\n%q", what, h, out)
		}
	}
	if strings.Contains(out, "\x9b") && !strings.Contains(out, "\u009b") {
		t.Errorf("%s holds a raw 0x9B byte", what)
	}
}

// hostileExport writes an export whose name, ids and customers carry
// terminal escapes: an OSC 52 clipboard write, a screen clear, C1 CSI and
// a bidi override, in a breached ticket, a rejected row and its reason.
func hostileExport(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "ex\x1b[2Jport\u202e.csv")
	data := "id,customer,plan,channel,priority,submitted_at,first_response_at\n" +
		"\"47\x1b[2J11\",\"\x1b]52;c;aGk=\x07acme\u009b31m\u202eevil\u2066\",premium,email,high,2026-10-05T09:00:00-07:00,2026-10-07T09:00:00-07:00\n" +
		"4712,\"bob\x08\x7f\",\"gold\x1b[31m\u009b\",email,high,2026-10-05T09:00:00-07:00,2026-10-05T09:10:00-07:00\n" +
		"4713,\"tab\there\nnew line\",premium,email,high,2026-10-05T09:00:00-07:00,2026-10-05T09:10:00-07:00\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestHostileControlCharactersNeverRaw(t *testing.T) {
	path := hostileExport(t)
	for _, format := range []string{"table", "markdown", "csv", "json", "junit", "github", "html"} {
		stdout, stderr, code := runCLI(t, nil, "check", path, asOfFlag, "-o", format)
		if code != 1 {
			t.Fatalf("-o %s: status %d, stderr %q", format, code, stderr)
		}
		if !strings.Contains(stdout, "acme") || !strings.Contains(stdout, "port") {
			t.Errorf("-o %s does not list the hostile breach:\n%s", format, stdout)
		}
		assertNoHostile(t, "-o "+format, stdout)
		assertNoHostile(t, "stderr of -o "+format, stderr)
	}
	// The table on a terminal, colour off so that any ESC is hostile.
	stdout, stderr, code := run{args: []string{"check", path, asOfFlag}, env: []string{"NO_COLOR=1"}, stdout: toTTY, stderr: toTTY}.do(t)
	if code != 1 || !strings.Contains(stdout, "Breaches (1)") {
		t.Fatalf("table on a terminal: status %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	assertNoHostile(t, "the table on a terminal", stdout)
	assertNoHostile(t, "stderr on a terminal", stderr)
	if !strings.Contains(stdout, `\x1b]52;c;aGk=\x07acme\u009b31m\u202eevil\u2066`) {
		t.Errorf("the table does not show the escaped customer:\n%s", stdout)
	}
}

func TestHostileFileNameOnStderr(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "no\x1b]52;c;aGk=\x07such\u202e.csv")
	broken := filepath.Join(dir, "bro\x1b[2Jken.csv")
	if err := os.WriteFile(broken, []byte("id,customer\n1,\"unterminated\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"check", missing, asOfFlag},
		{"check", broken, asOfFlag},
		{"check", hostileExport(t), asOfFlag, "--map", "id=\x1b[31mTicket"},
		{"check", hostileExport(t), asOfFlag, "--output-file", filepath.Join(dir, "x\x1b[2J", "r.json")},
	} {
		_, stderr, code := runCLI(t, nil, args...)
		if code != 2 || !strings.HasPrefix(stderr, "slaaudit: ") {
			t.Errorf("%q: status %d, stderr %q; want 2 and an error", args, code, stderr)
		}
		assertNoHostile(t, "stderr", stderr)
	}
}
