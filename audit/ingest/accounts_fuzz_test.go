package ingest

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

// acctErrPos finds the position an accounts error starts with.
var acctErrPos = regexp.MustCompile(`^f\.(csv|json)(?::(#?)(\d+))?: `)

// FuzzReadAccounts reads arbitrary accounts files, as CSV and as JSON. A file
// is invalid as a whole (SPEC §5: an error wrapping ErrAccounts, on one line,
// naming the file and a position inside it) or gives rows that obey SPEC §6
// "Accounts": a trimmed customer, a known plan, an upper-case ISO 4217
// currency, a fee that is unknown or a non-negative amount in that currency's
// minor unit, and positions in file order.
func FuzzReadAccounts(f *testing.F) {
	for _, glob := range []string{
		filepath.Join("..", "..", "testdata", "accounts*.csv"),
		filepath.Join("..", "..", "testdata", "accounts", "*"),
		filepath.Join("..", "..", "testdata", "bad", "accounts-*"),
	} {
		paths, err := filepath.Glob(glob)
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(string(data), strings.HasSuffix(p, ".json"))
		}
	}
	f.Add(acctHeader+"a,premium,TRUE,0.5,kwd,2026-01-01,2026-02-01T00:00:00Z\n\"a\nb\",24/7,,,,,\n", false)
	f.Add(`[{"customer":" a ","plan":"Premium","monthly_fee":1.25,"term_contract":false},{"customer":"b","plan":"x"}]`, true)
	f.Add(`{"accounts":[{"customer":"a","plan":"limited","monthly_fee":"1e400"}]}`, true)
	la := mustZone(f, "America/Los_Angeles")
	set := plans.Builtin()
	f.Fuzz(func(t *testing.T, data string, asJSON bool) {
		name := "f.csv"
		if asJSON {
			name = "f.json"
		}
		rows, err := ReadAccounts(strings.NewReader(data), name, la, set)
		lines := strings.Count(data, "\n") + 1
		if err != nil {
			if rows != nil {
				t.Fatalf("rows and the error %v", err)
			}
			if !errors.Is(err, ErrAccounts) {
				t.Fatalf("error %v does not wrap ErrAccounts", err)
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\r\n") {
				t.Fatalf("error %q is not one line", msg)
			}
			m := acctErrPos.FindStringSubmatch(msg)
			if m == nil {
				t.Fatalf("error %q does not start with the file name", msg)
			}
			if m[3] != "" && m[2] == "" {
				if n, _ := strconv.Atoi(m[3]); n < 1 || n > lines {
					t.Fatalf("error %q names a line outside the file's %d", msg, lines)
				}
			}
			return
		}
		prev := 0
		for i, a := range rows {
			if a.Customer == "" || a.Customer != strings.TrimSpace(a.Customer) {
				t.Fatalf("row %d: customer %q", i, a.Customer)
			}
			if !set.Knows(a.Plan) || a.Plan != strings.TrimSpace(a.Plan) {
				t.Fatalf("row %d: plan %q", i, a.Plan)
			}
			minor, ok := audit.MinorUnit(a.Currency)
			if !ok || a.Currency != strings.ToUpper(a.Currency) {
				t.Fatalf("row %d: currency %q", i, a.Currency)
			}
			if fee := a.MonthlyFee; fee != nil {
				if fee.IsNegative() || !fee.Equal(fee.Round(int32(minor))) {
					t.Fatalf("row %d: fee %v %s", i, fee, a.Currency)
				}
			}
			src := a.Source
			if src.File != name {
				t.Fatalf("row %d: source %v", i, src)
			}
			if asJSON != src.IsIndex {
				t.Fatalf("row %d: source %v for %s", i, src, name)
			}
			if src.IsIndex {
				if src.Index != i {
					t.Fatalf("row %d at %v", i, src)
				}
			} else if src.Line < 2 || src.Line > lines || src.Line <= prev {
				t.Fatalf("row %d at line %d, after line %d, in a file of %d lines", i, src.Line, prev, lines)
			} else {
				prev = src.Line
			}
		}
		// Reading is deterministic.
		again, err := ReadAccounts(strings.NewReader(data), name, la, set)
		if err != nil || !reflect.DeepEqual(again, rows) {
			t.Fatalf("a second read differs: %v", err)
		}
		// A valid file indexes or names its overlap; an indexed row is in
		// effect from its start.
		accts, err := audit.NewAccounts(rows)
		if err != nil {
			if !strings.HasPrefix(err.Error(), name+":") {
				t.Fatalf("NewAccounts error %q does not name the file", err)
			}
			return
		}
		for i := range rows {
			a := &rows[i]
			at := a.From
			if at.IsZero() {
				if !a.To.IsZero() {
					at = a.To.Add(-time.Nanosecond)
				} else {
					at = time.Date(2026, 10, 1, 0, 0, 0, 0, la)
				}
			}
			got := accts.InEffect(a.Customer, at)
			if got == nil || got.Source != a.Source {
				t.Fatalf("row %d (%v) is not in effect at %v: %v", i, a.Source, at, got)
			}
		}
	})
}

// TestReadAccountsSizeLimit checks that an accounts file larger than
// MaxAccountsBytes is refused, however valid its start.
func TestReadAccountsSizeLimit(t *testing.T) {
	la := mustZone(t, "America/Los_Angeles")
	// A header, one row, then blank lines, one byte past the limit.
	head := acctHeader + "acme,premium,true,1200.00,USD,,\n"
	in := io.MultiReader(strings.NewReader(head), io.LimitReader(newlines{}, int64(MaxAccountsBytes+1-len(head))))
	_, err := ReadAccounts(in, "big.csv", la, plans.Builtin())
	if want := "big.csv: the file is larger than 64 MiB"; err == nil || err.Error() != want || !errors.Is(err, ErrAccounts) {
		t.Fatalf("got %v, want %q", err, want)
	}
}

// newlines reads as an endless run of blank lines.
type newlines struct{}

func (newlines) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '\n'
	}
	return len(p), nil
}
