package ingest

import (
	"cmp"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/audit"
)

// readAll reads every row of input and describes each outcome on one line:
// a ticket, "REJECT pos: field: reason" or, last, "ERROR message".
func readAll(t testing.TB, input, name string, opts Options) []string {
	t.Helper()
	r, err := NewReader(strings.NewReader(input), name, opts)
	return drain(t, r, err)
}

// readAllOpen is readAll through Open.
func readAllOpen(t testing.TB, path string, opts Options) []string {
	t.Helper()
	r, err := Open(path, nil, opts)
	return drain(t, r, err)
}

func drain(t testing.TB, r *Reader, err error) []string {
	t.Helper()
	return drainWith(t, r, err, false)
}

// drainWith is drain, with each ticket's trail after it when trails is set.
func drainWith(t testing.TB, r *Reader, err error, trails bool) []string {
	t.Helper()
	if err != nil {
		return []string{"ERROR " + err.Error()}
	}
	defer r.Close()
	var out []string
	var tk audit.Ticket
	for i := 0; r.Scan(&tk); i++ {
		if i > 1e6 {
			t.Fatal("reader does not end")
		}
		if rej := r.Rejection(); rej != nil {
			out = append(out, "REJECT "+rej.Error())
			continue
		}
		out = append(out, describe(&tk))
		if trails {
			out = append(out, tk.Trail...)
		}
	}
	if err := r.Err(); err != nil {
		out = append(out, "ERROR "+err.Error())
	}
	return out
}

func describe(t *audit.Ticket) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s id=%s", t.Source, t.ID)
	for _, kv := range [][2]string{{"customer", t.Customer}, {"plan", t.Plan}, {"channel", t.Channel}, {"priority", t.Priority}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, " %s=%s", kv[0], kv[1])
		}
	}
	fmt.Fprintf(&b, " submitted=%s", t.Submitted.UTC().Format(time.RFC3339Nano))
	if t.Answered() {
		fmt.Fprintf(&b, " response=%s", t.FirstResponse.UTC().Format(time.RFC3339Nano))
	}
	for _, w := range t.Warnings {
		fmt.Fprintf(&b, " WARN[%s]", w)
	}
	return b.String()
}

// checkGolden compares text with the golden file, which -update writes
// first.
func checkGolden(t *testing.T, golden, text string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if text != string(want) {
		t.Errorf("got\n%s\nwant\n%s", text, want)
	}
}

// readCase is a row of a reader test table: input, read as file (or the
// table's default name) with opts, gives the lines want (readAll).
type readCase struct {
	name, file, input string
	opts              Options
	want              []string
}

// runReadCases runs a table of readCases, one subtest each; file names
// the input of a case that names none.
func runReadCases(t *testing.T, file string, tests []readCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, tt.input, cmp.Or(tt.file, file), tt.opts)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}
