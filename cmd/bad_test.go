package cmd_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// badAsOf fixes the audit instant of every bad-input run.
const badAsOf = "2026-11-01T07:00:00Z"

// badHeader is the header of the generated CSV inputs.
const badHeader = "id,customer,plan,channel,submitted_at,first_response_at\n"

// badCase is one adversarial input: a file in testdata/bad, or one the test
// generates (too large or too repetitive to commit). Its golden file,
// testdata/bad/<name>.golden, holds the exit status, stderr and, when the
// run printed a JSON report, its counts and rejected rows.
type badCase struct {
	name string
	// file is the input under the repository root; gen writes it into dir
	// instead and returns its path.
	file string
	gen  func(t *testing.T, dir string) string
	// args are extra flags.
	args []string
	code int
	// check, when set, checks what slaaudit should do beyond the exit
	// status and the golden file, and returns "" when it does.
	check func(r badRun) string
}

// badRun is what one run of slaaudit on a bad input gave.
type badRun struct {
	input          string // path as passed on the command line
	stdout, stderr string
	code           int
	report         *badReport // nil unless stdout is a JSON report
}

// badReport is the part of the JSON report the bad-input tests look at.
type badReport struct {
	Counts struct {
		Rows          int `json:"rows"`
		Audited       int `json:"audited"`
		Excluded      int `json:"excluded"`
		Rejected      int `json:"rejected"`
		OutsidePeriod int `json:"outside_period"`
		Filtered      int `json:"filtered"`
	} `json:"counts"`
	Tickets []struct {
		ID              string  `json:"id"`
		Customer        string  `json:"customer"`
		Plan            string  `json:"plan"`
		Channel         string  `json:"channel"`
		Priority        string  `json:"priority"`
		Source          string  `json:"source"`
		Status          string  `json:"status"`
		SubmittedAt     string  `json:"submitted_at"`
		Deadline        *string `json:"deadline"`
		FirstResponseAt *string `json:"first_response_at"`
		LateSeconds     int64   `json:"late_seconds"`
		Severe          bool    `json:"severe"`
	} `json:"tickets"`
	Rejected []struct {
		Source string `json:"source"`
		Field  string `json:"field"`
		Error  string `json:"error"`
	} `json:"rejected"`
}

// writeFile writes data to dir/name and returns the path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// genCSV returns a generator of a CSV file with badHeader and body.
func genCSV(name string, body func(w *bytes.Buffer)) func(*testing.T, string) string {
	return func(t *testing.T, dir string) string {
		var b bytes.Buffer
		b.WriteString(badHeader)
		body(&b)
		return writeFile(t, dir, name, b.Bytes())
	}
}

// genJSONDepth returns a generator of a JSON array of one ticket whose
// object nests depth levels deep, counting the ticket itself.
func genJSONDepth(name string, depth int) func(*testing.T, string) string {
	return func(t *testing.T, dir string) string {
		inner := strings.Repeat("[", depth-1) + strings.Repeat("]", depth-1)
		data := `[{"id": "1", "customer": "acme", "plan": "premium", "submitted_at": "2026-10-05T16:00:00Z", "first_response_at": "2026-10-05T16:30:00Z", "x": ` + inner + "}]\n"
		return writeFile(t, dir, name, []byte(data))
	}
}

const okRow = "1,acme,premium,email,2026-10-05T16:00:00Z,2026-10-05T16:30:00Z\n"

