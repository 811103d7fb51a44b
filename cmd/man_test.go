package cmd_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slaaudit/slaaudit/cmd"
)

func TestManPages(t *testing.T) {
	// Pages are dated by SOURCE_DATE_EPOCH when it is set: 2026-11-02.
	t.Setenv("SOURCE_DATE_EPOCH", "1793577600")
	dir := filepath.Join(t.TempDir(), "share", "man1") // created by man
	out, errOut, code := runInProcess("man", dir)
	if code != 0 || out != "" || errOut != "" {
		t.Fatalf("exit = %d, stdout %q, stderr %q; want 0 and nothing", code, out, errOut)
	}

	// One page per command that --help lists, and at least these.
	want := map[string]bool{
		"slaaudit.1": true, "slaaudit-check.1": true, "slaaudit-credits.1": true, "slaaudit-plans.1": true,
		"slaaudit-sample.1": true, "slaaudit-man.1": true, "slaaudit-version.1": true,
		"slaaudit-completion.1": true, "slaaudit-completion-bash.1": true,
	}
	for _, c := range commands(cmd.NewRootCmd(&cmd.IO{})) {
		want[strings.ReplaceAll(c.CommandPath(), " ", "-")+".1"] = true
	}
	for page := range want {
		t.Run(page, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, page))
			if err != nil {
				t.Fatal(err)
			}
			got := string(b)
			name := strings.TrimSuffix(page, ".1")
			for _, w := range []string{
				`.TH "` + strings.ToUpper(name) + `" "1" "Nov 2026"`,
				".SH NAME\n" + name + " - ",
				".SH EXAMPLE\n",
			} {
				if !strings.Contains(got, w) {
					t.Errorf("page lacks %q:\n%s", w, got)
				}
			}
			if strings.Contains(got, "Auto generated") {
				t.Errorf("page carries cobra's auto-generated tag")
			}
		})
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(want) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("man wrote %d pages %v, want %d", len(entries), names, len(want))
	}
}

func TestManErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "DIR is a file", args: []string{"man", file},
			wantErr: "slaaudit: man: mkdir " + file + ": not a directory\n"},
		{name: "under a file", args: []string{"man", filepath.Join(file, "man1")},
			wantErr: "slaaudit: man: mkdir " + file + ": not a directory\n"},
		{name: "no DIR", args: []string{"man"},
			wantErr: "slaaudit: man needs one DIR to write the pages into; got none\nUsage: slaaudit man DIR [flags]\nRun 'slaaudit man --help' for every flag, and examples.\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runInProcess(tc.args...)
			if code != 2 {
				t.Errorf("exit = %d, want 2", code)
			}
			if errOut != tc.wantErr {
				t.Errorf("stderr = %q, want %q", errOut, tc.wantErr)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
		})
	}
}
