package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/slaaudit/slaaudit/audit"
)

// MarkdownRowLimit caps the rows of each Markdown list (breaches, rejected
// rows, credits): GitHub limits a job step summary to 1 MiB, so a long list
// ends with a line "… and N more" pointing to the machine formats.
const MarkdownRowLimit = 200

// Markdown writes the report as GitHub-flavoured Markdown, the format for
// $GITHUB_STEP_SUMMARY: a heading, the run, the accounting line, attainment
// per plan with a total row, the breaches, the rejected rows and, with
// m.Accounts, the credits. Each list holds at most MarkdownRowLimit rows.
// Every value from the input is escaped (see mdCell), so a customer named
// "| pipe |" or "</failure><script>" cannot break a table or inject HTML.
func Markdown(w io.Writer, r *audit.Result, m Meta) error {
	p := &printer{w: w}
	cmd := m.Command
	if cmd == "" {
		cmd = "check"
	}
	p.println("## slaaudit " + cmd)
	p.println("")
	writeMDHeader(p, r, m)
	p.println("")
	p.println("### Attainment by plan")
	p.println("")
	writeMDGroups(p, "Plan", summaryGroups(r), r.Total.Group())
	writeMDBreakdowns(p, r)
	writeMDDueSoon(p, r, m)
	p.println("")
	if r.Total.Breached == 0 {
		p.println("### Breaches: none")
	} else {
		p.printf("### Breaches (%d)\n\n", r.Total.Breached)
		writeMDBreaches(p, r, r.Breaches, r.Total.Breached, m)
	}
	writeMDLists(p, r, m)
	writeMDRejected(p, r, m)
	if m.Accounts {
		p.println("")
		writeMDCredits(p, r, m)
	}
	return p.err
}

// CreditsMarkdown writes the credits command's report as GitHub-flavoured
// Markdown: the run, the accounting line, the credits with totals per
// currency, the customers not in accounts and the rejected rows; with
// m.Detail, the breaches behind each credit row.
func CreditsMarkdown(w io.Writer, r *audit.Result, m Meta) error {
	p := &printer{w: w}
	p.println("## slaaudit credits")
	p.println("")
	writeMDHeader(p, r, m)
	p.println("")
	writeMDCredits(p, r, m)
	writeMDRejected(p, r, m)
	return p.err
}

func writeMDHeader(p *printer, r *audit.Result, m Meta) {
	inputs := make([]string, len(m.Inputs))
	for i, in := range m.Inputs {
		inputs[i] = mdCell(in)
	}
	if len(inputs) == 0 {
		inputs = []string{"-"}
	}
	p.printf("- **Inputs:** %s\n", strings.Join(inputs, ", "))
	for _, in := range m.Read {
		prefix := ""
		if len(m.Read) > 1 {
			prefix = in.Path + ": "
		}
		p.printf("- **Read:** %s\n", mdCell(prefix+layoutText(in)))
		p.printf("- **Columns:** %s\n", mdCell(columnsText(in)))
	}
	p.printf("- **Period:** %s\n", mdCell(PeriodText(r)))
	p.printf("- **As of:** %s\n", mdCell(asOfText(r, m)))
	p.printf("- **Plans:** %s\n", mdCell(r.Plans.Source))
	p.println("")
	p.println(mdCell(countsLine(r.Counts)))
	if u := unknownPrioritiesLine(r); u != "" {
		p.println("")
		p.println(mdCell(u))
	}
	if x := excludedText(m); x != "" {
		p.println("")
		p.println(mdCell(x))
	}
}

// writeMDBreaches lists the first mdLimit(m) of total breaches; vs may
// hold only those (the audit's list limit).
func writeMDBreaches(p *printer, r *audit.Result, vs *audit.Verdicts, total int, m Meta) {
	p.println("| ID | Customer | Plan | Class | Submitted | Deadline | Response | Late by | Severe |")
	p.println("| --- | --- | --- | --- | --- | --- | ---: | ---: | --- |")
	defer mdMore(p, total, min(vs.Len(), mdLimit(m)), "`-o json` or `-o csv` for every ticket")
	for i, v := range vs.All() {
		if i == mdLimit(m) {
			break
		}
		loc := v.Plan.Location
		if loc == nil {
			loc = r.Plans.Location
		}
		resp := "unanswered"
		if d, ok := v.ResponseTime(); ok {
			resp = FormatLate(d)
		}
		severe := ""
		if v.Severe {
			severe = "**severe**"
		}
		p.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			mdCell(v.Ticket.ID), mdCell(v.Ticket.Customer), mdCell(targetText(v)), classText(v),
			stamp(v.Ticket.Submitted, loc), stamp(v.Deadline, loc), resp, FormatLate(v.Late), severe)
	}
}