func badCases() []badCase {
	return []badCase{
		// Malformed CSV: a file error naming the line, exit 2.
		{name: "truncated-quote", file: "testdata/bad/truncated-quote.csv", code: 2},
		{name: "unbalanced-quotes", file: "testdata/bad/unbalanced-quotes.csv", code: 2},
		{name: "empty", file: "testdata/bad/empty.csv", code: 2},
		{name: "no-header", file: "testdata/bad/no-header.csv", code: 2},
		{name: "header-only", file: "testdata/bad/header-only.csv", code: 0},
		// SPEC §3 "CSV": when two headers map to one field the first wins.
		{name: "duplicate-headers", file: "testdata/bad/duplicate-headers.csv", code: 0},
		// SPEC §6 reads UTF-8: a UTF-16 file is a file error that says
		// how to convert it.
		{name: "utf16", file: "testdata/bad/utf16.csv", code: 2,
			check: func(r badRun) string {
				if !strings.Contains(r.stderr, "UTF-16") {
					return fmt.Sprintf("stderr %q does not say UTF-16", r.stderr)
				}
				return ""
			}},
		// A NUL byte or invalid UTF-8 in a field rejects the row, naming
		// the first such field.
		{name: "nul-bytes", file: "testdata/bad/nul-bytes.csv", code: 0,
			check: func(r badRun) string {
				if r.report == nil {
					return "no report"
				}
				for _, tk := range r.report.Tickets {
					if s := tk.ID + tk.Customer + tk.Plan + tk.Channel + tk.Priority; strings.ContainsRune(s, 0) {
						return fmt.Sprintf("ticket %q (%s) was audited with a NUL byte", tk.ID, tk.Source)
					}
				}
				return ""
			}},
		{name: "invalid-utf8", file: "testdata/bad/invalid-utf8.csv", code: 0,
			check: func(r badRun) string {
				if r.report == nil {
					return "no report"
				}
				for _, tk := range r.report.Tickets {
					if strings.ContainsRune(tk.ID+tk.Customer+tk.Plan+tk.Channel+tk.Priority, '\uFFFD') {
						return fmt.Sprintf("ticket %q (%s) was audited with invalid UTF-8", tk.ID, tk.Source)
					}
				}
				return ""
			}},
		// A field of 10 MB: the 1 MiB record limit stops it.
		{name: "field-10mb", code: 2, gen: genCSV("field-10mb.csv", func(b *bytes.Buffer) {
			b.WriteString(okRow)
			b.WriteString(`2,"`)
			b.Write(bytes.Repeat([]byte("x"), 10<<20))
			b.WriteString("\",premium,email,2026-10-05T16:00:00Z,\n")
		})},
		// SPEC §3 "Duplicate ids": the first one stays, every other is
		// rejected.
		{name: "duplicate-ids", code: 0, gen: genCSV("duplicate-ids.csv", func(b *bytes.Buffer) {
			for range 1000 {
				b.WriteString(okRow)
			}
		}), check: func(r badRun) string {
			if r.report == nil || r.report.Counts.Audited != 1 || r.report.Counts.Rejected != 999 {
				return "want 1 audited and 999 rejected"
			}
			return ""
		}},
		// Times at and past the edges of the calendar: a year outside
		// 1900–2199 is a row rejection (ingest.ParseTime), so that no
		// deadline leaves RFC 3339 (SPEC §7) and no lateness overflows.
		{name: "time-year-0000", file: "testdata/bad/time-year-0000.csv", code: 0},
		{name: "time-year-9999", file: "testdata/bad/time-year-9999.csv", code: 0,
			check: instantsAreRFC3339},
		{name: "time-year-0000-unanswered", file: "testdata/bad/time-year-0000-unanswered.csv", code: 0,
			check: func(r badRun) string {
				if r.report == nil {
					return ""
				}
				for _, tk := range r.report.Tickets {
					if tk.LateSeconds >= int64(math.MaxInt64/int64(time.Second)) {
						return fmt.Sprintf("ticket %q: late_seconds %d", tk.ID, tk.LateSeconds)
					}
				}
				return ""
			}},
		{name: "time-feb-30", file: "testdata/bad/time-feb-30.csv", code: 0},
		{name: "time-hour-24", file: "testdata/bad/time-hour-24.csv", code: 0},
		{name: "time-leap-second", file: "testdata/bad/time-leap-second.csv", code: 0},
		// The extreme offsets in use are valid: audited.
		{name: "offsets", file: "testdata/bad/offsets.csv", code: 1, check: func(r badRun) string {
			if r.report == nil || r.report.Counts.Audited != 2 {
				return "want both tickets audited"
			}
			return ""
		}},
		// SPEC §3.6: instants are compared exactly.
		{name: "response-1ns-early", file: "testdata/bad/response-1ns-early.csv", code: 0},
		// JSON.
		{name: "number-for-string", file: "testdata/bad/number-for-string.json", code: 1},
		{name: "deep-json-10000", code: 2, gen: genJSONDepth("deep.json", 10000),
			check: func(r badRun) string {
				if !strings.Contains(r.stderr, "deep.json:#0: JSON nests deeper than 64 levels") {
					return fmt.Sprintf("stderr %q", r.stderr)
				}
				return ""
			}},
		// Compressed input.
		{name: "corrupt-gzip", file: "testdata/bad/corrupt.csv.gz", code: 2},
		{name: "truncated-gzip", file: "testdata/bad/truncated.csv.gz", code: 2},
		{name: "gzip-bomb", file: "testdata/bad/bomb.csv.gz", args: []string{"--max-input-bytes", "1000000"}, code: 2},
		// Plans and accounts files.
		{name: "plans-alias-bomb", file: "testdata/bad/tickets.csv", args: []string{"--plans", "testdata/bad/alias-bomb.yaml"}, code: 2},
		{name: "accounts-negative-fee", file: "testdata/bad/tickets.csv", args: []string{"--accounts", "testdata/bad/accounts-negative-fee.csv"}, code: 2},
		{name: "accounts-fee-1e400", file: "testdata/bad/tickets.csv", args: []string{"--accounts", "testdata/bad/accounts-fee-1e400.csv"}, code: 2},
		// The reports of hostile values are checked by TestHostileReports;
		// here, that they are read as ordinary tickets.
		{name: "hostile", file: "testdata/bad/hostile.csv", code: 1},

		// Limits (ingest package doc, README "Limits").
		{name: "limit-record-2mib", code: 2, gen: genCSV("record-2mib.csv", func(b *bytes.Buffer) {
			b.WriteString(okRow)
			b.WriteString("2,")
			b.Write(bytes.Repeat([]byte("x"), 2<<20))
			b.WriteString(",premium,email,2026-10-05T16:00:00Z,\n")
		})},
		{name: "limit-record-under-1mib", code: 0, gen: genCSV("record-under-1mib.csv", func(b *bytes.Buffer) {
			b.WriteString(okRow)
			b.WriteString("2,")
			b.Write(bytes.Repeat([]byte("x"), 1<<20-100))
			b.WriteString(",premium,email,2026-10-05T16:00:00Z,2026-10-05T16:30:00Z\n")
		})},
		{name: "limit-ndjson-line-2mib", code: 2, gen: func(t *testing.T, dir string) string {
			data := `{"id": "1", "submitted_at": "2026-10-05T16:00:00Z", "customer": "` + strings.Repeat("x", 2<<20) + "\"}\n"
			return writeFile(t, dir, "line-2mib.ndjson", []byte(data))
		}},
		{name: "limit-json-element-2mib", code: 2, gen: func(t *testing.T, dir string) string {
			data := `[{"id": "1", "submitted_at": "2026-10-05T16:00:00Z", "customer": "acme"},` + "\n" +
				`{"id": "2", "submitted_at": "2026-10-05T16:00:00Z", "customer": "` + strings.Repeat("x", 2<<20) + "\"}]\n"
			return writeFile(t, dir, "element-2mib.json", []byte(data))
		}},
		{name: "limit-json-depth-64", code: 0, gen: genJSONDepth("depth-64.json", 64)},
		{name: "limit-json-depth-65", code: 2, gen: genJSONDepth("depth-65.json", 65)},
		{name: "limit-input-bytes-at", code: 0, args: []string{"--max-input-bytes", strconv.Itoa(len(badHeader + okRow))},
			gen: genCSV("at-limit.csv", func(b *bytes.Buffer) { b.WriteString(okRow) })},
		{name: "limit-input-bytes-over", code: 2, args: []string{"--max-input-bytes", strconv.Itoa(len(badHeader+okRow) - 1)},
			gen: genCSV("over-limit.csv", func(b *bytes.Buffer) { b.WriteString(okRow) }),
			check: func(r badRun) string {
				if r.code != 2 || !strings.Contains(r.stderr, "input is larger than the size limit") {
					return fmt.Sprintf("exit %d, stderr %q", r.code, r.stderr)
				}
				return ""
			}},
		{name: "limit-input-bytes-over-by-many", code: 2, args: []string{"--max-input-bytes", strconv.Itoa(len(badHeader) + 10)},
			gen: genCSV("over-limit.csv", func(b *bytes.Buffer) { b.WriteString(okRow) })},
		// A negative limit turns it off: the bomb is read to its end.
		{name: "limit-input-bytes-off", file: "testdata/bad/bomb.csv.gz", args: []string{"--max-input-bytes", "-1"}, code: 0},
		{name: "limit-blank-lines", code: 0, gen: genCSV("blank-lines.csv", func(b *bytes.Buffer) {
			b.Write(bytes.Repeat([]byte("\n"), 2<<20))
			b.WriteString(okRow)
		}),
			check: func(r badRun) string {
				if r.code != 0 || r.report == nil || r.report.Counts.Audited != 1 {
					return fmt.Sprintf("exit %d, stderr %q", r.code, r.stderr)
				}
				return ""
			}},
	}
}

