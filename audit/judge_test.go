package audit_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

// judgeEnv is what the tickets and options of the Judge tests are drawn
// from: a plans file, the sample accounts file, and the plan names,
// customers, channels and priorities that tickets spell.
type judgeEnv struct {
	name      string
	set       *plans.Set
	accounts  *audit.Accounts
	customers []string
	planNames []string
}

var (
	judgeChannels   = append(slices.Clone(fuzzChannels), "Web", "chat ", "sms")
	judgePriorities = []string{"", "-", "P1", "p-2", "urgent", "High", " low ", "normal", "1 - Critical", "sev9", "whatever"}
	// judgeMonth is the sample month, the origin of most submissions.
	judgeMonth = time.Date(2026, 10, 1, 7, 0, 0, 0, time.UTC)
	// judgeEdges are the first instants the engine refuses on either side
	// of the years it reads (in UTC; the plans' zones move them by hours).
	judgeEdges = []time.Time{
		time.Date(plans.MinYear, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(plans.MaxYear+1, 1, 1, 0, 0, 0, 0, time.UTC),
	}
)

// judgeEnvs returns an environment for each of the built-in plans, the
// custom plans file (versions, business clocks, holidays) and the
// priorities example (an unknown priority is a warning).
func judgeEnvs(t testing.TB) []*judgeEnv {
	t.Helper()
	customers, _, rows := fuzzSamples(t)
	accounts, err := audit.NewAccounts(rows)
	if err != nil {
		t.Fatal(err)
	}
	customers = append(customers, " acme ", "Acme")
	var envs []*judgeEnv
	for _, name := range []string{"", "custom.yaml", "priorities.yaml"} {
		set := plans.Builtin()
		if name != "" {
			f, err := os.Open(filepath.Join("..", "testdata", "plans", name))
			if err != nil {
				t.Fatal(err)
			}
			set, err = plans.Load(f, name)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
		} else {
			name = "builtin"
		}
		env := &judgeEnv{name: name, set: set, accounts: accounts, customers: customers}
		env.planNames = append(slices.Clone(fuzzPlans), " ", "nope")
		for _, p := range set.Plans {
			env.planNames = append(env.planNames, p.Key, p.Display, strings.ToUpper(p.Key)+" plan")
			env.planNames = append(env.planNames, p.Aliases...)
		}
		envs = append(envs, env)
	}
	return envs
}

// pick draws a number in [0, n): from rapid in the property test, so that
// a failure shrinks, and from math/rand where many tickets are needed.
type pick func(n int, label string) int

func rapidPick(t *rapid.T) pick {
	return func(n int, label string) int { return rapid.IntRange(0, n-1).Draw(t, label) }
}

func randPick(r *rand.Rand) pick { return func(n int, _ string) int { return r.IntN(n) } }

func (p pick) bool(label string) bool { return p(2, label) == 1 }

// judgeTicket draws a ticket that may meet any row check: ids that repeat,
// instants beyond the years the engine reads, responses before submission,
// blank, unknown and not yet effective plans, customers of the accounts
// file, uncovered channels, unknown priorities. Most ids are below ids,
// so that about one ticket in ids/tickets repeats an id.
func judgeTicket(p pick, env *judgeEnv, line, ids int) audit.Ticket {
	var id string
	switch p(20, "id kind") {
	case 0, 1, 2:
		id = strconv.Itoa(p(1_000_000_000, "sparse id"))
	case 3, 4, 5:
		id = fmt.Sprintf("ZD-%d", p(ids, "text id"))
	case 6:
		id = ""
	default:
		id = strconv.Itoa(p(ids, "dense id"))
	}
	var sub time.Time
	if p(8, "near an edge") == 0 {
		edge := judgeEdges[p(len(judgeEdges), "edge")]
		sub = edge.Add(time.Duration(p(4*24*3600, "seconds")-2*24*3600) * time.Second)
	} else {
		// Back to 2025, before the versions of custom.yaml's gold.
		sub = judgeMonth.Add(time.Duration(p(460*24*60, "minutes")-400*24*60) * time.Minute)
	}
	sub = sub.Add(time.Duration([]int{0, 1, 999_999_999}[p(3, "ns")])).In(fuzzZones[p(len(fuzzZones), "zone")])
	t := audit.Ticket{
		ID:        id,
		Customer:  env.customers[p(len(env.customers), "customer")],
		Plan:      env.planNames[p(len(env.planNames), "plan")],
		Channel:   judgeChannels[p(len(judgeChannels), "channel")],
		Priority:  judgePriorities[p(len(judgePriorities), "priority")],
		Submitted: sub,
		Source:    audit.Source{File: "judge.csv", Line: line},
	}
	switch p(6, "response") {
	case 0, 1:
	case 2:
		// SPEC §3.6: before submission, by a nanosecond or by up to two
		// hours.
		early := time.Nanosecond
		if p.bool("hours early") {
			early = time.Duration(p(7200, "seconds early")+1) * time.Second
		}
		t.FirstResponse = sub.Add(-early)
	default:
		t.FirstResponse = sub.Add(time.Duration(p(4*24*60, "minutes to answer")) * time.Minute)
	}
	if p(10, "reader warning") == 0 {
		t.Warnings = []string{"a reader's note"}
	}
	return t
}

// judgeEvent is one call of OnVerdict or OnOutsidePeriod, as it was during
// the call. kept is the Warnings slice OnVerdict was given, kept as is: a
// receiver may keep it, so a later ticket must not overwrite it.
type judgeEvent struct {
	verdict *audit.Verdict
	kept    []string
	outside *audit.Ticket
}

// judgeOptions draws the options of an audit: every report, filter and
// callback, or none.
func judgeOptions(p pick, env *judgeEnv) audit.Options {
	month := time.Date(2026, 10, 1, 0, 0, 0, 0, env.set.Location)
	opts := audit.Options{
		Plans:        env.set,
		AsOf:         judgeMonth.Add(time.Duration(p(90*24, "as of hours")-30*24) * time.Hour),
		DefaultPlan:  []string{"", "", "standard", env.set.Plans[0].Key, "nope"}[p(5, "default plan")],
		KeepTickets:  p.bool("keep tickets"),
		KeepBreaches: p.bool("keep breaches"),
		ListLimit:    p(4, "list limit"),
	}
	switch p(4, "period") {
	case 1:
		opts.From, opts.To = month, month.AddDate(0, 1, 0)
	case 2:
		opts.From = month
	case 3:
		opts.To = month
	}
	if p.bool("accounts") {
		opts.Accounts = env.accounts
	}
	for _, name := range audit.DimensionNames() {
		if p(3, "by "+name) == 0 {
			d, _ := audit.ParseDimension(name)
			opts.By = append(opts.By, d)
		}
	}
	if p(3, "customers") == 0 {
		opts.Customers = env.customers[:p(len(env.customers), "customers")]
	}
	if p(3, "only plan") == 0 {
		opts.OnlyPlan = env.set.Plans[p(len(env.set.Plans), "only plan")].Key
	}
	opts.KeepExcluded = p.bool("keep excluded")
	opts.KeepPending = p.bool("keep pending")
	opts.DueSoon = p.bool("due soon")
	opts.DueWithin = time.Duration(p(72, "due within")) * time.Hour
	opts.Sort = audit.SortKey(p(4, "sort"))
	opts.Limit = p(3, "limit")
	opts.CreditDetail = p.bool("credit detail")
	opts.NoPercentiles = p.bool("no percentiles")
	return opts
}

// logCalls sets the callbacks of opts to append to log.
func logCalls(opts *audit.Options, log *[]judgeEvent) {
	opts.OnVerdict = func(v *audit.Verdict) {
		c := *v
		c.Warnings = slices.Clone(v.Warnings)
		*log = append(*log, judgeEvent{verdict: &c, kept: v.Warnings})
	}
	opts.OnOutsidePeriod = func(t *audit.Ticket) {
		c := *t
		*log = append(*log, judgeEvent{outside: &c})
	}
}

// auditEach audits the tickets one at a time with Audit, or with
// AuditAsBefore, the reference.
func auditEach(opts audit.Options, tickets []audit.Ticket, callbacks bool, each func(*audit.Auditor, *audit.Ticket)) (*audit.Result, []judgeEvent) {
	var log []judgeEvent
	if callbacks {
		logCalls(&opts, &log)
	}
	a := audit.New(opts)
	for i := range tickets {
		each(a, &tickets[i])
	}
	return a.Result(), log
}

// failer is what checkSameAudit needs of a *testing.T or a *rapid.T.
type failer interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkSameAudit fails unless a run gave the reference's result and
// callbacks.
func checkSameAudit(t failer, want, got *audit.Result, wantLog, gotLog []judgeEvent) {
	t.Helper()
	for i, e := range gotLog {
		if e.verdict != nil && !slices.Equal(e.kept, e.verdict.Warnings) {
			t.Fatalf("call %d of OnVerdict: the warnings it was given changed to %q from %q", i, e.kept, e.verdict.Warnings)
		}
	}
	if len(gotLog) != len(wantLog) {
		t.Fatalf("%d callback calls, the reference made %d", len(gotLog), len(wantLog))
	}
	for i := range gotLog {
		g, w := gotLog[i], wantLog[i]
		if !reflect.DeepEqual(g.verdict, w.verdict) || !reflect.DeepEqual(g.outside, w.outside) {
			t.Fatalf("callback call %d:\n got verdict %+v outside %+v\nwant verdict %+v outside %+v", i, g.verdict, g.outside, w.verdict, w.outside)
		}
	}
	if got.Counts != want.Counts {
		t.Fatalf("counts %+v, the reference's %+v", got.Counts, want.Counts)
	}
	if !got.FirstSubmitted.Equal(want.FirstSubmitted) || !got.LastSubmitted.Equal(want.LastSubmitted) {
		t.Fatalf("submissions span %v – %v, the reference's %v – %v", got.FirstSubmitted, got.LastSubmitted, want.FirstSubmitted, want.LastSubmitted)
	}
	if g, w := got.Rejected.Slice(), want.Rejected.Slice(); !reflect.DeepEqual(g, w) {
		t.Fatalf("rejected\n%+v\nthe reference's\n%+v", g, w)
	}
	if !reflect.DeepEqual(got.Tickets, want.Tickets) {
		t.Fatalf("verdicts\n%+v\nthe reference's\n%+v", got.Tickets, want.Tickets)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("result\n%+v\nthe reference's\n%+v", got, want)
	}
}

// TestJudgeDecidesAsAudit: for any tickets and options, Decide by two or
// three Judges in turn, each Decision reused and Recorded a ticket or two
// later, with some tickets given to Audit in between, audits as Audit
// alone does, and both as Audit did before Judge split it in two
// (AuditAsBefore): the same Result, the same callbacks in the same order.
func TestJudgeDecidesAsAudit(t *testing.T) {
	envs := judgeEnvs(t)
	rapid.Check(t, func(t *rapid.T) {
		p := rapidPick(t)
		env := envs[p(len(envs), "plans")]
		opts := judgeOptions(p, env)
		callbacks := p.bool("callbacks")
		tickets := make([]audit.Ticket, p(120, "tickets"))
		for i := range tickets {
			tickets[i] = judgeTicket(p, env, i+2, 60)
		}
		want, wantLog := auditEach(opts, tickets, callbacks, (*audit.Auditor).AuditAsBefore)
		got, gotLog := auditEach(opts, tickets, callbacks, (*audit.Auditor).Audit)
		checkSameAudit(t, want, got, wantLog, gotLog)

		var log []judgeEvent
		if callbacks {
			logCalls(&opts, &log)
		}
		a := audit.New(opts)
		judges := make([]*audit.Judge, 2+p(2, "judges"))
		for i := range judges {
			judges[i] = a.NewJudge()
		}
		// Decision i%len(ds) holds ticket i from its Decide to its
		// Record, lag tickets later.
		lag := p(3, "lag")
		ds := make([]audit.Decision, lag+1)
		direct := make([]bool, len(tickets))
		for i := range len(tickets) + lag {
			if i < len(tickets) {
				direct[i] = p(6, "audit directly") == 0
				if !direct[i] {
					judges[i%len(judges)].Decide(&tickets[i], &ds[i%len(ds)])
				}
			}
			if k := i - lag; k >= 0 {
				if direct[k] {
					a.Audit(&tickets[k])
				} else {
					a.Record(&tickets[k], &ds[k%len(ds)])
				}
			}
		}
		checkSameAudit(t, want, a.Result(), wantLog, log)
	})
}

// TestJudgesConcurrently decides many tickets on several goroutines, each
// with a Judge of its own, and records them in input order, either once
// all are decided or while later ones are still being decided; the result
// is Audit's as it was before Judge (AuditAsBefore). Run it with -race.
func TestJudgesConcurrently(t *testing.T) {
	n := 40_000
	if testing.Short() {
		n = 4_000
	}
	const workers = 4
	for k, env := range judgeEnvs(t) {
		p := randPick(rand.New(rand.NewPCG(uint64(k), 7)))
		tickets := make([]audit.Ticket, n)
		for i := range tickets {
			tickets[i] = judgeTicket(p, env, i+2, 2*n)
		}
		month := time.Date(2026, 10, 1, 0, 0, 0, 0, env.set.Location)
		opts := audit.Options{
			Plans: env.set, AsOf: judgeMonth.AddDate(0, 1, 0),
			From: month.AddDate(0, -6, 0), To: month.AddDate(0, 1, 0),
			KeepTickets: true, KeepBreaches: true,
			Reports: audit.Reports{
				KeepExcluded: true, KeepPending: true, DueSoon: true, DueWithin: 48 * time.Hour,
				CreditDetail: true, Customers: env.customers[2:],
			},
		}
		if env.set == plans.Builtin() {
			// The sample accounts name the built-in plans.
			opts.Accounts = env.accounts
		}
		for _, name := range audit.DimensionNames() {
			d, _ := audit.ParseDimension(name)
			opts.By = append(opts.By, d)
		}
		want, wantLog := auditEach(opts, tickets, true, (*audit.Auditor).AuditAsBefore)
		if c := want.Counts; c.Audited == 0 || c.Excluded == 0 || c.OutsidePeriod == 0 || c.Filtered == 0 || len(want.RejectedBy) < 4 {
			t.Fatalf("%s: the tickets do not meet every row check: %+v, rejected by %d fields", env.name, c, len(want.RejectedBy))
		}

		t.Run(env.name+"/batch", func(t *testing.T) {
			var log []judgeEvent
			o := opts
			logCalls(&o, &log)
			a := audit.New(o)
			ds := make([]audit.Decision, n)
			var wg sync.WaitGroup
			for w := range workers {
				wg.Go(func() {
					j := a.NewJudge()
					for i := w * n / workers; i < (w+1)*n/workers; i++ {
						j.Decide(&tickets[i], &ds[i])
					}
				})
			}
			wg.Wait()
			for i := range tickets {
				a.Record(&tickets[i], &ds[i])
			}
			checkSameAudit(t, want, a.Result(), wantLog, log)
		})

		t.Run(env.name+"/pipelined", func(t *testing.T) {
			var log []judgeEvent
			o := opts
			logCalls(&o, &log)
			a := audit.New(o)
			// The workers take chunks in turn; the chunk's channel closes
			// when it is decided, and Record follows chunk by chunk.
			const chunk = 500
			ds := make([]audit.Decision, n)
			done := make([]chan struct{}, (n+chunk-1)/chunk)
			for c := range done {
				done[c] = make(chan struct{})
			}
			var wg sync.WaitGroup
			for w := range workers {
				wg.Go(func() {
					j := a.NewJudge()
					for c := w; c < len(done); c += workers {
						for i := c * chunk; i < min((c+1)*chunk, n); i++ {
							j.Decide(&tickets[i], &ds[i])
						}
						close(done[c])
					}
				})
			}
			for c := range done {
				<-done[c]
				for i := c * chunk; i < min((c+1)*chunk, n); i++ {
					a.Record(&tickets[i], &ds[i])
				}
			}
			wg.Wait()
			checkSameAudit(t, want, a.Result(), wantLog, log)
		})
	}
}

// TestRecordRefusesAnotherAuditorsDecision: a Decision carries plans and
// accounts rows of its Auditor's options, so another Auditor refuses it,
// as it refuses one that no Judge decided.
func TestRecordRefusesAnotherAuditorsDecision(t *testing.T) {
	opts := audit.Options{Plans: plans.Builtin(), AsOf: judgeMonth}
	a, b := audit.New(opts), audit.New(opts)
	tk := audit.Ticket{ID: "1", Plan: "standard", Channel: "email", Submitted: judgeMonth.Add(-time.Hour)}
	var d audit.Decision
	for _, tc := range []struct {
		name   string
		decide func()
	}{{"zero", func() {}}, {"other", func() { a.NewJudge().Decide(&tk, &d) }}} {
		tc.decide()
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: Record did not panic", tc.name)
				}
			}()
			b.Record(&tk, &d)
		}()
	}
	if c := b.Result().Counts; c.Rows != 0 {
		t.Errorf("counts %+v after refused decisions", c)
	}
}

// TestDecideRecordAllocates0: deciding and recording an ordinary ticket
// costs no allocation once the Judge's caches know its spellings, as
// Audit's does not.
func TestDecideRecordAllocates0(t *testing.T) {
	a := audit.New(audit.Options{Plans: plans.Builtin(), AsOf: judgeMonth.AddDate(0, 1, 0)})
	j := a.NewJudge()
	tk := audit.Ticket{ID: "1", Customer: "acme", Plan: "Premium Support", Channel: "Email",
		Submitted: judgeMonth, FirstResponse: judgeMonth.Add(30 * time.Minute)}
	ids := make([]string, 5000)
	for i := range ids {
		ids[i] = strconv.Itoa(i + 2)
	}
	var d audit.Decision
	j.Decide(&tk, &d) // warm the caches
	a.Record(&tk, &d)
	n := 0
	allocs := testing.AllocsPerRun(1000, func() {
		n++
		tk.ID = ids[n%len(ids)]
		j.Decide(&tk, &d)
		a.Record(&tk, &d)
	})
	if allocs > 0.1 { // the id set grows now and then
		t.Errorf("Decide and Record allocate %.2f times per ticket", allocs)
	}
}
