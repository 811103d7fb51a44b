package report

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

// This file renders `slaaudit explain`: the replay of one ticket as a short
// narrative and a timeline. Both renderers work from the same facts
// (explainFacts), so the text and the JSON never tell different stories.

// Timeline event names, as they appear in the JSON "event" field.
const (
	eventSubmitted     = "submitted"
	eventClockStarts   = "clock_starts"
	eventDeadline      = "deadline"
	eventFirstResponse = "first_response"
	eventAsOf          = "as_of"
)

// eventText names timeline events for people.
var eventText = map[string]string{
	eventSubmitted:     "submitted",
	eventClockStarts:   "clock starts (next opening)",
	eventDeadline:      "deadline",
	eventFirstResponse: "first response",
	eventAsOf:          "audit instant (--as-of)",
}

type timelineEvent struct {
	event string
	at    time.Time
}

// explainFacts is everything explain says about one verdict, decided once
// by newExplainFacts. Each sentence's method also records the facts it
// found (holiday, clockFrom, margin, the credit effect) for the JSON.
type explainFacts struct {
	r   *audit.Result
	v   *audit.Verdict
	m   Meta
	loc *time.Location

	// The narrative, one sentence (or short paragraph) per line.
	plan      string
	target    string // SPEC §11; "" for an excluded ticket or a plans file without priorities
	hours     string // "" for an excluded ticket
	deadline  string // "" for an excluded ticket
	response  string
	verdict   string
	credit    []string
	sameID    []audit.Rejection
	timeline  []timelineEvent
	holiday   bool
	clockFrom time.Time // business clock, off-hours submission: the next opening; else zero
	margin    *time.Duration

	// Credit effect (m.Accounts only).
	creditRow *audit.Credit
	countsAs  string // "ordinary", "severe" or ""
	adds      decimal.Decimal
}

func newExplainFacts(r *audit.Result, v *audit.Verdict, m Meta) *explainFacts {
	f := &explainFacts{r: r, v: v, m: m, loc: r.Plans.Location}
	if v.Plan != nil && v.Plan.Location != nil {
		f.loc = v.Plan.Location
	}
	for _, rj := range r.Rejected.All() {
		if rj.ID != "" && rj.ID == v.Ticket.ID {
			f.sameID = append(f.sameID, rj)
		}
	}
	f.plan = f.planText()
	if v.Status != audit.Excluded {
		if r.Plans.HasPriorities() {
			f.target = f.targetText()
		}
		f.hours = f.hoursText()
		f.deadline = f.deadlineText()
	}
	f.response = f.responseText()
	f.verdict = f.verdictText()
	if m.Accounts {
		f.credit = f.creditText()
	}
	f.timeline = f.timelineEvents()
	return f
}

// longStamp formats t for people in loc, with the weekday first and a
// fraction only when t has one: Fri 2026-10-02 18:59:59 PDT.
func longStamp(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Mon 2006-01-02 15:04:05.999999999 MST")
}

// both formats t in loc and in UTC: Fri 2026-10-02 18:59:59 PDT
// (2026-10-03T01:59:59Z).
func both(t time.Time, loc *time.Location) string {
	return fmt.Sprintf("%s (%s)", longStamp(t, loc), instant(t))
}

func (f *explainFacts) planText() string {
	v, t := f.v, &f.v.Ticket
	name := fmt.Sprintf("%s (%s)", visible(v.Plan.Display), v.Plan.Key)
	if !v.Plan.EffectiveFrom.IsZero() {
		name += fmt.Sprintf(", the version in effect from %s", boundary(v.Plan.EffectiveFrom, f.loc))
	}
	column := strings.TrimSpace(t.Plan)
	switch v.PlanSource {
	case audit.FromAccounts:
		// SPEC §3.1: the accounts row in effect on the submission date wins.
		a := v.Account
		s := fmt.Sprintf("%s, from the accounts file: row %s for customer %q (%s) is in effect on %s.",
			name, visible(a.Source.String()), visible(a.Customer), accountText(a, f.loc), f.day(t.Submitted))
		switch {
		case column == "":
			s += " The ticket's plan column is blank."
		case f.r.Plans.KeyOf(column) == v.Plan.Key:
			s += fmt.Sprintf(" The ticket's plan column, %q, agrees.", visible(t.Plan))
		default:
			s += fmt.Sprintf(" The ticket's plan column says %q; the accounts file wins.", visible(t.Plan))
		}
		return s
	case audit.FromDefault:
		// SPEC §3.1: --default-plan fills only a blank plan.
		s := name + ", from --default-plan: the ticket's plan column is blank"
		if f.m.Accounts {
			s += " and no accounts row for the customer is in effect on " + f.day(t.Submitted)
		}
		return s + "."
	}
	return fmt.Sprintf("%s, from the ticket's plan column: %q.", name, visible(t.Plan))
}

