package audit

import (
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/slaaudit/slaaudit/plans"
)

// Credit is one recommended credit row: one customer, one calendar month of
// submission (report time zone) and one accounts row in effect (SPEC §5).
type Credit struct {
	Customer string
	// Month is the calendar month of submission, "2006-01".
	Month string
	// Plan is the key of the plan the accounts row names ("premium" for
	// "Premium Support").
	Plan         string
	TermContract bool
	// Breaches counts every breach, severe ones included; Severe is the
	// subset that counts at the severe rate.
	Breaches int
	Severe   int
	// Percent is the recommended share of the monthly fee.
	Percent decimal.Decimal
	// UncappedPercent is the schedule's percent before the cap: greater
	// than Percent exactly when the cap cut it (finance sees why a row
	// stops at 50%). It equals Percent on a row with no term contract.
	UncappedPercent decimal.Decimal
	// MonthlyFee and Amount are nil when the fee is unknown.
	MonthlyFee *decimal.Decimal
	Amount     *decimal.Decimal
	Currency   string
	// Reason says why a row has no credit ("no term contract", "monthly fee
	// unknown"), or is empty.
	Reason  string
	Account *Account
	// Behind lists the breaches counted in this row, by submission then
	// id, when Options.CreditDetail is set (else it is nil, which Verdicts'
	// methods accept): the engine's own tally, so that no report has to
	// work out again which breaches belong to a row. It is kept compactly,
	// as Result.Breaches is.
	Behind *Verdicts
}

// CreditTotal is the sum of the credit amounts in one currency.
type CreditTotal struct {
	Currency string
	Amount   decimal.Decimal
}

// iso4217Digits lists the ISO 4217 minor units that golang.org/x/text does
// not give: x/text reports CLDR's display digits, which drop the decimals of
// several currencies that ISO 4217 still defines (IDR, PKR, IQD, ...), and its
// CLDR 32 tables predate some codes (MRU, VES, SLE, ...). SPEC §5 prints money
// at the ISO 4217 minor unit, so these entries win.
var iso4217Digits = map[string]int{
	// CLDR digits differ from ISO 4217.
	"AFN": 2, "ALL": 2, "AMD": 2, "COP": 2, "IDR": 2, "IQD": 3, "IRR": 2,
	"KPW": 2, "LAK": 2, "LBP": 2, "MGA": 2, "MMK": 2, "MNT": 2, "PKR": 2,
	"RSD": 2, "SLL": 2, "SOS": 2, "SYP": 2, "TZS": 2, "UZS": 2, "YER": 2,
	// Codes introduced after CLDR 32.
	"MRU": 2, "SLE": 2, "STN": 2, "UYW": 4, "VED": 2, "VES": 2, "XCG": 2, "ZWG": 2,
}

// noMinorUnit lists the ISO 4217 codes whose minor unit is "N.A.": precious
// metals, bond-market units, the SDR and friends, the testing code and "no
// currency". They are not money a fee can be paid in, and x/text would give
// them 2 decimals.
var noMinorUnit = map[string]bool{
	"XAG": true, "XAU": true, "XBA": true, "XBB": true, "XBC": true, "XBD": true,
	"XDR": true, "XPD": true, "XPT": true, "XSU": true, "XTS": true, "XUA": true, "XXX": true,
}

// HasNoMinorUnit reports whether code is an ISO 4217 code without a minor
// unit (XAU gold, XTS testing, XXX no currency, …): not money.
func HasNoMinorUnit(code string) bool { return noMinorUnit[code] }