// TestBadInput runs check on every adversarial input and compares the exit
// status, stderr and the JSON report's counts and rejected rows with the
// golden file testdata/bad/<name>.golden.
func TestBadInput(t *testing.T) {
	for _, tc := range badCases() {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			input := tc.file
			if tc.gen != nil {
				input = tc.gen(t, dir)
			}
			// --allow-empty: these cases look at how rows are rejected,
			// also when every row is (SPEC §13 has TestEmptyAuditFails).
			args := append([]string{"check", input, "--as-of", badAsOf, "-o", "json", "--allow-empty"}, tc.args...)
			stdout, stderr, code := runCLI(t, nil, args...)
			r := badRun{input: input, stdout: stdout, stderr: stderr, code: code}
			var rep badReport
			if code != 2 && json.Unmarshal([]byte(stdout), &rep) == nil {
				r.report = &rep
			}
			if tc.check != nil {
				if problem := tc.check(r); problem != "" {
					t.Error(problem)
				}
			}
			if code != tc.code {
				t.Errorf("exit status = %d, want %d\nstderr: %s", code, tc.code, stderr)
			}
			checkBadRun(t, r)
			got := badGolden(r)
			if tc.gen != nil {
				got = strings.ReplaceAll(got, dir, "$TMP")
			}
			golden(t, filepath.Join("bad", tc.name+".golden"), got)
		})
	}
}

