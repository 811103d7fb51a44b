package cmd

import (
	"io"
	"slices"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/audit/report"
)

// HTMLListLimit caps each list of the HTML report (breaches, due soon or
// pending, excluded, rejected, breakdown rows) when no --limit is given: the
// page is for people, and the machine formats carry every ticket. The
// engine then keeps only what the page prints (SPEC §12).
const HTMLListLimit = 100

// htmlReport is `-o html` (SPEC §10): it asks the engine for what the page
// draws and collects the weekday × hour tallies and the response-time
// distribution in an audit.Overview as the audit runs.
type htmlReport struct {
	overview *audit.Overview
	in       report.HTMLInput
}

// newHTMLReport configures opts, whose lists and limits are set, for the
// page. The breakdowns asked with --by are kept; the page adds the customer
// breakdown and the time breakdown of its trend chart: by day, week or
// month to suit a bounded period, all three for an open one (the page draws
// the finest that suits the span).
func newHTMLReport(opts *audit.Options) *htmlReport {
	h := &htmlReport{overview: audit.NewOverview(opts.Plans.Location)}
	h.in.By = slices.Clone(opts.By)
	h.in.Limit = opts.Limit
	if h.in.Limit <= 0 {
		h.in.Limit = opts.ListLimit
	}
	add := func(d audit.Dimension) {
		if !slices.Contains(opts.By, d) {
			opts.By = append(opts.By, d)
		}
	}
	add(audit.ByCustomer)
	if opts.From.IsZero() || opts.To.IsZero() {
		for _, d := range report.TrendDimensions {
			add(d.By)
		}
	} else {
		add(trendDimension(opts))
	}
	opts.OnVerdict = h.overview.Add
	return h
}

// trendDimension picks the finest time breakdown whose rows over the
// bounded period fit the trend chart.
func trendDimension(opts *audit.Options) audit.Dimension {
	loc := opts.Plans.Location
	last := opts.To.Add(-1)
	for _, d := range report.TrendDimensions {
		if d.MaxRows == 0 {
			return d.By
		}
		rows := 0
		for t := opts.From; !t.After(last) && rows <= d.MaxRows; t = t.AddDate(0, 0, 1) {
			if t.Equal(opts.From) || audit.TimeKey(d.By, t, loc) != audit.TimeKey(d.By, t.AddDate(0, 0, -1), loc) {
				rows++
			}
		}
		if rows <= d.MaxRows {
			return d.By
		}
	}
	return audit.ByMonth
}

// render is the renderFunc of -o html.
func (h *htmlReport) render(w io.Writer, r *audit.Result, m report.Meta, _ report.Options) error {
	in := h.in
	in.Overview = h.overview.Result()
	return report.HTML(w, r, m, in)
}
