package audit

import (
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// Account is one accounts-file row (SPEC §6 "Accounts"): which plan and
// contract a customer has over a span of time.
type Account struct {
	Customer     string
	Plan         string
	TermContract bool
	// MonthlyFee is nil when the fee is unknown.
	MonthlyFee *decimal.Decimal
	// Currency is an upper-case ISO 4217 code.
	Currency string
	// From (inclusive) and To (exclusive) bound the row; zero is open.
	From, To time.Time
	Source   Source
}

// covers reports whether the row is in effect at instant at.
func (a *Account) covers(at time.Time) bool {
	return (a.From.IsZero() || !at.Before(a.From)) && (a.To.IsZero() || at.Before(a.To))
}

// Accounts indexes accounts rows by customer.
type Accounts struct {
	rows map[string][]*Account // sorted by From
}

// NewAccounts indexes rows and checks that no two rows of one customer
// overlap in time (an overlap is an error naming both rows).
func NewAccounts(rows []Account) (*Accounts, error) {
	a := &Accounts{rows: make(map[string][]*Account)}
	var customers []string // in order of first appearance, so that errors are deterministic
	for i := range rows {
		r := &rows[i]
		if !r.From.IsZero() && !r.To.IsZero() && !r.To.After(r.From) {
			return nil, fmt.Errorf("%s: to: %s is not after from %s", r.Source,
				r.To.Format(time.RFC3339), r.From.Format(time.RFC3339))
		}
		if _, ok := a.rows[r.Customer]; !ok {
			customers = append(customers, r.Customer)
		}
		a.rows[r.Customer] = append(a.rows[r.Customer], r)
	}
	for _, c := range customers {
		list := a.rows[c]
		sort.SliceStable(list, func(i, j int) bool { return before(list[i].From, list[j].From) })
		for i := 1; i < len(list); i++ {
			prev, cur := list[i-1], list[i]
			if prev.To.IsZero() || cur.From.IsZero() || cur.From.Before(prev.To) {
				first, second := prev, cur
				if second.Source.Line < first.Source.Line ||
					(second.Source.IsIndex && second.Source.Index < first.Source.Index) {
					first, second = second, first
				}
				return nil, fmt.Errorf("%s: customer %q: row overlaps the row at %s", second.Source, cur.Customer, first.Source)
			}
		}
	}
	return a, nil
}

// before orders From values with the zero time (open start) first.
func before(x, y time.Time) bool {
	if x.IsZero() {
		return !y.IsZero()
	}
	return !y.IsZero() && x.Before(y)
}

// InEffect returns the customer's row in effect at instant at, or nil. It is
// safe to call on a nil *Accounts.
func (a *Accounts) InEffect(customer string, at time.Time) *Account {
	if a == nil {
		return nil
	}
	for _, r := range a.rows[customer] {
		if r.covers(at) {
			return r
		}
	}
	return nil
}
