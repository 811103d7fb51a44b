package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

func acctLA(t *testing.T) *time.Location {
	t.Helper()
	loc := mustZone(t, "America/Los_Angeles")
	return loc
}

const acctHeader = "customer,plan,term_contract,monthly_fee,currency,from,to\n"

func TestReadAccountsErrors(t *testing.T) {
	tests := []struct {
		name, file, input, want string
	}{
		{"unknown plan", "accounts.csv",
			acctHeader + "a,premium,yes,1,,,\nb,standard,no,,,,\nc,24x7,1,,,,\nd,platinum,yes,1,,,\n",
			`accounts.csv:5: plan: unknown plan "platinum"`},
		{"unknown plan line 4", "accounts.csv",
			acctHeader + "a,premium,yes,1,,,\nb,standard,no,,,,\nd,platinum,yes,1,,,\n",
			`accounts.csv:4: plan: unknown plan "platinum"`},
		{"bad term_contract", "accounts.csv",
			acctHeader + "a,premium,yes,1,,,\nb,premium,yes,1,,,\nc,premium,yes,1,,,\nd,premium, maybe ,1,,,\n",
			`accounts.csv:5: term_contract: "maybe" is not true/false/yes/no/1/0`},
		{"comma decimal", "accounts.csv",
			acctHeader + "a,premium,yes,1,,,\nb,premium,yes,1,,,\nc,premium,yes,1,,,\nd,premium,yes,1,,,\ne,premium,yes,\"12,00\",,,\n",
			`accounts.csv:6: monthly_fee: "12,00" is not a decimal number`},
		{"negative fee", "accounts.csv", acctHeader + "a,premium,yes,-5.00,,,\n",
			`accounts.csv:2: monthly_fee: "-5.00" is negative`},
		{"exponent fee", "accounts.csv", acctHeader + "a,premium,yes,1e400,,,\n",
			`accounts.csv:2: monthly_fee: "1e400" is not a decimal number`},
		{"fee with plus", "accounts.csv", acctHeader + "a,premium,yes,+5,,,\n",
			`accounts.csv:2: monthly_fee: "+5" is not a decimal number`},
		{"too many decimals USD", "accounts.csv", acctHeader + "a,premium,yes,12.345,,,\n",
			`accounts.csv:2: monthly_fee: "12.345" has more decimal places than USD has (2)`},
		{"decimals on JPY", "accounts.csv", acctHeader + "a,premium,yes,100.5,JPY,,\n",
			`accounts.csv:2: monthly_fee: "100.5" has more decimal places than JPY has (0)`},
		{"unknown currency", "accounts.csv", acctHeader + "a,premium,yes,1,XYZ,,\n",
			`accounts.csv:2: currency: "XYZ" is not an ISO 4217 currency code`},
		{"missing customer", "accounts.csv", acctHeader + "a,premium,yes,1,,,\n  ,premium,yes,1,,,\n",
			`accounts.csv:3: customer: missing`},
		{"missing plan", "accounts.csv", acctHeader + "a,,yes,1,,,\n",
			`accounts.csv:2: plan: missing`},
		{"bad from", "accounts.csv", acctHeader + "a,premium,yes,1,,2026-13-01,\n",
			`accounts.csv:2: from: "2026-13-01" is not a date (2006-01-02) or an RFC 3339 instant`},
		{"bad to", "accounts.csv", acctHeader + "a,premium,yes,1,,,10/01/2026\n",
			`accounts.csv:2: to: "10/01/2026" is not a date (2006-01-02) or an RFC 3339 instant`},
		{"position after a quoted newline", "accounts.csv",
			acctHeader + "\"a\nb\",premium,yes,1,,,\nc,platinum,yes,1,,,\n",
			`accounts.csv:4: plan: unknown plan "platinum"`},
		{"no customer column", "accounts.csv", "name,plan\na,premium\n",
			`accounts.csv:1: no customer column (looked for "customer"; the header has "name", "plan")`},
		// The issue: a header "Term" instead of term_contract silently
		// zeroed every credit.
		{"Term is not term_contract", "accounts.csv", "customer,plan,Term,monthly_fee\na,premium,yes,100\n",
			`accounts.csv:1: no term_contract column (looked for "term_contract"; the header has "customer", "plan", "Term", "monthly_fee")`},
		{"no monthly_fee column", "accounts.csv", "customer,plan,term_contract,fee\na,premium,yes,100\n",
			`accounts.csv:1: no monthly_fee column (looked for "monthly_fee"; the header has "customer", "plan", "term_contract", "fee")`},
		{"JSON without term_contract", "accounts.json", `[{"customer":"a","plan":"premium","Term":true,"monthly_fee":1}]`,
			`accounts.json: no record has a key for term_contract (looked for "term_contract")`},
		{"empty file", "accounts.csv", "",
			`accounts.csv: the file is empty (want a header line: customer,plan,term_contract,monthly_fee,currency,from,to)`},
		{"csv syntax", "accounts.csv", acctHeader + "a,pre\"mium,yes,1,,,\n",
			`accounts.csv:2: bare " in non-quoted-field`},
		{"json unknown plan", "accounts.json",
			`[{"customer":"a","plan":"premium"},{"customer":"b","plan":"platinum"}]`,
			`accounts.json:#1: plan: unknown plan "platinum"`},
		{"json exponent number", "accounts.json",
			`[{"customer":"a","plan":"premium","monthly_fee":1e400}]`,
			`accounts.json:#0: monthly_fee: "1e400" is not a decimal number`},
		{"json object fee", "accounts.json",
			`[{"customer":"a","plan":"premium","monthly_fee":{"amount":1}}]`,
			`accounts.json:#0: monthly_fee: want a string, number or boolean`},
		{"json wrong shape", "accounts.json", `{"rows": []}`,
			`accounts.json: want an array of accounts objects or {"accounts": [...]}`},
		{"json not an object", "accounts.json", `[{"customer":"a","plan":"premium"}, 3]`,
			`accounts.json:#1: not an object`},
	}
	set := plans.Builtin()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ReadAccounts(strings.NewReader(tt.input), tt.file, acctLA(t), set)
			if err == nil {
				t.Fatalf("got rows %+v, want error %q", rows, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got error\n%s\nwant\n%s", got, tt.want)
			}
			if !errors.Is(err, ErrAccounts) {
				t.Errorf("got error %v, want it to match ErrAccounts", err)
			}
		})
	}
}

