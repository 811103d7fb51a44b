package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jedib0t/go-pretty/v6/table"

	"github.com/slaaudit/slaaudit/plans"
)

// weekOrder lists the weekdays as the policy reads them, Monday first.
var weekOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday,
	time.Thursday, time.Friday, time.Saturday, time.Sunday}

// HoursText summarises a plan's weekly business hours readably: "none",
// "every hour", "every day 06:00–21:00", "Mon–Fri 07:00–19:00", or runs of
// equal days separated by "; " ("Mon–Fri 07:00–19:00; Sat 09:00–13:00").
func HoursText(p *plans.Plan) string {
	ranges := func(wd time.Weekday) string {
		var parts []string
		for _, r := range p.Hours[wd] {
			parts = append(parts, strings.Replace(r.String(), "-", "–", 1))
		}
		return strings.Join(parts, ", ")
	}
	all := ranges(time.Monday)
	same := true
	for _, wd := range weekOrder {
		if ranges(wd) != all {
			same = false
		}
	}
	switch {
	case same && all == "":
		return "none"
	case same && all == "00:00–24:00":
		return "every hour"
	case same:
		return "every day " + all
	}
	var runs []string
	for i := 0; i < len(weekOrder); {
		j, rs := i, ranges(weekOrder[i])
		for j+1 < len(weekOrder) && ranges(weekOrder[j+1]) == rs {
			j++
		}
		if rs != "" {
			days := weekOrder[i].String()[:3]
			if j > i {
				days += "–" + weekOrder[j].String()[:3]
			}
			runs = append(runs, days+" "+rs)
		}
		i = j + 1
	}
	return strings.Join(runs, "; ")
}

// versioned reports whether a key has several versions in the set.
func versioned(s *plans.Set) map[string]bool {
	n := map[string]int{}
	for _, p := range s.Plans {
		n[p.Key]++
	}
	out := map[string]bool{}
	for k, c := range n {
		out[k] = c > 1
	}
	return out
}

// Plans writes the `slaaudit plans` table. It mirrors the policy's own
// table: one row per attribute, one column per plan (each version of a plan
// with several, headed with its effective date) in file order. Below it come
// the time zone and source, the credit schedule and the readings the set
// takes where the policy is ambiguous (SPEC §2).
func Plans(w io.Writer, s *plans.Set, o Options) error {
	return withColors(o, func() error {
		p := &printer{w: w}
		multi := versioned(s)
		header := table.Row{""}
		for _, pl := range s.Plans {
			name := visible(pl.Display)
			if multi[pl.Key] {
				name += " (" + effectiveText(pl) + ")"
			}
			header = append(header, name)
		}
		t := newTable()
		t.AppendHeader(header)
		attr := func(name string, f func(*plans.Plan) string) {
			row := table.Row{name}
			for _, pl := range s.Plans {
				row = append(row, visible(f(pl)))
			}
			t.AppendRow(row)
		}
		attr("Ticket prioritization", func(pl *plans.Plan) string { return orDash(pl.Priority) })
		attr("Business support hours", HoursText)
		attr("Response time (business hours)", func(pl *plans.Plan) string { return plans.FormatDuration(pl.Window(plans.Business)) })
		attr("Response time (off hours)", func(pl *plans.Plan) string { return plans.FormatDuration(pl.Window(plans.OffHours)) })
		// SPEC §11: one row per priority, when the file has a vocabulary.
		for _, pr := range s.Priorities {
			attr(fmt.Sprintf("  %s (business / off hours)", pr.Key), func(pl *plans.Plan) string {
				if w := pl.WindowsFor(pr.Key); w != nil {
					return windowsText(w.Response)
				}
				return "default (" + windowsText(pl.Response) + ")"
			})
		}
		attr("Communication channels", func(pl *plans.Plan) string { return strings.Join(pl.Channels, ", ") })
		attr("Technical account manager", func(pl *plans.Plan) string { return yesNo(pl.TAM) })
		attr("Clock", func(pl *plans.Plan) string { return pl.Clock.String() })
		attr("Holidays", func(pl *plans.Plan) string { return pl.Holidays.String() })
		attr("Aliases", func(pl *plans.Plan) string { return orDash(strings.Join(pl.Aliases, ", ")) })
		p.println(t.Render())
		p.println("")
		if s.HasPriorities() {
			p.println("Priorities (most urgent first; values match keys and aliases by their letters and digits, case aside):")
			for _, pr := range s.Priorities {
				line := "  " + visible(pr.Key)
				if len(pr.Aliases) > 0 {
					quoted := make([]string, len(pr.Aliases))
					for i, a := range pr.Aliases {
						quoted[i] = fmt.Sprintf("%q", a)
					}
					line += ": " + visible(strings.Join(quoted, ", "))
				}
				p.println(line)
			}
			p.println("")
		}
		p.printf("Time zone:  %s\n", s.Timezone)
		p.printf("Source:     %s\n", visible(s.Source))
		p.printf("Credits:    %s%% of the monthly fee per breach, %s%% per severe breach, at most %s%%,\n",
			s.Credits.PerBreach, s.Credits.PerSevere, s.Credits.Cap)
		p.println("            per customer and calendar month, for term contracts only (recommendations).")
		p.println("")
		p.println("Readings of the policy:")
		for _, r := range Readings(s) {
			p.println("  - " + r)
		}
		return p.err
	})
}