func writeMDRejected(p *printer, r *audit.Result, m Meta) {
	// r.Rejected may hold only the first rows (the audit's list limit);
	// the count has them all.
	total := r.Counts.Rejected
	if total == 0 {
		return
	}
	p.printf("\n### Rejected rows (%d)\n\n", total)
	p.println("| Source | Field | Reason |")
	p.println("| --- | --- | --- |")
	defer mdMore(p, total, min(r.Rejected.Len(), mdLimit(m)), "`-o json` for every rejected row")
	for i, rj := range r.Rejected.All() {
		if i == mdLimit(m) {
			break
		}
		p.printf("| %s | %s | %s |\n", mdCell(rj.Source.String()), mdCell(rj.Field), mdCell(rj.Reason))
	}
}

func writeMDCredits(p *printer, r *audit.Result, m Meta) {
	if len(r.Credits) == 0 {
		p.println("### Recommended credits: none")
	} else {
		p.printf("### Recommended credits (%d)\n\n", len(r.Credits))
		header := "| Customer | Month | Plan | Term | Breaches | Severe | Percent | Fee | Amount | Currency | Reason |"
		align := "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"
		if m.Detail {
			header += " Tickets |"
			align += " --- |"
		}
		p.println(header)
		p.println(align)
		for i, jc := range creditsJSON(r, m.Detail) {
			if i == MarkdownRowLimit {
				p.printf("\n… and %d more (use `-o csv` for every credit row)\n", len(r.Credits)-i)
				break
			}
			term := "no"
			if jc.TermContract {
				term = "yes"
			}
			fee, amount := "unknown", "—"
			if jc.MonthlyFee != nil {
				fee = *jc.MonthlyFee
			}
			if jc.Amount != nil {
				amount = *jc.Amount
			}
			p.printf("| %s | %s | %s | %s | %d | %d | %s | %s | %s | %s | %s |",
				mdCell(jc.Customer), jc.Month, mdCell(jc.Plan), term, jc.Breaches, jc.Severe,
				percentText(&r.Credits[i]), fee, amount, jc.Currency, mdCell(jc.Reason))
			if m.Detail {
				ids := make([]string, len(jc.Tickets))
				for k, id := range jc.Tickets {
					ids[k] = mdCell(id)
				}
				p.printf(" %s |", strings.Join(ids, ", "))
			}
			p.println("")
		}
	}
	if len(r.CreditTotals) > 0 {
		var parts []string
		for _, t := range r.CreditTotals {
			parts = append(parts, fmt.Sprintf("%s %s", money(t.Amount, t.Currency), t.Currency))
		}
		p.printf("\n**Totals:** %s\n", strings.Join(parts, " · "))
	}
	if len(r.NotInAccounts) > 0 {
		names := make([]string, len(r.NotInAccounts))
		for i, c := range r.NotInAccounts {
			names[i] = mdCell(c)
		}
		p.printf("\n**Not in accounts:** %s\n", strings.Join(names, ", "))
	}
	p.printf("\n_%s_\n", creditFooter)
}

// mdReplacer escapes what Markdown or HTML would read in a table cell:
// HTML specials become entities, and the table pipe and inline-formatting
// punctuation get a backslash.
var mdReplacer = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;",
	`\`, `\\`, "|", `\|`, "`", "\\`", "*", `\*`, "_", `\_`,
	"[", `\[`, "]", `\]`, "~", `\~`, "#", `\#`,
)

// lineBreaks turns line breaks and tabs into spaces: a table row is one
// line.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ")

// mdCell makes s safe as the content of a Markdown table cell: one line, no
// control character (see visible), no HTML and no Markdown syntax.
func mdCell(s string) string { return mdReplacer.Replace(visible(lineBreaks.Replace(s))) }
