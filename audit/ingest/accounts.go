package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gocarina/gocsv"
	"github.com/shopspring/decimal"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

// ErrAccounts is wrapped by every error ReadAccounts and OpenAccounts return
// for a file that was read but is invalid: SPEC §5 makes the whole accounts
// file invalid (exit status 2) when any row is.
var ErrAccounts = errors.New("invalid accounts file")

// MaxAccountsBytes bounds the size of an accounts file, which is read
// whole: 64 MiB is about a million customers.
const MaxAccountsBytes = 64 << 20

// acctRow is one accounts record with every field as written. CSV rows are
// mapped onto it by gocsv through the canonical header names of the tags;
// JSON objects fill it by the same names.
type acctRow struct {
	Customer     string `csv:"customer"`
	Plan         string `csv:"plan"`
	TermContract string `csv:"term_contract"`
	MonthlyFee   string `csv:"monthly_fee"`
	Currency     string `csv:"currency"`
	From         string `csv:"from"`
	To           string `csv:"to"`
}

// acctFields maps a header or key, normalised by acctNormKey, to the
// canonical field name of SPEC §6 "Accounts".
var acctFields = map[string]string{
	"customer":     "customer",
	"plan":         "plan",
	"termcontract": "term_contract",
	"monthlyfee":   "monthly_fee",
	"currency":     "currency",
	"from":         "from",
	"to":           "to",
}

// acctFieldNames are the fields of an accounts file, in the order of
// SPEC §6.
var acctFieldNames = []string{"customer", "plan", "term_contract", "monthly_fee", "currency", "from", "to"}

// acctNormKey matches headers case-insensitively, ignoring spaces, '_' and
// '-' (SPEC §6), and a stray BOM or zero-width space.
func acctNormKey(h string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '_', '-', '\uFEFF', '\u200B':
			return -1
		}
		return r
	}, strings.ToLower(h))
}

// acctError is a positioned accounts-file error: "accounts.csv:4: plan:
// unknown plan "platinum"". It matches ErrAccounts and *audit.Rejection.
func acctError(src audit.Source, field, format string, args ...any) error {
	r := &audit.Rejection{Source: src, Field: field, Reason: fmt.Sprintf(format, args...)}
	return &acctInvalid{r}
}

// acctInvalid marks err as an invalid-file error without changing its text,
// so that errors.Is(err, ErrAccounts) holds and errors.As still finds what
// err wraps.
type acctInvalid struct{ err error }

func (e *acctInvalid) Error() string { return e.err.Error() }

func (e *acctInvalid) Unwrap() []error { return []error{ErrAccounts, e.err} }

// OpenAccounts reads the accounts file at path (CSV or JSON, chosen by the
// extension, else by the first character), and indexes its rows with
// audit.NewAccounts, which rejects overlapping rows of one customer. Dates
// are midnights in loc; plan names must be known to set. Any invalid row
// makes the whole file invalid.
func OpenAccounts(path string, loc *time.Location, set *plans.Set) (*audit.Accounts, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read accounts: %w", err)
	}
	defer f.Close()
	rows, err := ReadAccounts(f, path, loc, set)
	if err != nil {
		return nil, err
	}
	accts, err := audit.NewAccounts(rows)
	if err != nil {
		return nil, &acctInvalid{err}
	}
	return accts, nil
}

