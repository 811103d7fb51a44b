package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/slaaudit/slaaudit/audit"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	ClassName string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// JUnit writes the report as JUnit XML for CI (the schema Jenkins and
// GitLab read). There is one testsuite per plan in summary order, named by
// plan key, with one testcase per audited or excluded ticket in input order
// (r.Tickets, so the audit must keep them): a breach is a failure (type
// "breach", severity in the message), an excluded ticket is skipped with
// its reason, and met and pending tickets pass (pending ones say so in
// system-out). Rejected rows form a last testsuite "rejected" with one
// error each. The testsuites totals are: tests = audited + excluded +
// rejected, failures = breached, errors = rejected, skipped = excluded.
func JUnit(w io.Writer, r *audit.Result, m Meta) error {
	root := junitSuites{Name: "slaaudit", Time: "0"}
	byPlan := map[string]*junitSuite{}
	for _, s := range r.Summary {
		root.Suites = append(root.Suites, junitSuite{Name: s.Plan, Time: "0"})
	}
	for i := range root.Suites {
		byPlan[root.Suites[i].Name] = &root.Suites[i]
	}
	for i := range r.Tickets {
		v := &r.Tickets[i]
		s := byPlan[v.Plan.Key]
		if s == nil {
			continue // not possible: Summary has every plan with a ticket
		}
		s.Tests++
		tc := junitCase{ClassName: "slaaudit." + v.Plan.Key,
			Name: v.Ticket.ID + " " + v.Ticket.Customer, Time: "0"}
		switch v.Status {
		case audit.Breached:
			s.Failures++
			tc.Failure = &junitProblem{Message: breachMessage(v), Type: "breach", Body: breachDetail(r, v)}
		case audit.Excluded:
			s.Skipped++
			tc.Skipped = &junitSkipped{Message: v.Reason}
		case audit.Pending:
			tc.SystemOut = fmt.Sprintf("pending: no response yet; deadline %s", instant(v.Deadline))
		}
		s.Cases = append(s.Cases, tc)
	}
	if r.Rejected.Len() > 0 {
		s := junitSuite{Name: "rejected", Time: "0"}
		for _, rj := range r.Rejected.All() {
			s.Tests++
			s.Errors++
			msg := rj.Reason
			if rj.Field != "" {
				msg = rj.Field + ": " + rj.Reason
			}
			s.Cases = append(s.Cases, junitCase{ClassName: "slaaudit.rejected",
				Name: rj.Source.String(), Time: "0",
				Error: &junitProblem{Message: msg, Type: "rejected"}})
		}
		root.Suites = append(root.Suites, s)
	}
	for _, s := range root.Suites {
		root.Tests += s.Tests
		root.Failures += s.Failures
		root.Errors += s.Errors
		root.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// breachMessage is the one-line failure message:
// "breached: deadline 2026-10-02T18:30:00Z, late 15m00s".
func breachMessage(v *audit.Verdict) string {
	kind := "breached"
	if v.Severe {
		kind = "severe breach"
	}
	if v.Unanswered {
		kind += " (unanswered)"
	}
	return fmt.Sprintf("%s: deadline %s, late %s", kind, instant(v.Deadline), FormatLate(v.Late))
}

// breachDetail is the failure body: the replay of the ticket.
func breachDetail(r *audit.Result, v *audit.Verdict) string {
	var b strings.Builder
	loc := v.Plan.Location
	if loc == nil {
		loc = r.Plans.Location
	}
	fmt.Fprintf(&b, "ticket %s, customer %s, plan %s, source %s\n", v.Ticket.ID, v.Ticket.Customer, v.Plan.Key, v.Ticket.Source)
	fmt.Fprintf(&b, "submitted %s (%s), class %s, window %s\n", instant(v.Ticket.Submitted),
		stamp(v.Ticket.Submitted, loc), v.Class, formatWindow(v.Window))
	fmt.Fprintf(&b, "deadline %s (%s)\n", instant(v.Deadline), stamp(v.Deadline, loc))
	if v.Unanswered {
		fmt.Fprintf(&b, "unanswered as of %s, late %s (%d s)", instant(r.AsOf), FormatLate(v.Late), seconds(v.Late))
	} else {
		fmt.Fprintf(&b, "first response %s, late %s (%d s)", instant(v.Ticket.FirstResponse), FormatLate(v.Late), seconds(v.Late))
	}
	if v.Severe {
		// SPEC §3.5: severe when late by at least the window.
		b.WriteString("; severe: late by at least the window")
	}
	return b.String()
}