// MinorUnit reports the number of decimal places of an ISO 4217 currency
// (2 for USD, 0 for JPY, 3 for KWD). code must be upper case. Unknown codes,
// and codes without a minor unit (HasNoMinorUnit), report false.
func MinorUnit(code string) (int, bool) {
	if noMinorUnit[code] {
		return 0, false
	}
	if d, ok := iso4217Digits[code]; ok {
		return d, true
	}
	if len(code) != 3 || strings.ToUpper(code) != code {
		return 0, false
	}
	u, err := currency.ParseISO(code)
	if err != nil {
		return 0, false
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale, true
}

// CreditAmount applies SPEC §5 to one row's tally: percent = min(cap,
// per_breach × ordinary + per_severe × severe); amount = fee × percent / 100
// rounded half away from zero to the currency's minor unit.
func CreditAmount(s plans.CreditSchedule, ordinary, severe int, fee decimal.Decimal, minor int) (percent, amount decimal.Decimal) {
	percent = UncappedPercent(s, ordinary, severe)
	if percent.GreaterThan(s.Cap) {
		percent = s.Cap
	}
	// Shift(-2) divides by 100 exactly (Div would round at DivisionPrecision
	// first, a double rounding); shopspring's Round rounds half away from zero.
	amount = fee.Mul(percent).Shift(-2).Round(int32(minor))
	return percent, amount
}

// UncappedPercent is SPEC §5's percent before the cap: per_breach ×
// ordinary + per_severe × severe.
func UncappedPercent(s plans.CreditSchedule, ordinary, severe int) decimal.Decimal {
	return s.PerBreach.Mul(decimal.NewFromInt(int64(ordinary))).
		Add(s.PerSevere.Mul(decimal.NewFromInt(int64(severe))))
}

type creditKey struct {
	account *Account
	month   string
}

type tally struct {
	breaches, severe int
	plan             string // key of the plan resolved through the row
	behind           *Verdicts
}

// creditBook tallies breaches per accounts row and month as tickets are
// audited.
type creditBook struct {
	loc    *time.Location
	detail bool // keep the breaches behind each row
	rows   map[creditKey]*tally
	order  []creditKey
}

func newCreditBook(loc *time.Location) *creditBook {
	return &creditBook{loc: loc, rows: make(map[creditKey]*tally)}
}

func (b *creditBook) add(v *Verdict) {
	k := creditKey{v.Account, creditMonth(v, b.loc)}
	t := b.rows[k]
	if t == nil {
		t = &tally{plan: v.Plan.Key}
		if b.detail {
			t.behind = new(Verdicts)
		}
		b.rows[k] = t
		b.order = append(b.order, k)
	}
	if v.Status == Breached {
		t.breaches++
		if v.Severe {
			t.severe++
		}
		if b.detail {
			t.behind.Add(v)
		}
	}
}

func (b *creditBook) credits(s plans.CreditSchedule) ([]Credit, []CreditTotal) {
	keys := append([]creditKey(nil), b.order...)
	// SPEC §5: rows sort by customer, month, then the row's from.
	sort.Slice(keys, func(i, j int) bool {
		ki, kj := keys[i], keys[j]
		if ki.account.Customer != kj.account.Customer {
			return ki.account.Customer < kj.account.Customer
		}
		if ki.month != kj.month {
			return ki.month < kj.month
		}
		return before(ki.account.From, kj.account.From)
	})
	totals := map[string]decimal.Decimal{}
	var out []Credit
	for _, k := range keys {
		t, acc := b.rows[k], k.account
		t.behind.sortBySubmission()
		minor, _ := MinorUnit(acc.Currency)
		c := Credit{
			Customer: acc.Customer, Month: k.month, Plan: t.plan,
			TermContract: acc.TermContract, Breaches: t.breaches, Severe: t.severe,
			Currency: acc.Currency, MonthlyFee: acc.MonthlyFee, Account: acc,
			Behind: t.behind,
		}
		switch {
		case !acc.TermContract:
			c.Reason = "no term contract"
			zero := decimal.Zero.Round(int32(minor))
			c.Percent, c.Amount = decimal.Zero, &zero
		case acc.MonthlyFee == nil:
			c.Reason = "monthly fee unknown"
			c.Percent, _ = CreditAmount(s, t.breaches-t.severe, t.severe, decimal.Zero, minor)
		default:
			p, amt := CreditAmount(s, t.breaches-t.severe, t.severe, *acc.MonthlyFee, minor)
			c.Percent, c.Amount = p, &amt
		}
		c.UncappedPercent = c.Percent
		if acc.TermContract {
			c.UncappedPercent = UncappedPercent(s, t.breaches-t.severe, t.severe)
		}
		if c.Amount != nil {
			totals[c.Currency] = totals[c.Currency].Add(*c.Amount)
		}
		out = append(out, c)
	}
	var sums []CreditTotal
	for cur, amt := range totals {
		sums = append(sums, CreditTotal{Currency: cur, Amount: amt})
	}
	sort.Slice(sums, func(i, j int) bool { return sums[i].Currency < sums[j].Currency })
	return out, sums
}

// creditMonth is the month a verdict's credit row is kept by (SPEC §5): its
// calendar month of submission in loc, "2006-01".
func creditMonth(v *Verdict, loc *time.Location) string {
	return v.Ticket.Submitted.In(loc).Format("2006-01")
}

// CreditOf returns the credit row that verdict v counts towards — the row of
// its accounts row and calendar month of submission, as the audit tallied
// it — or nil when v resolved through no accounts row.
func (r *Result) CreditOf(v *Verdict) *Credit {
	if v.Account == nil {
		return nil
	}
	month := creditMonth(v, r.Plans.Location)
	for i := range r.Credits {
		if c := &r.Credits[i]; c.Account == v.Account && c.Month == month {
			return c
		}
	}
	return nil
}
