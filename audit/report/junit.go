package report

import (
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

// The JUnit report is valid against the de-facto JUnit schema CI servers
// validate against: Jenkins' junit-10.xsd (jenkinsci/xunit-plugin). The
// rules of that schema are written down as our own schema in
// testdata/junit/jenkins-junit.xsd and checked with xmllint by
// TestJUnitValidatesAgainstJenkinsXSD. Its
// <testsuites> allows only name, time, tests, failures, disabled and
// errors: the skipped count belongs on each <testsuite>. The conventions
// GitLab, Jenkins and GitHub test reporters rely on are kept: every
// testcase has a classname ("slaaudit.<plan>": the report groups by it) and
// a time in seconds ("0": a replay takes no time worth reporting). Each
// testcase also names the export row it came from (file, and line unless
// the source is a JSON array index), as the schema allows.

// JUnitTickets holds the testcases of a JUnit report while an audit runs,
// so that the audit need not keep its verdicts (README "Performance"). Feed
// it every verdict with Add (audit.Options.OnVerdict), then write with
// JUnitWithTickets. Each ticket waits as one compact binary record (its id
// and customer, a few varints; the replay of a breach) in input order: some
// 15 to 45 bytes a ticket, against some 300 for a kept verdict.
type JUnitTickets struct {
	// chunks hold the records; a record never spans two chunks, and a
	// chunk never grows past junitChunk, so growth copies little.
	chunks  [][]byte
	n       int
	plans   []*plans.Plan
	files   []string
	reasons map[string]int
	reasonL []string
	// customers interns the customer names: an export has far fewer
	// customers than tickets.
	customers map[string]uint32
	customerL []string
}

// NewJUnitTickets returns an empty collection.
func NewJUnitTickets() *JUnitTickets {
	return &JUnitTickets{reasons: map[string]int{}, customers: map[string]uint32{}}
}

// Flags of a JUnit record, its first byte after the plan index.
const (
	jStatusMask = 3 // audit.Status
	jSevere     = 1 << 2
	jUnanswered = 1 << 3
	jBusiness   = 1 << 4
	jIndex      = 1 << 5 // the source is a JSON array index
	jNumericID  = 1 << 6 // the id is a decimal number, stored as a uvarint
)

// maxCustomers bounds the customer names interned; further ones are stored
// in their record.
const maxCustomers = 1 << 16

// maxReasons bounds the distinct exclusion reasons stored once; further
// ones are stored in their record.
const maxReasons = 1024

// A record is: uvarint plan index; flags; the id (a uvarint when it is a
// decimal number without leading zeros, else uvarint length and bytes);
// the customer (index + 1 of an interned name, or 0, length and bytes);
// file index and line (or array index); then by status
//
//	breached: submitted (zigzag seconds,
//	          nanoseconds), window, deadline − submitted, late (zigzag
//	          nanoseconds), and when answered, response − submitted
//	pending:  deadline (zigzag seconds, nanoseconds)
//	excluded: reason index + 1, or 0 and the reason
//	met:      nothing.

// junitChunk is the size from which a chunk of records is full.
const junitChunk = 64 << 10

// Add appends the testcase of verdict v. It keeps no reference to v.
func (j *JUnitTickets) Add(v *audit.Verdict) {
	if len(j.chunks) == 0 || len(j.chunks[len(j.chunks)-1]) >= junitChunk {
		j.chunks = append(j.chunks, make([]byte, 0, junitChunk+256))
	}
	b := j.chunks[len(j.chunks)-1]
	b = binary.AppendUvarint(b, uint64(j.planIndex(v.Plan)))
	flags := byte(v.Status) & jStatusMask
	if v.Severe {
		flags |= jSevere
	}
	if v.Unanswered {
		flags |= jUnanswered
	}
	if v.Class == plans.Business {
		flags |= jBusiness
	}
	if v.Ticket.Source.IsIndex {
		flags |= jIndex
	}
	n, numeric := audit.DecimalID(v.Ticket.ID, 19) // any uint64 is a uvarint
	if numeric {
		flags |= jNumericID
	}
	b = append(b, flags)
	if numeric {
		b = binary.AppendUvarint(b, n)
	} else {
		b = appendRecString(b, v.Ticket.ID)
	}
	b = j.appendCustomer(b, v.Ticket.Customer)
	src := v.Ticket.Source
	b = binary.AppendUvarint(b, uint64(j.fileIndex(src.File)))
	pos := src.Line
	if src.IsIndex {
		pos = src.Index
	}
	b = binary.AppendUvarint(b, uint64(pos))
	switch v.Status {
	case audit.Breached:
		sub := v.Ticket.Submitted
		b = binary.AppendVarint(b, sub.Unix())
		b = binary.AppendUvarint(b, uint64(sub.Nanosecond()))
		b = binary.AppendVarint(b, int64(v.Window))
		b = binary.AppendVarint(b, int64(v.Deadline.Sub(sub)))
		b = binary.AppendVarint(b, int64(v.Late))
		if v.Ticket.Answered() {
			b = binary.AppendVarint(b, int64(v.Ticket.FirstResponse.Sub(sub)))
		}
	case audit.Pending:
		b = binary.AppendVarint(b, v.Deadline.Unix())
		b = binary.AppendUvarint(b, uint64(v.Deadline.Nanosecond()))
	case audit.Excluded:
		if i, ok := j.reasons[v.Reason]; ok {
			b = binary.AppendUvarint(b, uint64(i+1))
		} else if len(j.reasonL) < maxReasons {
			j.reasons[strings.Clone(v.Reason)] = len(j.reasonL)
			j.reasonL = append(j.reasonL, strings.Clone(v.Reason))
			b = binary.AppendUvarint(b, uint64(len(j.reasonL)))
		} else {
			b = binary.AppendUvarint(b, 0)
			b = appendRecString(b, v.Reason)
		}
	}
	j.chunks[len(j.chunks)-1] = b
	j.n++
}

// appendCustomer appends the customer name: a reference to an interned name,
// or 0 and the name.
func (j *JUnitTickets) appendCustomer(b []byte, name string) []byte {
	ref, ok := j.customers[name]
	if !ok {
		if len(j.customerL) >= maxCustomers {
			return appendRecString(binary.AppendUvarint(b, 0), name)
		}
		name = strings.Clone(name)
		j.customerL = append(j.customerL, name)
		ref = uint32(len(j.customerL))
		j.customers[name] = ref
	}
	return binary.AppendUvarint(b, uint64(ref))
}

func (j *JUnitTickets) planIndex(p *plans.Plan) int {
	for i, q := range j.plans {
		if q == p {
			return i
		}
	}
	j.plans = append(j.plans, p)
	return len(j.plans) - 1
}

func (j *JUnitTickets) fileIndex(f string) int {
	for i, g := range j.files {
		if g == f {
			return i
		}
	}
	j.files = append(j.files, strings.Clone(f))
	return len(j.files) - 1
}

// junitCase is one decoded record.
type junitCase struct {
	plan       *plans.Plan
	status     audit.Status
	severe     bool
	unanswered bool
	class      plans.Class
	id         string
	customer   string
	source     audit.Source
	submitted  time.Time
	window     time.Duration
	deadline   time.Time
	late       time.Duration
	response   time.Time // zero when unanswered
	reason     string
}

// each decodes the records in input order.
func (j *JUnitTickets) each(f func(*junitCase) error) error {
	for _, chunk := range j.chunks {
		if err := j.eachIn(chunk, f); err != nil {
			return err
		}
	}
	return nil
}

func (j *JUnitTickets) eachIn(chunk []byte, f func(*junitCase) error) error {
	r := recReader{b: chunk}
	var c junitCase
	for r.more() {
		c = junitCase{}
		c.plan = j.plans[r.uvarint()]
		flags := r.byte()
		c.status = audit.Status(flags & jStatusMask)
		c.severe = flags&jSevere != 0
		c.unanswered = flags&jUnanswered != 0
		c.class = plans.OffHours
		if flags&jBusiness != 0 {
			c.class = plans.Business
		}
		if flags&jNumericID != 0 {
			c.id = strconv.FormatUint(r.uvarint(), 10)
		} else {
			c.id = string(r.bytes())
		}
		if ref := r.uvarint(); ref > 0 {
			c.customer = j.customerL[ref-1]
		} else {
			c.customer = string(r.bytes())
		}
		c.source.File = j.files[r.uvarint()]
		pos := int(r.uvarint())
		if flags&jIndex != 0 {
			c.source.IsIndex, c.source.Index = true, pos
		} else {
			c.source.Line = pos
		}
		switch c.status {
		case audit.Breached:
			sec := unzig(r.uvarintLong())
			c.submitted = time.Unix(sec, int64(r.uvarint())).UTC()
			c.window = time.Duration(unzig(r.uvarintLong()))
			c.deadline = c.submitted.Add(time.Duration(unzig(r.uvarintLong())))
			c.late = time.Duration(unzig(r.uvarintLong()))
			if !c.unanswered {
				c.response = c.submitted.Add(time.Duration(unzig(r.uvarintLong())))
			}
		case audit.Pending:
			sec := unzig(r.uvarintLong())
			c.deadline = time.Unix(sec, int64(r.uvarint())).UTC()
		case audit.Excluded:
			if i := r.uvarint(); i > 0 {
				c.reason = j.reasonL[i-1]
			} else {
				c.reason = string(r.bytes())
			}
		}
		if err := f(&c); err != nil {
			return err
		}
	}
	return nil
}

// JUnitWithTickets writes the report as JUnit XML for CI with the testcases
// of t. There is one testsuite per plan in summary order, named by plan
// key, with one testcase per audited or excluded ticket in input order: a
// breach is a failure (type "breach", severity in the message, the replay
// in the body), an excluded ticket is skipped with its reason, and met and
// pending tickets pass (pending ones say so in system-out). Rejected rows
// form a last testsuite "rejected" with one error each. The testsuites
// totals are: tests = audited + excluded + rejected, failures = breached,
// errors = rejected; each testsuite also counts its skipped (excluded)
// tickets.
func JUnitWithTickets(w io.Writer, r *audit.Result, m Meta, t *JUnitTickets) error {
	p := &printer{w: w}
	p.printf("%s<testsuites name=\"slaaudit\" tests=\"%d\" failures=\"%d\" errors=\"%d\" time=\"0\">\n",
		xml.Header, r.Total.Tickets+r.Rejected.Len(), r.Total.Breached, r.Rejected.Len())
	for _, s := range r.Summary {
		p.printf("  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"0\">\n",
			xmlText(s.Plan), s.Tickets, s.Breached, s.Excluded)
		var scratch []byte
		err := t.each(func(c *junitCase) error {
			if c.plan.Key == s.Plan {
				writeJUnitCase(p, r, c, &scratch)
			}
			return p.err
		})
		if err != nil {
			return err
		}
		p.println("  </testsuite>")
	}
	if n := r.Rejected.Len(); n > 0 {
		p.printf("  <testsuite name=\"rejected\" tests=\"%d\" failures=\"0\" errors=\"%d\" skipped=\"0\" time=\"0\">\n", n, n)
		for _, rj := range r.Rejected.All() {
			p.printf("    <testcase classname=\"slaaudit.rejected\" name=\"%s\" time=\"0\" file=\"%s\"",
				xmlText(rj.Source.String()), xmlText(rj.Source.File))
			if !rj.Source.IsIndex && rj.Source.Line > 0 {
				p.printf(" line=\"%d\"", rj.Source.Line)
			}
			p.println(">")
			p.printf("      <error message=\"%s\" type=\"rejected\"></error>\n", xmlText(rj.Message()))
			p.println("    </testcase>")
		}
		p.println("  </testsuite>")
	}
	p.println("</testsuites>")
	return p.err
}

func writeJUnitCase(p *printer, r *audit.Result, c *junitCase, scratch *[]byte) {
	if p.err != nil {
		return
	}
	// The testcase is appended, not printed: its opening tag is most of
	// the report's bytes, one a ticket. xmlText works rune by rune, so
	// appending the escaped parts of a value one after another gives the
	// escaped value (TestAppendXMLText).
	b := append((*scratch)[:0], "    <testcase classname=\"slaaudit."...)
	b = appendXMLText(b, c.plan.Key)
	b = append(b, "\" name=\""...)
	b = append(appendXMLText(b, c.id), ' ')
	b = appendXMLText(b, c.customer)
	b = append(b, "\" time=\"0\" file=\""...)
	b = append(appendXMLText(b, c.source.File), '"')
	// junit-10.xsd's file and line attributes: test reporters link a
	// testcase to the export row. A JSON array index is not a line.
	if !c.source.IsIndex && c.source.Line > 0 {
		b = append(b, " line=\""...)
		b = append(strconv.AppendInt(b, int64(c.source.Line), 10), '"')
	}
	switch c.status {
	case audit.Breached:
		b = fmt.Appendf(b, ">\n      <failure message=\"%s\" type=\"breach\">%s</failure>\n    </testcase>\n",
			xmlText(breachMessage(c)), xmlBody(breachDetail(r, c)))
	case audit.Excluded:
		b = fmt.Appendf(b, ">\n      <skipped message=\"%s\"></skipped>\n    </testcase>\n", xmlText(c.reason))
	case audit.Pending:
		b = fmt.Appendf(b, ">\n      <system-out>pending: no response yet; deadline %s</system-out>\n    </testcase>\n", instant(c.deadline))
	default:
		b = append(b, "/>\n"...)
	}
	*scratch = b
	_, p.err = p.w.Write(b)
}

// appendXMLText appends xmlText(s) to b: s itself when it is printable
// ASCII with nothing to escape (plainXML), as nearly every value of an
// export is.
func appendXMLText(b []byte, s string) []byte {
	if plainXML(s) {
		return append(b, s...)
	}
	return append(b, xmlText(s)...)
}

// plainXML reports whether s is printable ASCII with nothing that xmlText
// escapes, so that xmlText(s) is s.
func plainXML(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c > 0x7E, c == '"', c == '&', c == '\'', c == '<', c == '>':
			return false
		}
	}
	return true
}