// targetText says which windows the ticket was held to and why (SPEC §11).
func (f *explainFacts) targetText() string {
	v := f.v
	value := strings.TrimSpace(v.Ticket.Priority)
	name := visible(v.Plan.Display)
	if !v.Plan.EffectiveFrom.IsZero() {
		name += "'s version in effect"
	}
	def := fmt.Sprintf("%s business, %s off hours", plans.FormatDuration(v.Plan.Response[plans.Business]), plans.FormatDuration(v.Plan.Response[plans.OffHours]))
	switch v.PriorityMatch {
	case plans.PriorityKnown:
		if w := v.Plan.WindowsFor(v.Priority); w != nil {
			return fmt.Sprintf("%s: %s, and %s has windows of its own for %s (%s business, %s off hours).",
				visible(targetOf(v)), f.priorityNames(value), name, visible(v.Priority),
				plans.FormatDuration(w.Response[plans.Business]), plans.FormatDuration(w.Response[plans.OffHours]))
		}
		return fmt.Sprintf("%s: %s; %s has no windows of its own for %s, so the plan's default applies (%s), without a warning.",
			visible(targetOf(v)), f.priorityNames(value), name, visible(v.Priority), def)
	case plans.PriorityUnknown:
		return fmt.Sprintf("%s: priority %q matches no priority of the plans file (%s), so the plan's default applies (%s), with a warning.",
			visible(targetOf(v)), visible(value), visible(strings.Join(f.r.Plans.PriorityKeys(), ", ")), def)
	}
	what := "blank,"
	if value != "" {
		what = fmt.Sprintf("%q, without letters or digits,", visible(value))
	}
	return fmt.Sprintf("%s: the priority is %s so it is not checked, and the plan's default applies (%s).",
		visible(targetOf(v)), what, def)
}

// priorityNames says which priority key a known priority value names:
// `priority "low"` when it is the key itself (case and punctuation aside),
// `priority "P1" names urgent` for an alias.
func (f *explainFacts) priorityNames(value string) string {
	if plans.NormalizePriority(value) == plans.NormalizePriority(f.v.Priority) {
		return fmt.Sprintf("priority %q", visible(value))
	}
	return fmt.Sprintf("priority %q names %s", visible(value), visible(f.v.Priority))
}

// accountText describes an accounts row: plan "premium", from 2026-10-15,
// term contract, 1200.00 USD a month.
func accountText(a *audit.Account, loc *time.Location) string {
	parts := []string{fmt.Sprintf("plan %q", visible(a.Plan))}
	switch {
	case !a.From.IsZero() && !a.To.IsZero():
		parts = append(parts, fmt.Sprintf("%s → %s", boundary(a.From, loc), boundary(a.To, loc)))
	case !a.From.IsZero():
		parts = append(parts, "from "+boundary(a.From, loc))
	case !a.To.IsZero():
		parts = append(parts, "until "+boundary(a.To, loc))
	}
	if a.TermContract {
		parts = append(parts, "term contract")
	} else {
		parts = append(parts, "no term contract")
	}
	if fee, ok := moneyPtr(a.MonthlyFee, a.Currency); ok {
		parts = append(parts, fmt.Sprintf("%s %s a month", fee, a.Currency))
	} else {
		parts = append(parts, "monthly fee unknown")
	}
	return strings.Join(parts, ", ")
}

func (f *explainFacts) day(t time.Time) string { return t.In(f.loc).Format("2006-01-02") }

