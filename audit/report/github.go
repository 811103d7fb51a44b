package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/slaaudit/slaaudit/audit"
)

// GitHub writes GitHub Actions workflow commands: an ::error annotation per
// breach (in breach order) on the ticket's file and line, a ::warning per
// rejected row, and a final ::notice with the accounting and the breach
// count. A source given as file:#index (a JSON array) has no line. Messages
// and properties are escaped as the runner requires, so a value cannot end
// a command early or start another. (GitHub shows only the first few
// annotations of each kind per step; the notice always carries the totals.)
func GitHub(w io.Writer, r *audit.Result, m Meta) error {
	p := &printer{w: w}
	for _, v := range r.Breaches.All() {
		title := "SLA breach"
		if v.Severe {
			title = "Severe SLA breach"
		}
		late := "late " + FormatLate(v.Late)
		if v.Unanswered {
			late = "unanswered, " + late
		}
		loc := v.Plan.Location
		if loc == nil {
			loc = r.Plans.Location
		}
		msg := fmt.Sprintf("%s (%s, %s) %s — deadline %s", v.Ticket.ID, v.Ticket.Customer,
			v.Plan.Display, late, stamp(v.Deadline, loc))
		p.println("::error " + ghProperties(v.Ticket.Source, title) + "::" + ghData(msg))
	}
	for _, rj := range r.Rejected.All() {
		msg := rj.Reason
		if rj.Field != "" {
			msg = rj.Field + ": " + rj.Reason
		}
		p.println("::warning " + ghProperties(rj.Source, "Rejected row") + "::" + ghData(msg))
	}
	summary := countsLine(r.Counts)
	summary += fmt.Sprintf("; breached %d (severe %d), met %d, pending %d; attainment %s",
		r.Total.Breached, r.Total.Severe, r.Total.Met, r.Total.Pending, attainmentText(r.Total))
	p.println("::notice title=slaaudit::" + ghData(summary))
	return p.err
}

// ghProperties formats file=…,line=…,title=… for a source.
func ghProperties(src audit.Source, title string) string {
	props := []string{"file=" + ghProperty(src.File)}
	// SPEC §3.6: file:#index sources have no line to point at.
	if !src.IsIndex && src.Line > 0 {
		props = append(props, "line="+strconv.Itoa(src.Line))
	}
	props = append(props, "title="+ghProperty(title))
	return strings.Join(props, ",")
}

// ghData escapes a workflow command message.
var ghData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace

// ghProperty escapes a workflow command property value.
var ghProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace
