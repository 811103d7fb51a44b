package cmd_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// xmllint returns the path of xmllint (Debian's libxml2-utils), or skips the
// test when it is missing, unless CI=true: CI installs it (.ci/run), so
// there a missing xmllint fails the test instead of hiding it.
func xmllint(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("xmllint not found, and CI=true: install libxml2-utils (.ci/run does)")
		}
		t.Skip("xmllint not found: install libxml2-utils (apt-get install -y libxml2-utils) to validate the JUnit report against junit-10.xsd")
	}
	return path
}

// TestJUnitValidatesAgainstJenkinsXSD checks -o junit against Jenkins'
// junit-10.xsd, as written down in testdata/junit/jenkins-junit.xsd, for inputs with every kind of testcase: breaches, severe and
// unanswered ones, pending, excluded, rejected rows, a history, control
// characters, and an audit with no ticket at all. (The report used to put a
// skipped attribute on <testsuites>, which the schema does not allow.)
func TestJUnitValidatesAgainstJenkinsXSD(t *testing.T) {
	lint := xmllint(t)
	xsd, err := filepath.Abs("../testdata/junit/jenkins-junit.xsd")
	if err != nil {
		t.Fatal(err)
	}
	runs := []struct {
		name string
		args []string
		code int
	}{
		{"sample", []string{"testdata/export-2026-10.csv", "--month", "2026-10"}, 1},
		{"rejected", []string{"testdata/e2e/rejected.csv"}, 0},
		{"clean", []string{"testdata/e2e/clean.csv"}, 0},
		{"history", []string{"testdata/history-2026-10.csv"}, 1},
		{"hostile", []string{"testdata/bad/hostile.csv", "--default-plan", "premium"}, 1},
		{"control-characters", []string{"testdata/trust/control.csv"}, 1},
		{"nothing-audited", []string{"testdata/e2e/clean.csv", "--month", "2026-09", "--allow-empty"}, 0},
		{"no-rows", []string{"testdata/trust/no-rows.csv"}, 0},
		{"json-array", []string{"testdata/export-2026-10.json", "--month", "2026-10"}, 1},
	}
	dir := t.TempDir()
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			out := filepath.Join(dir, r.name+".xml")
			args := append([]string{"check", "-o", "junit", "--output-file", out, asOfFixed}, r.args...)
			_, stderr, code := runCLI(t, nil, args...)
			if code != r.code {
				t.Fatalf("exit status %d, want %d; stderr: %s", code, r.code, stderr)
			}
			lintOut, err := exec.Command(lint, "--noout", "--schema", xsd, out).CombinedOutput()
			if err != nil {
				t.Errorf("xmllint --schema jenkins-junit.xsd: %v\n%s", err, lintOut)
			}
		})
	}
}

// TestJenkinsXSDRejectsWhatJenkinsRejects keeps the schema honest: the
// report slaaudit used to write (a skipped attribute on <testsuites>), a
// testcase without a name and a suite without its tests count must fail
// validation, or the test above could not fail.
func TestJenkinsXSDRejectsWhatJenkinsRejects(t *testing.T) {
	lint := xmllint(t)
	xsd, err := filepath.Abs("../testdata/junit/jenkins-junit.xsd")
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{
		"skipped-on-testsuites": `<testsuites name="slaaudit" tests="1" skipped="0"><testsuite name="premium" tests="1"><testcase name="1"/></testsuite></testsuites>`,
		"testcase-without-name": `<testsuites><testsuite name="premium" tests="1"><testcase classname="slaaudit.premium"/></testsuite></testsuites>`,
		"suite-without-tests":   `<testsuites><testsuite name="premium"><testcase name="1"/></testsuite></testsuites>`,
		"failure-after-output":  `<testsuites><testsuite name="premium" tests="1"><testcase name="1"><system-out>x</system-out><failure message="m"/></testcase></testsuite></testsuites>`,
	}
	dir := t.TempDir()
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".xml")
			if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(lint, "--noout", "--schema", xsd, path).CombinedOutput(); err == nil {
				t.Errorf("xmllint accepted %s:\n%s", doc, out)
			}
		})
	}
}