// checkBadRun asserts what holds for every run: an error is one line on
// stderr with no report; otherwise stderr is empty, the report's counts add
// up (SPEC §3.7) and every rejected row names a position inside its file.
const noRowsNote = "slaaudit: note: the input has no ticket rows; nothing was audited\n"

func checkBadRun(t *testing.T, r badRun) {
	t.Helper()
	if r.code == 2 {
		if r.stdout != "" {
			t.Errorf("exit 2 with a report on stdout:\n%.500s", r.stdout)
		}
		if !strings.HasPrefix(r.stderr, "slaaudit: ") || strings.Count(r.stderr, "\n") != 1 || !strings.HasSuffix(r.stderr, "\n") {
			t.Errorf("stderr %q is not one line starting \"slaaudit: \"", r.stderr)
		}
		return
	}
	// SPEC §9: a run that succeeds may warn (a field two headers could
	// feed), and SPEC §13: an input with no rows gets a note; it prints
	// nothing else on stderr.
	for _, line := range strings.SplitAfter(r.stderr, "\n") {
		if line != "" && line != noRowsNote && (!strings.HasPrefix(line, "slaaudit: warning: ") || !strings.HasSuffix(line, "\n")) {
			t.Errorf("stderr = %q, want nothing but warnings", r.stderr)
			break
		}
	}
	if r.report == nil {
		t.Fatalf("stdout is not a JSON report:\n%.500s", r.stdout)
	}
	rep := *r.report
	c := rep.Counts
	if c.Rows != c.Audited+c.Excluded+c.Rejected+c.OutsidePeriod+c.Filtered {
		t.Errorf("counts %+v do not add up", c)
	}
	if c.Rejected != len(rep.Rejected) || c.Audited+c.Excluded != len(rep.Tickets) {
		t.Errorf("counts %+v, but %d rejected rows and %d tickets listed", c, len(rep.Rejected), len(rep.Tickets))
	}
	lines := -1 // unknown (compressed input)
	if !strings.HasSuffix(r.input, ".gz") {
		path := r.input
		if !filepath.IsAbs(path) {
			path = filepath.Join("..", path)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines = bytes.Count(data, []byte("\n")) + 1
	}
	for _, rj := range rep.Rejected {
		checkPosition(t, rj.Source, r.input, lines)
	}
	for _, tk := range rep.Tickets {
		checkPosition(t, tk.Source, r.input, lines)
	}
}

var positionRE = regexp.MustCompile(`^(.*):(#?)(\d+)$`)

// checkPosition asserts that src is "input:line" with line inside a file of
// lines lines (-1: unknown), or "input:#index".
func checkPosition(t *testing.T, src, input string, lines int) {
	t.Helper()
	m := positionRE.FindStringSubmatch(src)
	if m == nil || m[1] != input {
		t.Errorf("position %q does not name %s", src, input)
		return
	}
	n, _ := strconv.Atoi(m[3])
	if m[2] == "" && (n < 1 || (lines >= 0 && n > lines)) {
		t.Errorf("position %q is outside the file's %d lines", src, lines)
	}
}

// badGolden formats a run for its golden file: the exit status, stderr, and
// from a JSON report the counts and up to five rejected rows.
func badGolden(r badRun) string {
	var b strings.Builder
	fmt.Fprintf(&b, "exit: %d\n", r.code)
	if r.stderr == "" {
		b.WriteString("stderr:\n")
	} else {
		fmt.Fprintf(&b, "stderr: %s\n", strings.TrimSuffix(r.stderr, "\n"))
	}
	if r.report == nil {
		return b.String()
	}
	c := r.report.Counts
	fmt.Fprintf(&b, "counts: rows=%d audited=%d excluded=%d rejected=%d outside_period=%d\n",
		c.Rows, c.Audited, c.Excluded, c.Rejected, c.OutsidePeriod)
	const show = 5
	for i, rj := range r.report.Rejected {
		if i == show {
			fmt.Fprintf(&b, "rejected: … and %d more\n", len(r.report.Rejected)-show)
			break
		}
		fmt.Fprintf(&b, "rejected: %s: %s: %s\n", rj.Source, rj.Field, rj.Error)
	}
	return b.String()
}

// instantsAreRFC3339 checks SPEC §7: every instant of the report is RFC 3339.
func instantsAreRFC3339(r badRun) string {
	if r.report == nil {
		return ""
	}
	for _, tk := range r.report.Tickets {
		for _, s := range []*string{&tk.SubmittedAt, tk.Deadline, tk.FirstResponseAt} {
			if s == nil {
				continue
			}
			if _, err := time.Parse(time.RFC3339Nano, *s); err != nil {
				return fmt.Sprintf("ticket %q: %q is not RFC 3339", tk.ID, *s)
			}
		}
	}
	return ""
}

// TestBadCorpusCovered checks that every file in testdata/bad is an input
// of a case, and that every golden file belongs to one.
func TestBadCorpusCovered(t *testing.T) {
	used := map[string]bool{}
	for _, tc := range badCases() {
		used["testdata/bad/"+tc.name+".golden"] = true
		if tc.file != "" {
			used[tc.file] = true
		}
		for _, a := range tc.args {
			used[a] = true
		}
	}
	used["testdata/bad/hostile.csv"] = true // also TestHostileReports
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "bad", "*"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	for _, p := range paths {
		rel := filepath.ToSlash(strings.TrimPrefix(p, ".."+string(filepath.Separator)))
		if !used[rel] {
			t.Errorf("%s is not used by any case of TestBadInput", rel)
		}
	}
}

// TestBombIsSmall keeps the committed gzip bomb what its case says it is: a
// small file that expands to 10 MB.
func TestBombIsSmall(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "testdata", "bad", "bomb.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > 32<<10 || n < 10<<20-1024 {
		t.Errorf("bomb.csv.gz is %d bytes and expands to %d; want under 32 KiB expanding to about 10 MiB", st.Size(), n)
	}
}

