package cmd

import (
	"fmt"
	"strings"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/report"
)

// emptyAudit applies SPEC §13 to a finished audit. When rows were read but
// no ticket was audited or excluded, the run fails with exit status 2 and a
// message saying why (unless allowEmpty): a CI job fed last month's export,
// a --month one month off, or a file whose every time was rejected must not
// pass as "no breach". An input with no rows at all is not an error: a note
// says so on stderr (unless quiet) and the run goes on.
func emptyAudit(ios *IO, res *audit.Result, allowEmpty, quiet bool) error {
	c := res.Counts
	if c.Rows == 0 {
		if quiet {
			return nil
		}
		fmt.Fprintln(ios.ErrOut, "slaaudit: note: the input has no ticket rows; nothing was audited")
		return nil
	}
	if c.Audited+c.Excluded > 0 || allowEmpty {
		return nil
	}
	return &exitError{statusError, fmt.Errorf("nothing audited: %s; pass --allow-empty to accept an empty audit", whyEmpty(res))}
}

// whyEmpty says where the rows of an audit that audited nothing went: the
// span of submission dates found against the period, and the commonest
// rejection with an example.
func whyEmpty(res *audit.Result) string {
	c := res.Counts
	loc := res.Plans.Location
	var parts []string
	// SPEC §10: the rows --customer and --plan set aside.
	if c.Filtered > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d row(s) were filtered out by --customer or --plan (customers match exactly, after trimming spaces)",
			c.Filtered, c.Rows))
	}
	if c.OutsidePeriod > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d row(s) were submitted %s → %s, outside the period %s; check --month, --from and --to",
			c.OutsidePeriod, c.Rows,
			res.FirstSubmitted.In(loc).Format("2006-01-02"), res.LastSubmitted.In(loc).Format("2006-01-02"), report.PeriodText(res)))
	}
	if c.Rejected > 0 && len(res.RejectedBy) > 0 {
		top := res.RejectedBy[0]
		field := top.Field
		if field == "" {
			field = "the row"
		}
		parts = append(parts, fmt.Sprintf("%d of %d row(s) were rejected, most for %s (%d), e.g. %s",
			c.Rejected, c.Rows, field, top.Count, top.First.Error()))
	}
	if len(parts) == 0 {
		// Not reachable while rows = audited + excluded + rejected +
		// outside period + filtered; a future bucket still gets a line.
		parts = append(parts, fmt.Sprintf("%d row(s) read, none audited", c.Rows))
	}
	return strings.Join(parts, "; ")
}
