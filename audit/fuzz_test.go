package audit_test

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

// The fuzzed tickets draw their strings from these lists, so that ids
// repeat, customers hit the accounts file and plans and channels are mostly
// known. The lists come from the sample export and accounts file, plus
// values that must be rejected or excluded.
var (
	fuzzPlans    = []string{"", "premium", "Premium Support", "standard", "Standard", "limited", "24/7", "24x7 Support", "platinum", "standard-biz", "lunch", "night", "gold"}
	fuzzChannels = []string{"", "email", "web", "chat", "phone", " Email ", "fax"}
	fuzzZones    = []*time.Location{time.UTC, mustZone("America/Los_Angeles"), time.FixedZone("+14", 14*3600), time.FixedZone("-12", -12*3600)}
	// fuzzBases are the origins of submission offsets: the sample month
	// and the edges of the years a reader accepts.
	fuzzBases = []time.Time{
		time.Date(2026, 10, 1, 7, 0, 0, 0, time.UTC),
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
	}
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// fuzzRecord is the size of one encoded ticket: id (2 bytes), customer,
// plan, channel, zone and base, submission offset in ns (8), response delay
// in ms (4), flags.
const fuzzRecord = 2 + 1 + 1 + 1 + 1 + 8 + 4 + 1

// Flags of an encoded ticket.
const (
	flagAnswered = 1 << iota
	flagNanoEarly
	flagReaderRejection
)

// encodeTicket writes one ticket of the sample export in the fuzz encoding.
func encodeTicket(b *bytes.Buffer, customers []string, id int, customer, plan, channel string, submitted, response time.Time) {
	var rec [fuzzRecord]byte
	binary.LittleEndian.PutUint16(rec[0:], uint16(id))
	rec[2] = byte(max(slices.Index(customers, customer), 0))
	rec[3] = byte(max(slices.Index(fuzzPlans, plan), 0))
	rec[4] = byte(max(slices.Index(fuzzChannels, channel), 0))
	binary.LittleEndian.PutUint64(rec[6:], uint64(submitted.Sub(fuzzBases[0])))
	if !response.IsZero() {
		binary.LittleEndian.PutUint32(rec[14:], uint32(int32(response.Sub(submitted)/time.Millisecond)))
		rec[18] = flagAnswered
	}
	b.Write(rec[:])
}

// fuzzSamples reads the customers of the sample accounts file and the
// tickets of the sample export (encoded), and the accounts rows.
func fuzzSamples(f testing.TB) (customers []string, export []byte, accounts []audit.Account) {
	root := filepath.Join("..", "testdata")
	acc := readCSV(f, filepath.Join(root, "accounts.csv"))
	for i, r := range acc[1:] {
		a := audit.Account{Customer: r[0], Plan: r[1], Currency: r[4], Source: audit.Source{File: "accounts.csv", Line: i + 2}}
		a.TermContract = r[2] == "true" || r[2] == "yes" || r[2] == "1"
		if r[3] != "" {
			fee := decimal.RequireFromString(r[3])
			a.MonthlyFee = &fee
		}
		for _, b := range []struct {
			s   string
			out *time.Time
		}{{r[5], &a.From}, {r[6], &a.To}} {
			if b.s != "" {
				d, err := time.ParseInLocation("2006-01-02", b.s, mustZone("America/Los_Angeles"))
				if err != nil {
					f.Fatal(err)
				}
				*b.out = d
			}
		}
		accounts = append(accounts, a)
		customers = append(customers, a.Customer)
	}
	customers = append(customers, "", "nobody")
	var b bytes.Buffer
	for _, r := range readCSV(f, filepath.Join(root, "export-2026-10.csv"))[1:] {
		id, _ := strconv.Atoi(r[0])
		// The sample has rows a reader rejects; the engine never sees them.
		sub, err := time.Parse(time.RFC3339, r[5])
		if err != nil {
			continue
		}
		var resp time.Time
		if r[6] != "" {
			if resp, err = time.Parse(time.RFC3339, r[6]); err != nil {
				continue
			}
		}
		encodeTicket(&b, customers, id, r[1], r[2], r[3], sub, resp)
	}
	return customers, b.Bytes(), accounts
}

func readCSV(f testing.TB, path string) [][]string {
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		f.Fatal(err)
	}
	return recs
}