func (f *explainFacts) hoursText() string {
	v, p := f.v, f.v.Plan
	local := v.Ticket.Submitted.In(f.loc)
	date := plans.DateOf(local)
	f.holiday = p.Holidays.IsHoliday(date)
	hours := fmt.Sprintf("%s in %s", HoursText(p), f.r.Plans.Timezone)
	var where string
	switch {
	case HoursText(p) == "none":
		where = fmt.Sprintf("%s has no business hours (every ticket is off hours)", visible(p.Display))
	case v.Class == plans.Business:
		where = fmt.Sprintf("inside %s business hours (%s)", visible(p.Display), hours)
	case f.holiday && p.InWeeklyHours(v.Ticket.Submitted):
		// SPEC §3.3: a holiday is a whole local day without business hours.
		where = fmt.Sprintf("on a holiday, %s (%s), though within %s's %s hours (%s)",
			date, p.Holidays, visible(p.Display), local.Weekday(), hours)
	case f.holiday:
		where = fmt.Sprintf("outside %s business hours (%s); %s is a holiday (%s) too",
			visible(p.Display), hours, date, p.Holidays)
	default:
		where = fmt.Sprintf("outside %s business hours (%s)", visible(p.Display), hours)
	}
	which := "business-hours"
	if v.Class == plans.OffHours {
		which = "off-hours"
	}
	clock := "elapsed clock"
	if p.Clock == plans.BusinessClock {
		clock = "business clock (only business-hours time counts)"
	}
	return fmt.Sprintf("Submitted %s — %s, so the %s window applies: %s, %s.",
		longStamp(v.Ticket.Submitted, f.loc), where, which, plans.FormatDuration(v.Window), clock)
}

func (f *explainFacts) deadlineText() string {
	v, p := f.v, f.v.Plan
	s := both(v.Deadline, f.loc)
	if p.Clock != plans.BusinessClock {
		// SPEC §3.4: elapsed clock, an absolute duration (DST does not
		// stretch it).
		s = fmt.Sprintf("%s: submission + %s", s, plans.FormatDuration(v.Window))
		from, _ := v.Ticket.Submitted.In(f.loc).Zone()
		to, _ := v.Deadline.In(f.loc).Zone()
		if from != to {
			s += fmt.Sprintf(" of elapsed time (the change from %s to %s inside the window does not stretch it)", from, to)
		}
		return s + "."
	}
	// SPEC §2, §3.4: the business clock starts at the next opening.
	if open := p.NextOpening(v.Ticket.Submitted); open.After(v.Ticket.Submitted) {
		f.clockFrom = open
		return fmt.Sprintf("%s: %s of business-hours time counted from the next opening, %s.",
			s, plans.FormatDuration(v.Window), longStamp(open, f.loc))
	}
	return fmt.Sprintf("%s: %s of business-hours time counted from submission.", s, plans.FormatDuration(v.Window))
}

func (f *explainFacts) responseText() string {
	v, t := f.v, &f.v.Ticket
	rt, ok := v.ResponseTime()
	if !ok {
		return fmt.Sprintf("none by the audit instant, %s.", both(f.r.AsOf, f.loc))
	}
	s := fmt.Sprintf("%s, %s after submission.", both(t.FirstResponse, f.loc), FormatLate(rt))
	if t.FirstResponse.After(f.r.AsOf) {
		// SPEC §3 "Times": a response later than as_of is used as given.
		s += " It is later than the audit instant and is used as given."
	}
	return s
}

func (f *explainFacts) verdictText() string {
	v, t := f.v, &f.v.Ticket
	switch v.Status {
	case audit.Excluded:
		// SPEC §3.2: a channel the plan does not cover excludes the ticket.
		return fmt.Sprintf("excluded: %s (%s covers %s). An excluded ticket counts towards neither attainment nor credit percentages.",
			visible(v.Reason), visible(v.Plan.Display), strings.Join(v.Plan.Channels, ", "))
	case audit.Pending:
		left := v.Deadline.Sub(f.r.AsOf)
		f.margin = &left
		return fmt.Sprintf("pending: no response yet, and %s is left until the deadline at the audit instant.", FormatLate(left))
	case audit.Met:
		spare := v.Deadline.Sub(t.FirstResponse)
		f.margin = &spare
		if spare == 0 {
			return "met: answered exactly at the deadline, which is on time."
		}
		return fmt.Sprintf("met: answered %s before the deadline.", FormatLate(spare))
	}
	var s string
	if v.Unanswered {
		s = fmt.Sprintf("breached: unanswered, %s past the deadline at the audit instant.", FormatLate(v.Late))
	} else {
		s = fmt.Sprintf("breached: answered %s late.", FormatLate(v.Late))
	}
	if v.Severe {
		// SPEC §3.5: severe when late >= window.
		s += fmt.Sprintf(" Severe: %s late is at least the %s window", FormatLate(v.Late), plans.FormatDuration(v.Window))
		if v.Unanswered {
			s += ", so the ticket has waited at least twice the window. Lateness is measured to the audit instant, so severity can change with --as-of."
		} else {
			s += ", so the response took at least twice the window."
		}
	} else {
		s += fmt.Sprintf(" Not severe: less late than the %s window.", plans.FormatDuration(v.Window))
	}
	return s
}