// ReadAccounts reads accounts rows (SPEC §6 "Accounts") from r; name is the
// file name used in positions and to choose the format (".json" is JSON,
// ".csv" CSV, anything else is JSON when the content starts with '[' or '{').
//
// CSV positions are physical lines ("accounts.csv:4"), JSON positions array
// indexes ("accounts.json:#3"). The first invalid row ends the read with an
// error naming its position and field. Rows keep the plan as written (the
// engine resolves it) and are not checked for overlaps: see
// audit.NewAccounts.
func ReadAccounts(r io.Reader, name string, loc *time.Location, set *plans.Set) ([]audit.Account, error) {
	// The file is read whole; MaxAccountsBytes keeps a wrong path (a
	// ticket export, a disk image) from costing unbounded memory.
	data, err := io.ReadAll(io.LimitReader(r, MaxAccountsBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read accounts: %s: %w", name, err)
	}
	if len(data) > MaxAccountsBytes {
		return nil, acctError(audit.Source{File: name}, "", "the file is larger than %d MiB", MaxAccountsBytes>>20)
	}
	// SPEC §6: UTF-8 with or without BOM.
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if acctIsJSON(name, data) {
		return acctReadJSON(data, name, loc, set)
	}
	return acctReadCSV(data, name, loc, set)
}

func acctIsJSON(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return true
	case ".csv":
		return false
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	return len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{')
}

func acctReadCSV(data []byte, name string, loc *time.Location, set *plans.Set) ([]audit.Account, error) {
	file := audit.Source{File: name}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1 // short rows are padded (the missing fields stay empty)
	// gocsv maps columns onto acctRow through the struct tags. Its header
	// settings are package-global, so instead of SetHeaderNormalizer the
	// headers are renamed per reader with RenormalizeHeaders. Rows are
	// pulled synchronously with Read, so cr.FieldPos still describes the
	// record gocsv just decoded and gives the physical line.
	um, err := gocsv.NewUnmarshaller(cr, acctRow{})
	if errors.Is(err, io.EOF) {
		return nil, acctError(file, "", "the file is empty (want a header line: customer,plan,term_contract,monthly_fee,currency,from,to)")
	}
	if err != nil {
		return nil, acctCSVError(name, err)
	}
	seen := map[string]bool{}
	var header []string
	if err := um.RenormalizeHeaders(func(headers []string) []string {
		header = append([]string(nil), headers...)
		// The header binder of ticket exports: when two headers map to one
		// field the first wins (SPEC §3 "CSV"); later ones stay unmatched.
		hb, _ := bindColumns(headers, acctFieldNames, func(h string) (int, rank, bool) {
			f, ok := acctFields[acctNormKey(h)]
			return slices.Index(acctFieldNames, f), rankCanonical, ok
		})
		out := make([]string, len(headers))
		for f, c := range hb.cols {
			if c >= 0 {
				seen[acctFieldNames[f]] = true
				out[c] = acctFieldNames[f]
			}
		}
		return out
	}); err != nil {
		return nil, acctCSVError(name, err)
	}
	// SPEC §9: an unbound customer, plan, term_contract or monthly_fee
	// column is a file error, not an empty value in every row (a header
	// "Term" instead of "term_contract" zeroed every credit).
	for _, f := range acctRequired {
		if !seen[f] {
			return nil, &acctInvalid{&FileError{Source: audit.Source{File: name, Line: 1},
				Err: &MissingError{Fields: []string{f}, LookedFor: []string{f}, Have: header}}}
		}
	}
	var rows []audit.Account
	for {
		v, err := um.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, acctCSVError(name, err)
		}
		line, _ := cr.FieldPos(0)
		acc, err := acctBuild(v.(acctRow), audit.Source{File: name, Line: line}, loc, set)
		if err != nil {
			return nil, err
		}
		rows = append(rows, acc)
	}
	return rows, nil
}

func acctCSVError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return acctError(audit.Source{File: name, Line: pe.Line}, "", "%v", pe.Err)
	}
	return &acctInvalid{fmt.Errorf("%s: %w", name, err)}
}

func acctReadJSON(data []byte, name string, loc *time.Location, set *plans.Set) ([]audit.Account, error) {
	file := audit.Source{File: name}
	dec := json.NewDecoder(bytes.NewReader(data))
	// Fees are money: numbers stay json.Number text, never float64.
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		return nil, acctError(file, "", "not valid JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, acctError(file, "", "not valid JSON: unexpected data after the top-level value")
	}
	list, ok := top.([]any)
	if obj, isObj := top.(map[string]any); isObj {
		list, ok = obj["accounts"].([]any)
	}
	if !ok {
		return nil, acctError(file, "", `want an array of accounts objects or {"accounts": [...]}`)
	}
	var rows []audit.Account
	seen := map[string]bool{}
	for i, item := range list {
		src := audit.Source{File: name, Index: i, IsIndex: true}
		obj, ok := item.(map[string]any)
		if !ok {
			return nil, acctError(src, "", "not an object")
		}
		var row acctRow
		dst := map[string]*string{
			"customer": &row.Customer, "plan": &row.Plan, "term_contract": &row.TermContract,
			"monthly_fee": &row.MonthlyFee, "currency": &row.Currency, "from": &row.From, "to": &row.To,
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys) // a key spelled twice (Plan, plan): the first in sorted order wins
		got := map[string]bool{}
		for _, k := range keys {
			f, known := acctFields[acctNormKey(k)]
			if !known || got[f] {
				continue
			}
			got[f], seen[f] = true, true
			switch v := obj[k].(type) {
			case nil:
			case string:
				*dst[f] = v
			case json.Number:
				*dst[f] = v.String()
			case bool:
				*dst[f] = fmt.Sprint(v)
			default:
				return nil, acctError(src, f, "want a string, number or boolean")
			}
		}
		acc, err := acctBuild(row, src, loc, set)
		if err != nil {
			return nil, err
		}
		rows = append(rows, acc)
	}
	// SPEC §9, as for CSV: the rule applies at the end of the input.
	for _, f := range acctRequired {
		if len(list) > 0 && !seen[f] {
			return nil, &acctInvalid{&FileError{Source: file, Err: &MissingError{Fields: []string{f}, LookedFor: []string{f}, JSON: true}}}
		}
	}
	return rows, nil
}