// FuzzAuditor replays random tickets through the engine and checks SPEC §3:
// the counts add up, every verdict is consistent with its times (no
// deadline before submission, met means answered by the deadline, late is
// never negative, severe implies breached and late ≥ window), summaries and
// breaches agree with the verdicts, and credits stay within the schedule.
func FuzzAuditor(f *testing.F) {
	customers, export, rows := fuzzSamples(f)
	accounts, err := audit.NewAccounts(rows)
	if err != nil {
		f.Fatal(err)
	}
	custom, err := os.Open(filepath.Join("..", "testdata", "plans", "custom.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	customSet, err := plans.Load(custom, "custom.yaml")
	custom.Close()
	if err != nil {
		f.Fatal(err)
	}
	// The sample month, as the README's command audits it.
	f.Add(export, int64(31*24*time.Hour), uint8(1), true, false)
	f.Add(export, int64(0), uint8(0), false, true)
	f.Add(export[:10*fuzzRecord], int64(-365*24*time.Hour), uint8(2), true, false)
	// --customer (offset ≡ 1 mod 4) and --plan premium (≡ 2).
	f.Add(export, int64(31*24*time.Hour+1), uint8(1), true, false)
	f.Add(export, int64(31*24*time.Hour+2), uint8(1), false, false)
	f.Add([]byte{}, int64(0), uint8(0), false, false)

	f.Fuzz(func(t *testing.T, data []byte, asOfOffset int64, period uint8, withAccounts, customPlans bool) {
		set := plans.Builtin()
		if customPlans {
			set = customSet
		}
		opts := audit.Options{
			Plans:        set,
			AsOf:         fuzzBases[0].Add(time.Duration(asOfOffset)),
			KeepTickets:  true,
			KeepBreaches: true,
		}
		// SPEC §10: a filter sets rows aside as filtered; the identity
		// still holds.
		switch asOfOffset & 3 {
		case 1:
			opts.Customers = customers[:len(customers)/2]
		case 2:
			opts.OnlyPlan = "premium"
		}
		for _, n := range audit.DimensionNames() {
			d, _ := audit.ParseDimension(n)
			opts.By = append(opts.By, d)
		}
		if withAccounts {
			opts.Accounts = accounts
		}
		month := time.Date(2026, 10, 1, 0, 0, 0, 0, set.Location)
		switch period % 4 {
		case 1:
			opts.From, opts.To = month, month.AddDate(0, 1, 0)
		case 2:
			opts.From = month
		case 3:
			opts.To = month
		}
		a := audit.New(opts)
		quiet := audit.New(audit.Options{Plans: opts.Plans, Accounts: opts.Accounts, AsOf: opts.AsOf, From: opts.From, To: opts.To,
			Reports: audit.Reports{Customers: opts.Customers, OnlyPlan: opts.OnlyPlan}})
		fed, backwards := 0, 0
		for i := 0; i+fuzzRecord <= len(data); i += fuzzRecord {
			rec := data[i : i+fuzzRecord]
			src := audit.Source{File: "f.csv", Line: fed + 2}
			fed++
			if rec[18]&flagReaderRejection != 0 {
				rj := audit.Rejection{Source: src, Field: "submitted_at", Reason: "not a time"}
				a.Reject(rj)
				quiet.Reject(rj)
				continue
			}
			base := fuzzBases[int(rec[5]&3)%len(fuzzBases)]
			sub := base.Add(time.Duration(binary.LittleEndian.Uint64(rec[6:]))).In(fuzzZones[int(rec[5]>>2)%len(fuzzZones)])
			tk := audit.Ticket{
				ID:        strconv.Itoa(int(binary.LittleEndian.Uint16(rec[0:]))),
				Customer:  customers[int(rec[2])%len(customers)],
				Plan:      fuzzPlan(set, int(rec[3])),
				Channel:   fuzzChannels[int(rec[4])%len(fuzzChannels)],
				Submitted: sub,
				Source:    src,
			}
			if rec[18]&flagAnswered != 0 {
				tk.FirstResponse = sub.Add(time.Duration(int32(binary.LittleEndian.Uint32(rec[14:]))) * time.Millisecond)
				if rec[18]&flagNanoEarly != 0 {
					tk.FirstResponse = tk.FirstResponse.Add(-time.Nanosecond)
				}
				if tk.FirstResponse.Before(sub) {
					backwards++
				}
			}
			a.Audit(&tk)
			quiet.Audit(&tk)
		}
		res := a.Result()
		checkResult(t, res, opts, fed, backwards)
		// What is kept for the report does not change the audit.
		q := quiet.Result()
		if q.Counts != res.Counts || !slices.Equal(q.Summary, res.Summary) || q.Total != res.Total {
			t.Fatalf("without KeepTickets: counts %+v, total %+v; with: %+v, %+v", q.Counts, q.Total, res.Counts, res.Total)
		}
	})
}

// fuzzPlan picks plan name i; with a plans set that does not know it, one
// of the custom file's plans instead, so that the sample's tickets replay
// against business clocks too. Blank and "platinum" stay as they are.
func fuzzPlan(set *plans.Set, i int) string {
	name := fuzzPlans[i%len(fuzzPlans)]
	if name == "" || name == "platinum" || set.Knows(name) {
		return name
	}
	return fuzzPlans[9+i%4]
}

func checkResult(t *testing.T, res *audit.Result, opts audit.Options, fed, backwards int) {
	t.Helper()
	c := res.Counts
	// SPEC §3.7: rows read = audited + excluded + rejected + outside period.
	if !c.Balanced() || c.Rows != fed {
		t.Fatalf("counts %+v for %d rows", c, fed)
	}
	if res.Rejected.Len() != c.Rejected || len(res.Tickets) != c.Audited+c.Excluded {
		t.Fatalf("counts %+v, but %d rejections and %d verdicts", c, res.Rejected.Len(), len(res.Tickets))
	}
	if c.Rejected < backwards {
		t.Fatalf("%d responses before submission, only %d rejections", backwards, c.Rejected)
	}
	for _, rj := range res.Rejected.All() {
		if rj.Source.File != "f.csv" || rj.Source.Line < 2 || rj.Source.Line > fed+1 || rj.Reason == "" {
			t.Fatalf("rejection %+v", rj)
		}
	}
	ids := map[string]bool{}
	var total audit.PlanSummary
	var respSecs, lateSecs []int64
	breached := 0
	prevLine := 0
	for i := range res.Tickets {
		v := &res.Tickets[i]
		tk := &v.Ticket
		if ids[tk.ID] {
			t.Fatalf("id %q audited twice", tk.ID)
		}
		ids[tk.ID] = true
		if tk.Source.Line <= prevLine {
			t.Fatalf("verdicts out of input order: line %d after %d", tk.Source.Line, prevLine)
		}
		prevLine = tk.Source.Line
		if (!opts.From.IsZero() && tk.Submitted.Before(opts.From)) || (!opts.To.IsZero() && !tk.Submitted.Before(opts.To)) {
			t.Fatalf("ticket %s submitted %v is outside the period", tk.ID, tk.Submitted)
		}
		if v.Plan == nil {
			t.Fatalf("ticket %s has no plan", tk.ID)
		}
		if v.Late < 0 {
			t.Fatalf("ticket %s: late %v", tk.ID, v.Late)
		}
		if v.Severe && v.Status != audit.Breached {
			t.Fatalf("ticket %s: severe but %v", tk.ID, v.Status)
		}
		if v.Status != audit.Breached && (v.Late != 0 || v.Unanswered) {
			t.Fatalf("ticket %s: %v with late %v, unanswered %v", tk.ID, v.Status, v.Late, v.Unanswered)
		}
		total.Tickets++
		if v.Status != audit.Excluded && tk.Answered() {
			respSecs = append(respSecs, int64(tk.FirstResponse.Sub(tk.Submitted)/time.Second))
		}
		if v.Status == audit.Breached {
			lateSecs = append(lateSecs, int64(v.Late/time.Second))
		}
		switch v.Status {
		case audit.Excluded:
			total.Excluded++
			if v.Reason == "" {
				t.Fatalf("ticket %s excluded without a reason", tk.ID)
			}
			continue
		case audit.Met:
			total.Met++
		case audit.Pending:
			total.Pending++
		case audit.Breached:
			total.Breached++
			breached++
			if v.Severe {
				total.Severe++
			}
		}
		// SPEC §3.4: the deadline is never before the submission.
		if v.Deadline.Before(tk.Submitted) || v.Window <= 0 || v.Window != v.Plan.Response[v.Class] {
			t.Fatalf("ticket %s: submitted %v, window %v, deadline %v", tk.ID, tk.Submitted, v.Window, v.Deadline)
		}
		if v.Plan.Clock == plans.Elapsed && !v.Deadline.Equal(tk.Submitted.Add(v.Window)) {
			t.Fatalf("ticket %s: elapsed deadline %v is not submission %v + %v", tk.ID, v.Deadline, tk.Submitted, v.Window)
		}
		if v.Plan.Clock == plans.BusinessClock && v.Deadline.Sub(tk.Submitted) < v.Window {
			t.Fatalf("ticket %s: business deadline %v is less than the window %v after submission %v", tk.ID, v.Deadline, v.Window, tk.Submitted)
		}
		// SPEC §3.5.
		switch v.Status {
		case audit.Met:
			if !tk.Answered() || tk.FirstResponse.After(v.Deadline) {
				t.Fatalf("ticket %s met, response %v, deadline %v", tk.ID, tk.FirstResponse, v.Deadline)
			}
		case audit.Pending:
			if tk.Answered() || opts.AsOf.After(v.Deadline) {
				t.Fatalf("ticket %s pending, response %v, deadline %v, as of %v", tk.ID, tk.FirstResponse, v.Deadline, opts.AsOf)
			}
		case audit.Breached:
			end := tk.FirstResponse
			if v.Unanswered {
				end = opts.AsOf
			}
			if v.Unanswered == tk.Answered() || v.Late <= 0 || !end.Equal(v.Deadline.Add(v.Late)) {
				t.Fatalf("ticket %s breached: response %v, as of %v, deadline %v, late %v, unanswered %v",
					tk.ID, tk.FirstResponse, opts.AsOf, v.Deadline, v.Late, v.Unanswered)
			}
			if v.Severe != (v.Late >= v.Window) {
				t.Fatalf("ticket %s: late %v, window %v, severe %v", tk.ID, v.Late, v.Window, v.Severe)
			}
		}
	}
	// Summaries add up to the verdicts.
	var sum audit.PlanSummary
	for _, s := range res.Summary {
		if s.Tickets != s.Met+s.Breached+s.Pending+s.Excluded || s.Severe > s.Breached || s.Tickets == 0 {
			t.Fatalf("summary %+v does not add up", s)
		}
		sum.Tickets += s.Tickets
		sum.Met += s.Met
		sum.Breached += s.Breached
		sum.Severe += s.Severe
		sum.Pending += s.Pending
		sum.Excluded += s.Excluded
	}
	sum.Display, total.Display = "Total", "Total"
	// SPEC §10: the total's percentiles are nearest-rank over the verdicts.
	slices.Sort(respSecs)
	slices.Sort(lateSecs)
	for _, q := range []struct {
		got  audit.Quantile
		secs []int64
		p    int
	}{{res.Total.ResponseP50, respSecs, 50}, {res.Total.ResponseP90, respSecs, 90},
		{res.Total.LateP50, lateSecs, 50}, {res.Total.LateP90, lateSecs, 90}} {
		want, ok := audit.NearestRank(q.secs, q.p)
		if got, gotOK := q.got.Seconds(); got != want || gotOK != ok {
			t.Fatalf("p%d = %d %v, want %d %v over %d values", q.p, got, gotOK, want, ok, len(q.secs))
		}
	}
	// Every breakdown partitions the audited and excluded tickets.
	for _, b := range res.Breakdowns {
		var g audit.Group
		for _, row := range b.Rows {
			g.Tickets += row.Tickets
			g.Met += row.Met
			g.Breached += row.Breached
			g.Pending += row.Pending
			g.Excluded += row.Excluded
		}
		if g.Tickets != total.Tickets || g.Met != total.Met || g.Breached != total.Breached ||
			g.Pending != total.Pending || g.Excluded != total.Excluded {
			t.Fatalf("breakdown by %s sums to %+v, verdicts to %+v", b.By, g, total)
		}
	}
	total.ResponseP50, total.ResponseP90, total.LateP50, total.LateP90 = res.Total.ResponseP50, res.Total.ResponseP90, res.Total.LateP50, res.Total.LateP90
	sum.ResponseP50, sum.ResponseP90, sum.LateP50, sum.LateP90 = total.ResponseP50, total.ResponseP90, total.LateP50, total.LateP90
	if sum != res.Total || total != res.Total {
		t.Fatalf("total %+v; summaries sum to %+v, verdicts to %+v", res.Total, sum, total)
	}
	// SPEC §7: breaches sorted by submission, then id.
	if res.Breaches.Len() != breached {
		t.Fatalf("%d breaches kept, %d breached verdicts", res.Breaches.Len(), breached)
	}
	kept := res.Breaches.Slice()
	for i := 1; i < len(kept); i++ {
		p, q := &kept[i-1].Ticket, &kept[i].Ticket
		if q.Submitted.Before(p.Submitted) || (q.Submitted.Equal(p.Submitted) && q.ID < p.ID) {
			t.Fatalf("breach %s (%v) sorted after %s (%v)", q.ID, q.Submitted, p.ID, p.Submitted)
		}
	}
	// The compact list gives back every breached verdict as it was, but
	// for times in UTC.
	var want []audit.Verdict
	for _, v := range res.Tickets {
		if v.Status == audit.Breached {
			want = append(want, v)
		}
	}
	slices.SortStableFunc(want, func(a, b audit.Verdict) int {
		if c := a.Ticket.Submitted.Compare(b.Ticket.Submitted); c != 0 {
			return c
		}
		return strings.Compare(a.Ticket.ID, b.Ticket.ID)
	})
	for i := range want {
		w := want[i]
		w.Ticket.Submitted, w.Ticket.FirstResponse, w.Deadline = utc(w.Ticket.Submitted), utc(w.Ticket.FirstResponse), utc(w.Deadline)
		w.Ticket.Trail = nil
		if !reflect.DeepEqual(kept[i], w) {
			t.Fatalf("compact breach %d:\n got %+v\nwant %+v", i, kept[i], w)
		}
	}
	checkCredits(t, res, opts)
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

// checkCredits checks SPEC §5 on the credit rows.
func checkCredits(t *testing.T, res *audit.Result, opts audit.Options) {
	t.Helper()
	if opts.Accounts == nil {
		if res.Credits != nil || res.CreditTotals != nil {
			t.Fatalf("credits without an accounts file")
		}
		return
	}
	sched := opts.Plans.Credits
	totals := map[string]decimal.Decimal{}
	breaches := 0
	for _, cr := range res.Credits {
		breaches += cr.Breaches
		if cr.Severe > cr.Breaches || cr.Percent.IsNegative() || cr.Percent.GreaterThan(sched.Cap) {
			t.Fatalf("credit %+v: breaches %d, severe %d, percent %v (cap %v)", cr, cr.Breaches, cr.Severe, cr.Percent, sched.Cap)
		}
		if !cr.TermContract && (!cr.Percent.IsZero() || cr.Reason == "") {
			t.Fatalf("credit %+v without a term contract", cr)
		}
		if (cr.MonthlyFee == nil) != (cr.Amount == nil) && cr.TermContract {
			t.Fatalf("credit %+v: fee %v, amount %v", cr, cr.MonthlyFee, cr.Amount)
		}
		if cr.Amount != nil {
			if cr.Amount.IsNegative() {
				t.Fatalf("credit %+v: negative amount %v", cr, cr.Amount)
			}
			if cr.MonthlyFee != nil && cr.Amount.GreaterThan(*cr.MonthlyFee) {
				t.Fatalf("credit %+v: amount %v over the fee %v", cr, cr.Amount, cr.MonthlyFee)
			}
			totals[cr.Currency] = totals[cr.Currency].Add(*cr.Amount)
		}
		if cr.Customer == "" || cr.Month == "" || cr.Account == nil || cr.Account.Customer != cr.Customer {
			t.Fatalf("credit %+v does not name its customer, month and accounts row", cr)
		}
	}
	if breaches > res.Total.Breached {
		t.Fatalf("credits count %d breaches, the audit %d", breaches, res.Total.Breached)
	}
	for _, ct := range res.CreditTotals {
		if !ct.Amount.Equal(totals[ct.Currency]) {
			t.Fatalf("total %s %v, credits sum to %v", ct.Currency, ct.Amount, totals[ct.Currency])
		}
		delete(totals, ct.Currency)
	}
	for cur, amt := range totals {
		if !amt.IsZero() {
			t.Fatalf("no total for %s %v", cur, amt)
		}
	}
}