// Readings describes, one sentence each, how the set reads the points where
// the policy is ambiguous (SPEC §2): the time zone, days and hours, holidays
// and the clock. The sentences are derived from the set, so a custom plans
// file is described as it is.
func Readings(s *plans.Set) []string {
	var out []string
	if s.Timezone == "America/Los_Angeles" {
		out = append(out, `"PST" is read as Pacific civil time, America/Los_Angeles (PST in winter, PDT in summer); for the literal fixed offset set timezone: Etc/GMT+8.`)
	} else {
		out = append(out, fmt.Sprintf("Business hours are read in %s, as the plans file says.", s.Timezone))
	}
	anyHolidays, allElapsed := false, true
	multi := versioned(s)
	for _, p := range s.Plans {
		name := visible(p.Display)
		if multi[p.Key] {
			name += " (" + effectiveText(p) + ")"
		}
		switch h := HoursText(p); {
		case h == "none":
			out = append(out, fmt.Sprintf("%s has no business hours: every ticket is classed off hours (%s window).",
				name, plans.FormatDuration(p.Window(plans.OffHours))))
		case h == "every hour" && p.Holidays.Empty():
			out = append(out, fmt.Sprintf("%s business hours cover every hour, so every ticket is a business-hours ticket (%s window); the %s off-hours window applies only if a plans file narrows the hours or adds holidays.",
				name, plans.FormatDuration(p.Window(plans.Business)), plans.FormatDuration(p.Window(plans.OffHours))))
		case strings.HasPrefix(h, "every day "):
			why := ""
			if s.Source == "built-in" {
				why = " (the policy names no weekdays, and a contract is read in the customer's favour)"
			}
			out = append(out, fmt.Sprintf("%s hours apply every day of the week, weekends included%s.", name, why))
		}
		if !p.Holidays.Empty() {
			anyHolidays = true
		}
		if p.Clock != plans.Elapsed {
			allElapsed = false
			out = append(out, fmt.Sprintf("%s uses the business clock: its window counts only business-hours time, so a ticket submitted off hours starts counting at the next opening.", name))
		}
	}
	if s.HasPriorities() {
		// SPEC §11.
		out = append(out, "Ticket priorities are read against the priorities list: a ticket gets its priority's own windows where its plan version has them, else the plan's default; a blank priority (or one without letters or digits, such as -) gets the default silently, any other unknown value the default and a warning.")
	}
	if !anyHolidays {
		out = append(out, "No holidays: the policy names none. A plans file can add a holiday calendar (e.g. us) or explicit dates.")
	} else {
		out = append(out, "Holidays are whole local days without business hours, as listed in the table.")
	}
	if allElapsed {
		out = append(out, "Elapsed clock: a window is wall-clock time from submission, since separate off-hours windows would make no sense if the clock stopped outside business hours.")
	} else {
		out = append(out, "Every other plan uses the elapsed clock: its window is wall-clock time from submission.")
	}
	return out
}

// windowsText formats a pair of windows as "1h / 6h" (business / off
// hours).
func windowsText(r [2]time.Duration) string {
	return plans.FormatDuration(r[plans.Business]) + " / " + plans.FormatDuration(r[plans.OffHours])
}