func TestReadAccountsRejectionPosition(t *testing.T) {
	_, err := ReadAccounts(strings.NewReader(acctHeader+"a,premium,maybe,,,,\n"), "x.csv", acctLA(t), plans.Builtin())
	var r *audit.Rejection
	if !errors.As(err, &r) {
		t.Fatalf("got %v, want an *audit.Rejection", err)
	}
	if r.Source.Line != 2 || r.Field != "term_contract" {
		t.Errorf("got line %d field %q, want line 2 field term_contract", r.Source.Line, r.Field)
	}
}

// acctWant is an Account written with strings for the decimal and times.
type acctWant struct {
	customer, plan string
	term           bool
	fee            string // "" = unknown
	currency       string
	from, to       string // RFC 3339, "" = open
	source         string
}

func acctCheck(t *testing.T, got []audit.Account, want []acctWant) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		fee := ""
		if g.MonthlyFee != nil {
			fee = g.MonthlyFee.String()
		}
		ts := func(x time.Time) string {
			if x.IsZero() {
				return ""
			}
			return x.Format(time.RFC3339)
		}
		gw := acctWant{g.Customer, g.Plan, g.TermContract, fee, g.Currency, ts(g.From), ts(g.To), g.Source.String()}
		if gw != w {
			t.Errorf("row %d: got %+v, want %+v", i, gw, w)
		}
	}
}