// TestHostileReports feeds customers and ids built to break reports — XML
// markup, Markdown pipes, spreadsheet formulas, newlines and a GitHub
// workflow command — through every text format, and checks each report's
// structure survives (SPEC §7).
func TestHostileReports(t *testing.T) {
	const input = "testdata/bad/hostile.csv"
	raw, err := os.ReadFile(filepath.Join("..", input))
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	tickets := records[1:] // id, customer, plan, channel, priority, …
	run := func(t *testing.T, format string) string {
		t.Helper()
		out, errOut, code := runCLI(t, nil, "check", input, "--as-of", badAsOf, "-o", format)
		if code != 1 || errOut != "" {
			t.Fatalf("exit %d, stderr %q; want 1 and nothing", code, errOut)
		}
		return out
	}

	t.Run("junit", func(t *testing.T) {
		out := run(t, "junit")
		type testcase struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
		}
		var doc struct {
			XMLName xml.Name `xml:"testsuites"`
			Suites  []struct {
				Cases []testcase `xml:"testcase"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("JUnit does not parse: %v", err)
		}
		// Only the elements of a JUnit report, however the input is spelt.
		dec := xml.NewDecoder(strings.NewReader(out))
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("JUnit token: %v", err)
			}
			if se, ok := tok.(xml.StartElement); ok {
				switch se.Name.Local {
				case "testsuites", "testsuite", "testcase", "failure", "properties", "property", "system-out", "skipped":
				default:
					t.Errorf("element <%s> in the JUnit report", se.Name.Local)
				}
			}
		}
		var cases []testcase
		for _, s := range doc.Suites {
			cases = append(cases, s.Cases...)
		}
		if len(cases) != len(tickets) {
			t.Fatalf("%d test cases, want %d", len(cases), len(tickets))
		}
		// The hostile text survives as text.
		for i, tc := range cases {
			id, customer := tickets[i][0], tickets[i][1]
			if tc.Failure == nil || !strings.Contains(tc.Failure.Body, id) || !strings.Contains(tc.Failure.Body, customer) {
				t.Errorf("test case %q does not carry id %q and customer %q as text", tc.Name, id, customer)
			}
		}
	})

	t.Run("markdown", func(t *testing.T) {
		out := run(t, "markdown")
		if strings.Contains(out, "<script") || strings.Contains(out, "</failure>") {
			t.Errorf("raw HTML from the input in the Markdown report")
		}
		rows := 0
		for _, table := range strings.Split(out, "\n\n") {
			var want int
			for i, line := range strings.Split(strings.TrimSpace(table), "\n") {
				if !strings.HasPrefix(line, "|") {
					break
				}
				// Count the pipes not escaped with a backslash.
				n := 0
				for j := range len(line) {
					if line[j] == '|' && (j == 0 || line[j-1] != '\\') {
						n++
					}
				}
				if i == 0 {
					want = n
				} else if n != want {
					t.Errorf("row has %d cell separators, the header %d: %s", n, want, line)
				}
				rows++
			}
		}
		if rows == 0 {
			t.Fatal("no Markdown table")
		}
		for _, tk := range tickets {
			if !strings.Contains(out, "| "+mdID(tk[0])+" |") {
				t.Errorf("breach %q is not a row of its own", tk[0])
			}
		}
	})

	t.Run("csv", func(t *testing.T) {
		out := run(t, "csv")
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("CSV report does not parse: %v", err)
		}
		if len(recs) != len(tickets)+1 {
			t.Fatalf("%d records, want a header and %d", len(recs), len(tickets))
		}
		header := recs[0]
		col := map[string]int{}
		for i, h := range header {
			col[h] = i
		}
		for i, rec := range recs[1:] {
			if len(rec) != len(header) {
				t.Errorf("record %d has %d fields, want %d", i+1, len(rec), len(header))
			}
			for _, cell := range rec {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("cell %q starts a formula", cell)
				}
			}
			// Round trip: dropping the protective quote gives the input.
			for j, name := range []string{"id", "customer", "plan", "channel", "priority"} {
				if name == "plan" {
					continue // normalised to the plan key
				}
				got := strings.TrimPrefix(rec[col[name]], "'")
				if want := tickets[i][j]; got != want && rec[col[name]] != want {
					t.Errorf("%s = %q, want %q", name, rec[col[name]], want)
				}
			}
		}
	})

	t.Run("github", func(t *testing.T) {
		out := run(t, "github")
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		annotations := 0
		for _, line := range lines {
			switch {
			case strings.HasPrefix(line, "::error "), strings.HasPrefix(line, "::warning "):
				annotations++
			case strings.HasPrefix(line, "::notice "):
			default:
				t.Errorf("line %q is not a workflow command of its own", line)
			}
		}
		if annotations != len(tickets) {
			t.Errorf("%d annotations, want one per breach (%d):\n%s", annotations, len(tickets), out)
		}
	})
}

// mdID is how the Markdown report writes an id: newlines as spaces.
func mdID(id string) string {
	return strings.Join(strings.Fields(id), " ")
}

// TestLimitsDocumented checks that --help states the decompression limit's
// default, which no test reads 4 GiB to reach.
func TestLimitsDocumented(t *testing.T) {
	out, _, code := runCLI(t, nil, "check", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if strings.Contains(sc.Text(), "--max-input-bytes") {
			if !strings.Contains(sc.Text(), "4 GiB") {
				t.Errorf("--max-input-bytes help %q does not give the 4 GiB default", sc.Text())
			}
			return
		}
	}
	t.Error("no --max-input-bytes in check --help")
}