// acctRequired are the accounts fields that must have a column (SPEC §9).
var acctRequired = []string{"customer", "plan", "term_contract", "monthly_fee"}

// acctDecimal is a plain decimal: digits with an optional fraction. Exponent
// forms (1e3), grouping (1,200) and signs other than a leading '-' are not
// money as an accounts file writes it.
var acctDecimal = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// acctBuild validates one record into an audit.Account.
func acctBuild(row acctRow, src audit.Source, loc *time.Location, set *plans.Set) (audit.Account, error) {
	acc := audit.Account{Source: src}
	// SPEC §3.1: customers match exactly after trimming spaces.
	acc.Customer = strings.TrimSpace(row.Customer)
	if acc.Customer == "" {
		return acc, acctError(src, "customer", "missing")
	}
	acc.Plan = strings.TrimSpace(row.Plan)
	if acc.Plan == "" {
		return acc, acctError(src, "plan", "missing")
	}
	// SPEC §5: an unknown plan makes the file invalid. Effective dates are
	// the engine's business (it resolves the plan per ticket).
	if !set.Knows(acc.Plan) {
		return acc, acctError(src, "plan", "unknown plan %q", acc.Plan)
	}
	// SPEC §5: term_contract is case-insensitive; empty means false.
	switch tc := strings.TrimSpace(row.TermContract); strings.ToLower(tc) {
	case "true", "yes", "1":
		acc.TermContract = true
	case "false", "no", "0", "":
	default:
		return acc, acctError(src, "term_contract", "%q is not true/false/yes/no/1/0", tc)
	}
	// SPEC §6: currency defaults to USD; codes are upper-case.
	cur := strings.TrimSpace(row.Currency)
	acc.Currency = strings.ToUpper(cur)
	if acc.Currency == "" {
		acc.Currency = "USD"
	}
	minor, ok := audit.MinorUnit(acc.Currency)
	if !ok && audit.HasNoMinorUnit(acc.Currency) {
		return acc, acctError(src, "currency", "%q has no minor unit in ISO 4217 (a metal, a test or \"no currency\" code): not money a fee can be paid in", cur)
	}
	if !ok {
		return acc, acctError(src, "currency", "%q is not an ISO 4217 currency code", cur)
	}
	if fee := strings.TrimSpace(row.MonthlyFee); fee != "" {
		if !acctDecimal.MatchString(fee) {
			return acc, acctError(src, "monthly_fee", "%q is not a decimal number", fee)
		}
		d, err := decimal.NewFromString(fee)
		if err != nil {
			return acc, acctError(src, "monthly_fee", "%q is not a decimal number", fee)
		}
		if d.IsNegative() {
			return acc, acctError(src, "monthly_fee", "%q is negative", fee)
		}
		// A fee finer than the currency's minor unit is not an amount anyone
		// invoiced; trailing zeros (1200.500 USD) are harmless.
		if frac := strings.TrimRight(acctFraction(fee), "0"); len(frac) > minor {
			return acc, acctError(src, "monthly_fee", "%q has more decimal places than %s has (%d)", fee, acc.Currency, minor)
		}
		acc.MonthlyFee = &d
	}
	var err error
	if acc.From, err = acctTime(row.From, loc); err != nil {
		return acc, acctError(src, "from", "%q is not a date (2006-01-02) or an RFC 3339 instant", strings.TrimSpace(row.From))
	}
	if acc.To, err = acctTime(row.To, loc); err != nil {
		return acc, acctError(src, "to", "%q is not a date (2006-01-02) or an RFC 3339 instant", strings.TrimSpace(row.To))
	}
	return acc, nil
}

func acctFraction(s string) string {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return ""
}

// acctTime reads an optional from/to bound: a date is midnight in loc
// (SPEC §4), else an RFC 3339 instant; empty is the zero time (open).
func acctTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	return plans.ParseDateOrInstant(s, loc)
}