// xmlText escapes s for an XML attribute or text, control characters made
// visible first (XML 1.0 cannot carry most of them at all).
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(visible(s)))
	return b.String()
}

// xmlBody is xmlText for a text of several lines: the line breaks stay.
func xmlBody(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = visible(l)
	}
	var b strings.Builder
	xml.EscapeText(&b, []byte(strings.Join(lines, "\n")))
	return b.String()
}

// breachMessage is the one-line failure message:
// "breached: deadline 2026-10-02T18:30:00Z, late 15m00s".
func breachMessage(c *junitCase) string {
	kind := "breached"
	if c.severe {
		kind = "severe breach"
	}
	if c.unanswered {
		kind += " (unanswered)"
	}
	return fmt.Sprintf("%s: deadline %s, late %s", kind, instant(c.deadline), FormatLate(c.late))
}

// breachDetail is the failure body: the replay of the ticket.
func breachDetail(r *audit.Result, c *junitCase) string {
	var b strings.Builder
	loc := c.plan.Location
	if loc == nil {
		loc = r.Plans.Location
	}
	fmt.Fprintf(&b, "ticket %s, customer %s, plan %s, source %s\n", c.id, c.customer, c.plan.Key, c.source)
	fmt.Fprintf(&b, "submitted %s (%s), class %s, window %s\n", instant(c.submitted),
		stamp(c.submitted, loc), c.class, plans.FormatDuration(c.window))
	fmt.Fprintf(&b, "deadline %s (%s)\n", instant(c.deadline), stamp(c.deadline, loc))
	if c.unanswered {
		fmt.Fprintf(&b, "unanswered as of %s, late %s (%d s)", instant(r.AsOf), FormatLate(c.late), seconds(c.late))
	} else {
		fmt.Fprintf(&b, "first response %s, late %s (%d s)", instant(c.response), FormatLate(c.late), seconds(c.late))
	}
	if c.severe {
		// SPEC §3.5: severe when late by at least the window.
		b.WriteString("; severe: late by at least the window")
	}
	return b.String()
}
