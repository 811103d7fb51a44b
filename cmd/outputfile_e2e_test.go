package cmd_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runSh runs the built binary from the repository root through sh (for a
// umask or a redirection) and returns stdout, stderr and the exit status.
func runSh(t *testing.T, script string, args ...string) (string, string, int) {
	t.Helper()
	c := exec.Command("sh", append([]string{"-c", script, "sh"}, args...)...)
	c.Dir = ".."
	c.Env = append(os.Environ(), "SLAAUDIT="+binary)
	var out, errOut bytes.Buffer
	c.Stdout, c.Stderr = &out, &errOut
	err := c.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("sh: %v", err)
	}
	return out.String(), errOut.String(), c.ProcessState.ExitCode()
}

// onlyFiles fails unless dir holds exactly the named files: no temporary
// file is left behind.
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, "\n") != strings.Join(names, "\n") {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}

const asOfFlag = "--as-of=2026-11-01T07:00:00Z"

func TestOutputFileWrittenUnderQuiet(t *testing.T) {
	dir := t.TempDir()
	for _, cmd := range [][]string{
		{"check", "testdata/e2e/breaches.csv", asOfFlag, "-q", "-o", "json", "--output-file", filepath.Join(dir, "check.json")},
		{"credits", "testdata/e2e/breaches.csv", asOfFlag, "-q", "--accounts", "testdata/accounts.csv", "-o", "csv", "--output-file", filepath.Join(dir, "credits.csv")},
	} {
		stdout, stderr, code := runCLI(t, nil, cmd...)
		if code > 1 || stdout != "" || stderr != "" {
			t.Fatalf("%v: status %d, stdout %q, stderr %q", cmd, code, stdout, stderr)
		}
	}
	for _, name := range []string{"check.json", "credits.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || len(b) == 0 {
			t.Errorf("-q --output-file wrote no %s: %v", name, err)
		}
	}
	onlyFiles(t, dir, "check.json", "credits.csv")
}

func TestOutputFileModeFollowsUmaskAndExistingFile(t *testing.T) {
	dir := t.TempDir()
	fresh, kept := filepath.Join(dir, "fresh.json"), filepath.Join(dir, "kept.json")
	if err := os.WriteFile(kept, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(kept, 0o640); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want fs.FileMode
	}{{fresh, 0o604}, {kept, 0o640}} {
		_, stderr, code := runSh(t, `umask 062 && exec "$SLAAUDIT" check testdata/e2e/clean.csv --as-of 2026-11-01 -o json --output-file "$1"`, tc.path)
		if code != 0 {
			t.Fatalf("status %d: %s", code, stderr)
		}
		fi, err := os.Stat(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != tc.want {
			t.Errorf("%s: mode %v, want %v", filepath.Base(tc.path), got, tc.want)
		}
	}
	onlyFiles(t, dir, "fresh.json", "kept.json")
}

func TestOutputFileLongBasename(t *testing.T) {
	dir := t.TempDir()
	name := strings.Repeat("r", 245) + ".json" // 250 bytes; NAME_MAX is 255
	_, stderr, code := runCLI(t, nil, "check", "testdata/e2e/clean.csv", asOfFlag, "-o", "json", "--output-file", filepath.Join(dir, name))
	if code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	onlyFiles(t, dir, name)
}

func TestOutputFileRefusesStdinItsInput(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../testdata/e2e/clean.csv")
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "x.csv")
	if err := os.WriteFile(target, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runSh(t, `exec "$SLAAUDIT" check - --as-of 2026-11-01 -o csv --output-file "$1" < "$1"`, target)
	if code != 2 || !strings.Contains(stderr, "is the input stdin") {
		t.Errorf("status %d, stderr %q; want 2 and a refusal naming stdin", code, stderr)
	}
	if got, _ := os.ReadFile(target); !bytes.Equal(got, data) {
		t.Errorf("the input was changed")
	}
	// A named input, through another spelling of its path.
	_, stderr, code = runCLI(t, nil, "check", target, asOfFlag, "--output-file", filepath.Join(dir, ".", "x.csv"))
	if code != 2 || !strings.Contains(stderr, "is the input") {
		t.Errorf("status %d, stderr %q; want 2 and a refusal", code, stderr)
	}
	onlyFiles(t, dir, "x.csv")
}

func TestOutputFileRefusesNonRegularTargets(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	stdoutLink := filepath.Join(dir, "stdout-link")
	if err := os.Symlink("/proc/self/fd/1", stdoutLink); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ target, why string }{
		{fifo, "is a FIFO"},
		{"/dev/null", "is a device"},
		{dir, "is a directory"},
		{stdoutLink, "is a symbolic link to"},
		{filepath.Join(dir, "missing", "x.json"), "does not exist"},
	} {
		_, stderr, code := runCLI(t, nil, "check", "testdata/e2e/clean.csv", asOfFlag, "-o", "json", "--output-file", tc.target)
		if code != 2 || !strings.Contains(stderr, tc.why) {
			t.Errorf("--output-file %s: status %d, stderr %q; want 2 and %q", tc.target, code, stderr, tc.why)
		}
	}
	fi, err := os.Lstat(fifo)
	if err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", fi.Mode(), err)
	}
	if fi, err := os.Lstat(stdoutLink); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced")
	}
	onlyFiles(t, dir, "fifo", "stdout-link")
}