func (f *explainFacts) creditText() []string {
	v, r := f.v, f.r
	sched := r.Plans.Credits
	if v.Account == nil {
		// SPEC §5: customers absent from the accounts file have no credit row.
		return []string{fmt.Sprintf("not in accounts: no accounts row for customer %q is in effect on %s, so the ticket counts towards no credit row.",
			visible(strings.TrimSpace(v.Ticket.Customer)), f.day(v.Ticket.Submitted))}
	}
	f.adds = decimal.Zero
	var effect string
	switch {
	case v.Status == audit.Breached && v.Severe:
		f.countsAs, f.adds = "severe", sched.PerSevere
		effect = fmt.Sprintf("this breach counts as severe: +%s%% (per_severe)", sched.PerSevere)
	case v.Status == audit.Breached:
		f.countsAs, f.adds = "ordinary", sched.PerBreach
		effect = fmt.Sprintf("this breach counts as ordinary: +%s%% (per_breach)", sched.PerBreach)
	default:
		effect = fmt.Sprintf("a %s ticket adds nothing", v.Status)
	}
	if !v.Account.TermContract {
		// SPEC §5: a non-term row has percent 0.
		f.adds = decimal.Zero
		if f.countsAs != "" {
			effect += ", but the accounts row has no term contract, so no credit"
		}
	}
	c := r.CreditOf(v)
	f.creditRow = c
	lines := []string{effect + "."}
	if c == nil {
		return lines
	}
	row := fmt.Sprintf("the credit row %s %s (accounts row %s, %s) has %s",
		visible(c.Customer), c.Month, visible(c.Account.Source.String()), visible(c.Plan), breachCount(c))
	switch {
	case !c.TermContract:
		amount, _ := moneyPtr(c.Amount, c.Currency)
		row += fmt.Sprintf(" → %s: 0%% (%s %s).", c.Reason, amount, c.Currency)
	case c.Amount == nil:
		row += fmt.Sprintf(" → %s%%; %s, so no amount.", c.Percent, c.Reason)
	default:
		fee, _ := moneyPtr(c.MonthlyFee, c.Currency)
		amount, _ := moneyPtr(c.Amount, c.Currency)
		row += fmt.Sprintf(" → %s%%%s of %s %s = %s %s (a recommendation).",
			c.Percent, capNote(sched, c), fee, c.Currency, amount, c.Currency)
	}
	return append(lines, row)
}

func breachCount(c *audit.Credit) string {
	s := fmt.Sprintf("%d breach", c.Breaches)
	if c.Breaches != 1 {
		s += "es"
	}
	if c.Severe > 0 {
		s += fmt.Sprintf(" (%d severe)", c.Severe)
	}
	return s
}

// capNote says when SPEC §5's cap cut the percentage (the engine's
// UncappedPercent).
func capNote(_ plans.CreditSchedule, c *audit.Credit) string {
	if c.UncappedPercent.GreaterThan(c.Percent) {
		return fmt.Sprintf(" (capped: %s%% uncapped)", c.UncappedPercent)
	}
	return ""
}

