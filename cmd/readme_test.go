package cmd_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// readmeBlock returns the text of the fenced block that follows marker in
// README.md, and the README with that block replaced by repl.
func readmeBlock(t *testing.T, marker, repl string) (block, replaced string) {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, marker)
	if i < 0 {
		t.Fatalf("README.md has no %q", marker)
	}
	open := strings.Index(s[i:], "```")
	if open < 0 {
		t.Fatalf("README.md: no code block after %q", marker)
	}
	start := i + open + strings.Index(s[i+open:], "\n") + 1
	end := start + strings.Index(s[start:], "```")
	return s[start:end], s[:start] + repl + s[end:]
}

// The README's sample credit table is the command's own output: the
// sample went stale once (wonka showed a breach it no longer has), so this
// test compares it, and -update rewrites it.
func TestREADMECreditSample(t *testing.T) {
	out, errOut, code := runCLI(t, nil, "credits", "testdata/export-2026-10.csv", "--accounts", "testdata/accounts/readme.csv",
		"--month", "2026-10", "--as-of", "2026-11-01T07:00:00Z")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	start := strings.Index(out, "Recommended credits (")
	end := strings.Index(out, "\nNot in accounts")
	if start < 0 || end < start {
		t.Fatalf("no credit table in:\n%s", out)
	}
	table := strings.TrimRight(out[start:end], "\n") + "\n"
	block, replaced := readmeBlock(t, "<!-- credits-sample", table)
	if *update {
		if err := os.WriteFile("../README.md", []byte(replaced), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if block != table {
		t.Errorf("README's credit sample is stale (go test ./cmd -run TestREADMECreditSample -update rewrites it)\n--- README ---\n%s--- command ---\n%s", block, table)
	}
}

// ciScript returns the shell commands of the README's CI recipe for
// GitHub Actions (the "Audit last month" step's run block) or GitLab CI
// (the script list), without the go install line.
func ciScript(t *testing.T, which string) string {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	var lines []string
	switch which {
	case "github":
		i := strings.Index(s, "      - name: Audit last month\n")
		j := strings.Index(s[i:], "        run: |\n")
		if i < 0 || j < 0 {
			t.Fatal("README: no GitHub Actions step \"Audit last month\" with a run block")
		}
		for _, l := range strings.Split(s[i+j+len("        run: |\n"):], "\n") {
			if !strings.HasPrefix(l, "          ") {
				break
			}
			lines = append(lines, strings.TrimPrefix(l, "          "))
		}
	case "gitlab":
		i := strings.Index(s, "sla-audit:\n")
		j := strings.Index(s[i:], "  script:\n")
		if i < 0 || j < 0 {
			t.Fatal("README: no GitLab job sla-audit with a script")
		}
		for _, l := range strings.Split(s[i+j+len("  script:\n"):], "\n") {
			if !strings.HasPrefix(l, "    - ") {
				break
			}
			if cmd := strings.TrimPrefix(l, "    - "); !strings.HasPrefix(cmd, "go install") {
				lines = append(lines, cmd)
			}
		}
	}
	if len(lines) < 2 {
		t.Fatalf("README %s recipe: found %q", which, lines)
	}
	return strings.Join(lines, "\n") + "\n"
}

// TestREADMECIRecipe runs the README's CI recipes (GitHub Actions and
// GitLab CI) as their runners would (bash -e), with the built slaaudit on
// PATH: a month with breaches and a stale export (last year's file: rows,
// none in the month) must go red; a clean month and a month in which the
// helpdesk had no tickets at all (an export with no rows) stay green. The
// recipe used to pass a stale export as "Breaches: none".
func TestREADMECIRecipe(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	bin := filepath.Dir(binary)
	cases := []struct {
		name, export, month string
		red                 bool
		errHas              string
	}{
		{"breaches", "testdata/export-2026-10.csv", "2026-10", true, ""},
		{"stale-export", "testdata/e2e/clean.csv", "2026-12", true, "nothing audited: 4 of 4 row(s) were submitted 2026-10-05 → 2026-10-20, outside the period 2026-12-01 → 2027-01-01"},
		{"clean-month", "testdata/e2e/clean.csv", "2026-10", false, ""},
		{"no-tickets", "testdata/trust/no-rows.csv", "2026-11", false, "note: the input has no ticket rows"},
	}
	for _, which := range []string{"github", "gitlab"} {
		script := ciScript(t, which)
		for _, tc := range cases {
			t.Run(which+"/"+tc.name, func(t *testing.T) {
				dir := t.TempDir()
				if err := os.Mkdir(filepath.Join(dir, "exports"), 0o755); err != nil {
					t.Fatal(err)
				}
				data, err := os.ReadFile(filepath.Join("..", tc.export))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "exports", "tickets.csv"), data, 0o644); err != nil {
					t.Fatal(err)
				}
				summary := filepath.Join(dir, "summary.md")
				c := exec.Command(bash, "-e", "-c", script)
				c.Dir = dir
				c.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
					"MONTH="+tc.month, "GITHUB_STEP_SUMMARY="+summary)
				var stdout, stderr strings.Builder
				c.Stdout, c.Stderr = &stdout, &stderr
				err = c.Run()
				if red := err != nil; red != tc.red {
					t.Fatalf("red = %v (%v), want %v\nstdout:\n%s\nstderr:\n%s", red, err, tc.red, stdout.String(), stderr.String())
				}
				if !strings.Contains(stderr.String(), tc.errHas) {
					t.Errorf("stderr lacks %q:\n%s", tc.errHas, stderr.String())
				}
				if !tc.red {
					// A green run leaves the JUnit report for the CI's test view.
					if _, err := os.Stat(filepath.Join(dir, "sla.xml")); err != nil {
						t.Errorf("no sla.xml: %v", err)
					}
				}
			})
		}
	}
}