func TestOutputFileThroughSymlinkKeepsTheLink(t *testing.T) {
	dir := t.TempDir()
	real, link := filepath.Join(dir, "real.json"), filepath.Join(dir, "link.json")
	if err := os.WriteFile(real, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.json", link); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runCLI(t, nil, "check", "testdata/e2e/clean.csv", asOfFlag, "-o", "json", "--output-file", link); code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(real); !bytes.HasPrefix(b, []byte("{")) {
		t.Errorf("the linked file holds %q, want the report", b)
	}
}

// TestSignalLeavesNoTempFileAndOldTarget stops a run reading a slow stdin
// with each signal of SPEC §12.
func TestSignalLeavesNoTempFileAndOldTarget(t *testing.T) {
	for _, tc := range []struct {
		name string
		sig  syscall.Signal
		want int
	}{{"SIGTERM", syscall.SIGTERM, 143}, {"SIGINT", syscall.SIGINT, 130}, {"SIGHUP", syscall.SIGHUP, 129}} {
		t.Run(tc.name, func(t *testing.T) {
			// Under nohup the binary inherits an ignored SIGHUP and rightly
			// keeps it ignored (TestNohupKeepsSIGHUPIgnored): it would read
			// stdin forever.
			if signal.Ignored(tc.sig) {
				t.Skipf("%s is ignored by this test process (nohup?), and so by the binary it starts", tc.name)
			}
			dir := t.TempDir()
			target := filepath.Join(dir, "report.csv")
			if err := os.WriteFile(target, []byte("old report\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			c := exec.Command(binary, "check", "-", asOfFlag, "-o", "csv", "--output-file", target)
			c.Dir = ".."
			stdin, err := c.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			var errOut bytes.Buffer
			c.Stderr = &errOut
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			stdin.Write([]byte("id,customer,plan,channel,submitted_at,first_response_at\n" +
				"1,acme,premium,email,2026-10-02T17:30:00Z,2026-10-02T18:45:00Z\n"))
			// The temporary file exists once the run has started.
			deadline := time.Now().Add(10 * time.Second)
			for {
				ents, _ := os.ReadDir(dir)
				if len(ents) == 2 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("no temporary file appeared in %s", dir)
				}
				time.Sleep(10 * time.Millisecond)
			}
			if err := c.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			c.Wait()
			stdin.Close()
			if got := c.ProcessState.ExitCode(); got != tc.want {
				t.Errorf("exit status %d, want %d (stderr %q)", got, tc.want, errOut.String())
			}
			if want := "slaaudit: stopped by " + tc.name + "\n"; errOut.String() != want {
				t.Errorf("stderr %q, want %q", errOut.String(), want)
			}
			if b, _ := os.ReadFile(target); string(b) != "old report\n" {
				t.Errorf("the target holds %q, want the old report", b)
			}
			onlyFiles(t, dir, "report.csv")
		})
	}
}

// TestNohupKeepsSIGHUPIgnored: under nohup (SIGHUP ignored at start) a
// SIGHUP does not stop the run; slaaudit must not turn it back on.
func TestNohupKeepsSIGHUPIgnored(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "report.csv")
	// trap '' HUP makes the shell and what it execs ignore SIGHUP, as
	// nohup does.
	c := exec.Command("sh", "-c", `trap '' HUP; exec "$0" check - --as-of 2026-11-01 -o csv --output-file "$1"`, binary, target)
	c.Dir = ".."
	stdin, err := c.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if ents, _ := os.ReadDir(dir); len(ents) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no temporary file appeared")
		}
		time.Sleep(10 * time.Millisecond)
	}
	c.Process.Signal(syscall.SIGHUP)
	time.Sleep(100 * time.Millisecond)
	stdin.Write([]byte("id,customer,plan,channel,submitted_at,first_response_at\n" +
		"1,acme,premium,email,2026-10-02T17:30:00Z,2026-10-02T18:45:00Z\n"))
	stdin.Close()
	c.Wait()
	if code := c.ProcessState.ExitCode(); code != 1 { // the ticket is a breach
		t.Fatalf("exit status %d, want 1: SIGHUP stopped the run", code)
	}
	if b, err := os.ReadFile(target); err != nil || !bytes.Contains(b, []byte("acme")) {
		t.Errorf("the report was not written: %v", err)
	}
}