func effectiveText(p *plans.Plan) string {
	if p.EffectiveFrom.IsZero() {
		return "from the start"
	}
	return "from " + boundary(p.EffectiveFrom, p.Location)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

type jsonPlansFile struct {
	SchemaVersion int    `json:"schema_version"`
	Timezone      string `json:"timezone"`
	Source        string `json:"source"`
	// SPEC §11: present when the file has a priorities list.
	Priorities []jsonPriority     `json:"priorities,omitzero"`
	Plans      []jsonPlan         `json:"plans"`
	Credits    jsonCreditSchedule `json:"credits"`
}

type jsonPlan struct {
	Key           string       `json:"key"`
	Display       string       `json:"display"`
	Aliases       []string     `json:"aliases"`
	Priority      string       `json:"priority"`
	Channels      []string     `json:"channels"`
	TAM           bool         `json:"tam"`
	BusinessHours jsonWeek     `json:"business_hours"`
	Holidays      jsonHolidays `json:"holidays"`
	Response      jsonResponse `json:"response"`
	// SPEC §11: present when the plan version has windows per priority.
	ResponseByPriority []jsonPriorityResponse `json:"response_by_priority,omitzero"`
	Clock              string                 `json:"clock"`
	EffectiveFrom      *string                `json:"effective_from"`
}

type jsonWeek struct {
	Mon []string `json:"mon"`
	Tue []string `json:"tue"`
	Wed []string `json:"wed"`
	Thu []string `json:"thu"`
	Fri []string `json:"fri"`
	Sat []string `json:"sat"`
	Sun []string `json:"sun"`
}

type jsonHolidays struct {
	Calendars []string `json:"calendars"`
	// Dates holds single dates and inclusive ranges written first..last.
	Dates []string `json:"dates"`
}

type jsonResponse struct {
	BusinessSeconds int64 `json:"business_seconds"`
	OffHoursSeconds int64 `json:"off_hours_seconds"`
}

type jsonPriority struct {
	Key     string   `json:"key"`
	Aliases []string `json:"aliases"`
}

type jsonPriorityResponse struct {
	Priority        string `json:"priority"`
	Target          string `json:"target"`
	BusinessSeconds int64  `json:"business_seconds"`
	OffHoursSeconds int64  `json:"off_hours_seconds"`
}

type jsonCreditSchedule struct {
	PerBreach string `json:"per_breach"`
	PerSevere string `json:"per_severe"`
	Cap       string `json:"cap"`
}

// PlansJSON writes a JSON description of the set (schema_version 1): the
// time zone and source; the priorities list when the file has one (SPEC
// §11); each plan version in file order with its business
// hours per weekday ("07:00-19:00"), holidays, response windows in seconds,
// clock and effective_from (RFC 3339 UTC, or null), response_by_priority
// when the version has windows per priority; and the credit schedule
// as decimal strings.
func PlansJSON(w io.Writer, s *plans.Set) error {
	out := jsonPlansFile{SchemaVersion: SchemaVersion, Timezone: s.Timezone, Source: s.Source,
		Plans: make([]jsonPlan, 0, len(s.Plans)),
		Credits: jsonCreditSchedule{PerBreach: s.Credits.PerBreach.String(),
			PerSevere: s.Credits.PerSevere.String(), Cap: s.Credits.Cap.String()}}
	for _, pr := range s.Priorities {
		out.Priorities = append(out.Priorities, jsonPriority{Key: pr.Key, Aliases: append([]string{}, pr.Aliases...)})
	}
	for _, p := range s.Plans {
		day := func(wd time.Weekday) []string {
			out := []string{}
			for _, r := range p.Hours[wd] {
				out = append(out, r.String())
			}
			return out
		}
		jp := jsonPlan{
			Key: p.Key, Display: p.Display, Aliases: append([]string{}, p.Aliases...),
			Priority: p.Priority, Channels: append([]string{}, p.Channels...), TAM: p.TAM,
			BusinessHours: jsonWeek{day(time.Monday), day(time.Tuesday), day(time.Wednesday),
				day(time.Thursday), day(time.Friday), day(time.Saturday), day(time.Sunday)},
			Holidays: jsonHolidays{Calendars: []string{}, Dates: []string{}},
			Response: jsonResponse{BusinessSeconds: seconds(p.Window(plans.Business)),
				OffHoursSeconds: seconds(p.Window(plans.OffHours))},
			Clock: p.Clock.String(),
		}
		for _, w := range p.ByPriority {
			jp.ResponseByPriority = append(jp.ResponseByPriority, jsonPriorityResponse{
				Priority: w.Priority, Target: p.Target(w.Priority),
				BusinessSeconds: seconds(w.Response[plans.Business]),
				OffHoursSeconds: seconds(w.Response[plans.OffHours])})
		}
		if h := p.Holidays; h != nil {
			jp.Holidays.Calendars = append(jp.Holidays.Calendars, h.Calendars...)
			for _, d := range h.Dates {
				jp.Holidays.Dates = append(jp.Holidays.Dates, d.String())
			}
			for _, r := range h.Ranges {
				jp.Holidays.Dates = append(jp.Holidays.Dates, r[0].String()+".."+r[1].String())
			}
		}
		if !p.EffectiveFrom.IsZero() {
			e := instant(p.EffectiveFrom)
			jp.EffectiveFrom = &e
		}
		out.Plans = append(out.Plans, jp)
	}
	return encode(w, out)
}
