package cmd_test

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

func TestSampleHugeCountsRefused(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--tickets", "9223372036854775807"}, "slaaudit: invalid sample options: --tickets 9223372036854775807 is more than the maximum, 1000000000\n"},
		{[]string{"--bad", "9223372036854775807"}, "slaaudit: invalid sample options: --bad 9223372036854775807 is more than the maximum, 1000000\n"},
		{[]string{"--pending", "9223372036854775807", "--outside", "9223372036854775807"}, "is more than --tickets (300)"},
		{[]string{"--tickets", "99999999999999999999"}, "--tickets"},
	} {
		args := append([]string{"sample", "--month", "2026-10"}, tc.args...)
		stdout, stderr, code := runCLI(t, nil, args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: status %d, stdout %d bytes, stderr %q; want 2 and %q", tc.args, code, len(stdout), stderr, tc.want)
		}
	}
}

// maxRSS runs the binary with stdout to /dev/null and returns its peak
// resident set in KiB.
func maxRSS(t *testing.T, args ...string) int64 {
	t.Helper()
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	c := exec.Command(binary, args...)
	c.Dir = ".."
	c.Stdout = devNull
	var errOut strings.Builder
	c.Stderr = &errOut
	if err := c.Run(); err != nil && (c.ProcessState == nil || c.ProcessState.ExitCode() > 1) {
		t.Fatalf("%v: %v %s", args, err, errOut.String())
	}
	ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no rusage on this system")
	}
	return ru.Maxrss
}

// TestSampleMemoryConstant: sample's memory does not grow with --tickets
// (it allocated 17.9 GB for a huge count before it was bounded).
func TestSampleMemoryConstant(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 2M tickets")
	}
	if raceEnabled {
		// Minutes under the race detector; .ci/coverage runs it on the
		// plain build.
		t.Skip("writes 2M tickets: run without -race")
	}
	small := maxRSS(t, "sample", "--tickets", "100000", "--month", "2026-10")
	large := maxRSS(t, "sample", "--tickets", "2000000", "--month", "2026-10", "--bad", "1000")
	if large-small > 8<<10 {
		t.Errorf("sample peak RSS grew from %d KiB at 100k tickets to %d KiB at 2M", small, large)
	}
}