// timelineEvents lists the instants of the replay, sorted; ties keep the
// order submitted, clock starts, deadline, first response, as-of.
func (f *explainFacts) timelineEvents() []timelineEvent {
	v, t := f.v, &f.v.Ticket
	evs := []timelineEvent{{eventSubmitted, t.Submitted}}
	if !f.clockFrom.IsZero() {
		evs = append(evs, timelineEvent{eventClockStarts, f.clockFrom})
	}
	if v.Status != audit.Excluded {
		evs = append(evs, timelineEvent{eventDeadline, v.Deadline})
	}
	if t.Answered() {
		evs = append(evs, timelineEvent{eventFirstResponse, t.FirstResponse})
	}
	if !t.Answered() || t.FirstResponse.After(f.r.AsOf) {
		evs = append(evs, timelineEvent{eventAsOf, f.r.AsOf})
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].at.Before(evs[j].at) })
	return evs
}

// headline is the verdict in a word or two: met, breached, severe breach,
// pending, excluded.
func (f *explainFacts) headline() string {
	if f.v.Severe {
		return "severe breach"
	}
	return f.v.Status.String()
}

// narrative is the explanation as sentences, for JSON.
func (f *explainFacts) narrative() []string {
	out := []string{fmt.Sprintf("Row %s, customer %q.", visible(f.v.Ticket.Source.String()), visible(f.v.Ticket.Customer)),
		"Plan: " + f.plan}
	for _, w := range ticketWarnings(f.v) {
		out = append(out, "Warning: "+visible(w))
	}
	if f.target != "" {
		out = append(out, "Target: "+f.target)
	}
	if f.hours != "" {
		out = append(out, f.hours, "Deadline: "+f.deadline)
	}
	out = append(out, "Response: "+f.response, "Verdict: "+f.verdict)
	for _, c := range f.credit {
		out = append(out, "Credit: "+c)
	}
	return out
}

// Explain writes the explanation of one verdict of r for people: where the
// row came from, how its plan was resolved (SPEC §3.1) and any warnings, the
// business-hours rule its submission fell in or out of with the local time
// and weekday, the window and its clock, the deadline in the plan's zone and
// in UTC, the first response, the verdict and lateness, with m.Accounts the
// ticket's effect on its credit row (SPEC §5), then a timeline of the
// replay's instants and the reader's trail (Ticket.Trail) when there is one.
// v need not be in r.Tickets; r supplies the audit instant, the period, the
// plans, the credit rows and the rejected rows (those with v's id are
// listed). With o.Color the verdict is coloured.
func Explain(w io.Writer, r *audit.Result, v *audit.Verdict, m Meta, o Options) error {
	f := newExplainFacts(r, v, m)
	return withColors(o, func() error {
		p := &printer{w: w}
		head := f.headline()
		switch {
		case v.Severe:
			head = paint(o, colorSevere, head)
		case v.Status == audit.Breached:
			head = paint(o, colorBreach, head)
		case v.Status == audit.Met:
			head = paint(o, colorMet, head)
		}
		p.printf("Ticket %s: %s\n", visible(v.Ticket.ID), head)
		p.printf("As of %s; period %s\n", asOfText(r, m), PeriodText(r))
		p.println("")
		t := &v.Ticket
		field := func(label, value string) { p.printf("%-10s%s\n", label+":", value) }
		field("Row", visible(t.Source.String()))
		field("Customer", orDash(visible(t.Customer)))
		channel := visible(t.Channel)
		if strings.TrimSpace(channel) == "" {
			channel = "— (blank, not checked)"
		}
		field("Channel", channel)
		field("Priority", orDash(visible(t.Priority)))
		p.println("")
		field("Plan", f.plan)
		for _, w := range ticketWarnings(v) {
			field("Warning", visible(w))
		}
		if f.target != "" {
			field("Target", f.target)
		}
		if f.hours != "" {
			field("Hours", f.hours)
			field("Deadline", f.deadline)
		}
		field("Response", f.response)
		field("Verdict", f.verdict)
		for i, c := range f.credit {
			if i == 0 {
				field("Credit", c)
			} else {
				p.printf("%-10s%s\n", "", c)
			}
		}
		for _, rj := range f.sameID {
			field("Also", fmt.Sprintf("another row with this id was rejected: %s", visible(rj.Error())))
		}
		p.println("")
		p.printf("Timeline (%s and UTC)\n", r.Plans.Timezone)
		wl, wu := 0, 0
		for _, e := range f.timeline {
			wl, wu = max(wl, len(longStamp(e.at, f.loc))), max(wu, len(instant(e.at)))
		}
		for _, e := range f.timeline {
			p.printf("  %-*s  %-*s  %s\n", wl, longStamp(e.at, f.loc), wu, instant(e.at), eventText[e.event])
		}
		if len(t.Trail) > 0 {
			p.println("")
			p.println("Trail")
			for _, line := range t.Trail {
				p.println("  " + visible(line))
			}
		}
		if m.Accounts && f.creditRow != nil && f.creditRow.TermContract {
			p.println("")
			p.println(creditFooter)
		}
		return p.err
	})
}