func TestReadAccountsFixtures(t *testing.T) {
	// The CSV fixture has a BOM, CRLF line ends, headers spelled with
	// spaces, '-' and capitals, a quoted comma and a blank line; the JSON one
	// says the same rows with a numeric fee, booleans, null and keys spelled
	// differently.
	tests := []struct {
		file string
		src  []string
	}{
		{"accounts.csv", []string{"accounts.csv:2", "accounts.csv:3", "accounts.csv:4", "accounts.csv:6"}},
		{"accounts.json", []string{"accounts.json:#0", "accounts.json:#1", "accounts.json:#2", "accounts.json:#3"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("..", "..", "testdata", "accounts", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := ReadAccounts(f, tt.file, acctLA(t), plans.Builtin())
			if err != nil {
				t.Fatal(err)
			}
			acctCheck(t, rows, []acctWant{
				// Dates are midnights in the given zone (PDT, then PST).
				{"acme", "Premium Support", true, "1200", "USD", "", "2026-10-15T00:00:00-07:00", tt.src[0]},
				{"acme", "24/7", true, "2500.5", "USD", "2026-10-15T00:00:00-07:00", "", tt.src[1]},
				{"Globex, Inc.", "standard", false, "", "EUR", "", "", tt.src[2]},
				{"Initech", "limited", false, "150000", "JPY", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00-08:00", tt.src[3]},
			})
		})
	}
}

func TestReadAccountsValues(t *testing.T) {
	tests := []struct {
		name, input string
		want        acctWant
	}{
		{"term spellings are case-insensitive", acctHeader + " acme ,premium,Yes,1200.00,kwd,,\n",
			acctWant{"acme", "premium", true, "1200", "KWD", "", "", "a.csv:2"}},
		{"trailing zeros beyond the minor unit", acctHeader + "acme,premium,1,1200.500,USD,,\n",
			acctWant{"acme", "premium", true, "1200.5", "USD", "", "", "a.csv:2"}},
		{"three digits for BHD", acctHeader + "acme,premium,0,10.125,bhd,,\n",
			acctWant{"acme", "premium", false, "10.125", "BHD", "", "", "a.csv:2"}},
		{"ISO minor unit where CLDR has none", acctHeader + "acme,premium,no,10.50,IDR,,\n",
			acctWant{"acme", "premium", false, "10.5", "IDR", "", "", "a.csv:2"}},
		{"code newer than CLDR 32", acctHeader + "acme,premium,FALSE,10.50,MRU,,\n",
			acctWant{"acme", "premium", false, "10.5", "MRU", "", "", "a.csv:2"}},
		{"short row is padded", "customer,plan,term_contract,monthly_fee\nacme,premium\n",
			acctWant{"acme", "premium", false, "", "USD", "", "", "a.csv:2"}},
		{"first of two headers wins", "customer,plan,Plan,term_contract,monthly_fee\nacme,premium,24x7,yes,\n",
			acctWant{"acme", "premium", true, "", "USD", "", "", "a.csv:2"}},
		{"unknown columns are ignored", "region,customer,plan,term_contract,monthly_fee\nEU,acme,premium,,\n",
			acctWant{"acme", "premium", false, "", "USD", "", "", "a.csv:2"}},
		{"date in summer and RFC 3339 instant", acctHeader + "acme,premium,no,,,2026-07-01,2026-12-01T10:00:00+01:00\n",
			acctWant{"acme", "premium", false, "", "USD", "2026-07-01T00:00:00-07:00", "2026-12-01T10:00:00+01:00", "a.csv:2"}},
		{"sniffed JSON without extension", `[{"customer":"acme","plan":"premium","term_contract":false,"monthly_fee":"0.05"}]`,
			acctWant{"acme", "premium", false, "0.05", "USD", "", "", "a.csv:#0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "a.csv"
			if strings.HasPrefix(tt.input, "[") {
				name = "a" // no extension: the content decides
				tt.want.source = "a:#0"
			}
			rows, err := ReadAccounts(strings.NewReader(tt.input), name, acctLA(t), plans.Builtin())
			if err != nil {
				t.Fatal(err)
			}
			acctCheck(t, rows, []acctWant{tt.want})
		})
	}
}

func TestReadAccountsJSONNumberIsExact(t *testing.T) {
	// A float64 would turn 0.1 + 1e-17 digits into noise; json.Number keeps
	// the text.
	rows, err := ReadAccounts(strings.NewReader(`[{"customer":"a","plan":"premium","term_contract":null,"monthly_fee":123456789012345678.91}]`),
		"a.json", acctLA(t), plans.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rows[0].MonthlyFee.String(), "123456789012345678.91"; got != want {
		t.Errorf("got fee %s, want %s", got, want)
	}
}

func TestOpenAccounts(t *testing.T) {
	loc := acctLA(t)
	dir := filepath.Join("..", "..", "testdata", "accounts")
	accts, err := OpenAccounts(filepath.Join(dir, "accounts.csv"), loc, plans.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 10, 14, 23, 59, 59, 0, loc), "Premium Support"},
		{time.Date(2026, 10, 15, 0, 0, 0, 0, loc), "24/7"}, // from inclusive, to exclusive
	} {
		got := accts.InEffect("acme", tt.at)
		if got == nil || got.Plan != tt.want {
			t.Errorf("InEffect(acme, %v): got %+v, want plan %q", tt.at, got, tt.want)
		}
	}

	path := filepath.Join(dir, "overlap.csv")
	_, err = OpenAccounts(path, loc, plans.Builtin())
	want := path + `:4: customer "acme": row overlaps the row at ` + path + ":2"
	if err == nil || err.Error() != want {
		t.Errorf("got error %v, want %s", err, want)
	}
	if !errors.Is(err, ErrAccounts) {
		t.Errorf("got error %v, want it to match ErrAccounts", err)
	}

	_, err = OpenAccounts(filepath.Join(dir, "missing.csv"), loc, plans.Builtin())
	if err == nil || errors.Is(err, ErrAccounts) {
		t.Errorf("got error %v, want a read error that is not ErrAccounts", err)
	}
}
