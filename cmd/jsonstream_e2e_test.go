package cmd_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJSONFileErrorAfterTickets: -o json writes the tickets as they are
// audited, so a file error found later (exit 2) leaves stdout holding the
// start of the document, cut short where the run stopped: never a complete
// document, so that a JSON reader fails on it instead of taking it for a
// report, and --output-file is left as it was (README "Output").
func TestJSONFileErrorAfterTickets(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("id,customer,plan,channel,priority,submitted_at,first_response_at\n")
	const good = 5000
	for i := range good {
		fmt.Fprintf(&b, "%d,acme,Standard,email,normal,2026-10-02T17:30:00Z,2026-10-02T18:45:00Z\n", 1000+i)
	}
	// A quote that never closes: a file error on its line, after 5000
	// tickets.
	b.WriteString("9999,\"acme,Standard,email,normal,2026-10-02T17:30:00Z,2026-10-02T18:45:00Z\n")
	export := filepath.Join(dir, "export.csv")
	if err := os.WriteFile(export, []byte(b.String()), 0o666); err != nil {
		t.Fatal(err)
	}
	args := []string{"check", export, "--as-of", "2026-11-01T07:00:00Z", "-o", "json"}

	stdout, stderr, code := runCLI(t, nil, args...)
	if code != 2 {
		t.Fatalf("exit %d, want 2; stderr %q", code, stderr)
	}
	if want := "slaaudit: " + export + ":"; !strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr %q; want one line starting %q", stderr, want)
	}
	if !strings.HasPrefix(stdout, "{\n  \"schema_version\": 1,\n  \"tickets\": [\n    {\n      \"id\": \"1000\",") {
		t.Fatalf("stdout starts %.80q; want the tickets written as they were audited", stdout)
	}
	if json.Valid([]byte(stdout)) || strings.Contains(stdout, "\"counts\"") {
		t.Errorf("stdout (%d bytes) is a complete report after a failed run", len(stdout))
	}

	// The same run into a file leaves the file as it was.
	out := filepath.Join(dir, "report.json")
	if err := os.WriteFile(out, []byte("previous report\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	stdout, _, code = runCLI(t, nil, append(args, "--output-file", out)...)
	if code != 2 || stdout != "" {
		t.Fatalf("--output-file: exit %d and stdout %.40q; want 2 and nothing", code, stdout)
	}
	if got, _ := os.ReadFile(out); string(got) != "previous report\n" {
		t.Errorf("--output-file after a failed run holds %.40q; want it untouched", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("the folder holds %d files after a failed run; want export.csv and report.json only", len(entries))
	}
}