// The JSON shape of explain, schema_version 1.

type jsonExplain struct {
	SchemaVersion  int                 `json:"schema_version"`
	AsOf           string              `json:"as_of"`
	Timezone       string              `json:"timezone"`
	Period         jsonPeriod          `json:"period"`
	Ticket         jsonTicket          `json:"ticket"`
	PlanResolution jsonPlanResolution  `json:"plan_resolution"`
	Target         *jsonTarget         `json:"target"`
	BusinessHours  *jsonBusinessHours  `json:"business_hours"`
	MarginSeconds  *int64              `json:"margin_seconds"`
	Timeline       []jsonTimelineEvent `json:"timeline"`
	Trail          []string            `json:"trail"`
	Credit         *jsonExplainCredit  `json:"credit"`
	RejectedSameID []jsonRejected      `json:"rejected_same_id"`
	Explanation    []string            `json:"explanation"`
}

type jsonPlanResolution struct {
	Source        string           `json:"source"`
	Plan          string           `json:"plan"`
	Display       string           `json:"display"`
	EffectiveFrom *string          `json:"effective_from"`
	Column        string           `json:"column"`
	AccountsRow   *jsonAccountsRow `json:"accounts_row"`
	Warnings      []string         `json:"warnings"`
}

// jsonTarget is the windows an explained ticket was held to and how its
// priority was read (SPEC §11); null for an excluded ticket.
type jsonTarget struct {
	Target string `json:"target"`
	// Value is the ticket's priority as written.
	Value string `json:"value"`
	// Match is unchecked (no priorities list), blank, known or unknown.
	Match string `json:"match"`
	// Priority is the priority key the value names, or null.
	Priority *string `json:"priority"`
	// Own says the plan version has windows of its own for the priority;
	// otherwise its default applied.
	Own             bool  `json:"own"`
	BusinessSeconds int64 `json:"business_seconds"`
	OffHoursSeconds int64 `json:"off_hours_seconds"`
}

type jsonAccountsRow struct {
	Source       string  `json:"source"`
	Customer     string  `json:"customer"`
	Plan         string  `json:"plan"`
	TermContract bool    `json:"term_contract"`
	MonthlyFee   *string `json:"monthly_fee"`
	Currency     string  `json:"currency"`
	From         *string `json:"from"`
	To           *string `json:"to"`
}

type jsonBusinessHours struct {
	Timezone       string  `json:"timezone"`
	SubmittedLocal string  `json:"submitted_local"`
	Weekday        string  `json:"weekday"`
	Hours          string  `json:"hours"`
	Holiday        bool    `json:"holiday"`
	Class          string  `json:"class"`
	WindowSeconds  int64   `json:"window_seconds"`
	Clock          string  `json:"clock"`
	ClockStarts    *string `json:"clock_starts"`
}

type jsonTimelineEvent struct {
	Event string `json:"event"`
	At    string `json:"at"`
	Local string `json:"local"`
}

type jsonExplainCredit struct {
	// CountsAs is "ordinary" or "severe" for a breach, else null.
	CountsAs *string `json:"counts_as"`
	// AddsPercent is the schedule rate the ticket adds to its row.
	AddsPercent    string      `json:"adds_percent"`
	AccountsSource *string     `json:"accounts_source"`
	Row            *jsonCredit `json:"row"`
	// Reason is "not in accounts" when no accounts row covers the ticket.
	Reason string `json:"reason"`
}

// localRFC3339 formats t as RFC 3339 with loc's offset.
func localRFC3339(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(time.RFC3339Nano)
}

func optInstant(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := instant(t)
	return &s
}

// ExplainJSON writes the explanation of one verdict of r as JSON,
// schema_version 1: as_of, timezone and period as in check's JSON; ticket,
// the same object as a ticket of check's JSON; plan_resolution (source
// "column", "accounts" or "default", the plan, the ticket's plan column as
// written, the accounts row or null, and the audit's warnings); target
// (null for an excluded ticket: the windows the ticket was held to and how
// its priority was read, SPEC §11);
// business_hours (null for an excluded ticket); margin_seconds (time to
// spare for a met ticket, time left for a pending one, else null); timeline
// (events submitted, clock_starts, deadline, first_response and as_of, each
// at an RFC 3339 UTC instant and local in the plan's zone, sorted); trail
// (the reader's Ticket.Trail, [] when none); credit (null without
// m.Accounts); rejected_same_id (rejected rows with the same id); and
// explanation, the narrative as sentences.
func ExplainJSON(w io.Writer, r *audit.Result, v *audit.Verdict, m Meta) error {
	f := newExplainFacts(r, v, m)
	t := &v.Ticket
	out := jsonExplain{
		SchemaVersion: SchemaVersion,
		AsOf:          instant(r.AsOf),
		Timezone:      r.Plans.Timezone,
		Period:        periodJSON(r),
		Ticket:        ticketJSON(v),
		PlanResolution: jsonPlanResolution{
			Source: v.PlanSource.String(),
			Plan:   v.Plan.Key, Display: v.Plan.Display,
			EffectiveFrom: optInstant(v.Plan.EffectiveFrom),
			Column:        t.Plan,
			Warnings:      append([]string{}, v.Warnings...),
		},
		Timeline:       make([]jsonTimelineEvent, 0, len(f.timeline)),
		Trail:          append([]string{}, t.Trail...),
		RejectedSameID: rejectedJSON(slices.Values(f.sameID), len(f.sameID)),
		Explanation:    f.narrative(),
	}
	if a := v.Account; a != nil {
		row := &jsonAccountsRow{Source: a.Source.String(), Customer: a.Customer, Plan: a.Plan,
			TermContract: a.TermContract, Currency: a.Currency, From: optInstant(a.From), To: optInstant(a.To)}
		if s, ok := moneyPtr(a.MonthlyFee, a.Currency); ok {
			row.MonthlyFee = &s
		}
		out.PlanResolution.AccountsRow = row
	}
	if v.Status != audit.Excluded {
		jt := &jsonTarget{Target: targetOf(v), Value: t.Priority, Match: v.PriorityMatch.String()}
		windows := v.Plan.Response
		if v.Priority != "" {
			key := v.Priority
			jt.Priority = &key
			if w := v.Plan.WindowsFor(key); w != nil {
				jt.Own, windows = true, w.Response
			}
		}
		jt.BusinessSeconds, jt.OffHoursSeconds = seconds(windows[plans.Business]), seconds(windows[plans.OffHours])
		out.Target = jt
		local := t.Submitted.In(f.loc)
		out.BusinessHours = &jsonBusinessHours{
			Timezone:       r.Plans.Timezone,
			SubmittedLocal: localRFC3339(t.Submitted, f.loc),
			Weekday:        local.Weekday().String(),
			Hours:          HoursText(v.Plan),
			Holiday:        f.holiday,
			Class:          v.Class.String(),
			WindowSeconds:  seconds(v.Window),
			Clock:          v.Plan.Clock.String(),
			ClockStarts:    optInstant(f.clockFrom),
		}
	}
	if f.margin != nil {
		s := seconds(*f.margin)
		out.MarginSeconds = &s
	}
	for _, e := range f.timeline {
		out.Timeline = append(out.Timeline, jsonTimelineEvent{Event: e.event, At: instant(e.at), Local: localRFC3339(e.at, f.loc)})
	}
	if m.Accounts {
		c := &jsonExplainCredit{AddsPercent: f.adds.String()}
		if f.countsAs != "" {
			c.CountsAs = &f.countsAs
		}
		if v.Account == nil {
			c.Reason = "not in accounts"
		} else {
			src := v.Account.Source.String()
			c.AccountsSource = &src
		}
		// creditsJSON keeps r.Credits' order, so the row's index finds it.
		for i, jc := range creditsJSON(r, false) {
			if &r.Credits[i] == f.creditRow {
				c.Row = &jc
				break
			}
		}
		out.Credit = c
	}
	return encode(w, out)
}
