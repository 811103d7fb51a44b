// Package sample writes synthetic ticket exports: deterministic for a seed,
// realistic enough to demonstrate every verdict of an audit, and cheap enough
// to stream a million tickets for a benchmark. It backs `slaaudit sample`, the
// sample files in testdata/ and load tests of the readers.
//
// It writes the canonical shapes of SPEC §6: ticket rows (one row per ticket)
// and ticket histories (one row per event), as CSV, NDJSON or a JSON array.
// With Options.Bad it mixes in rows that an audit must reject (SPEC §3.6).
//
// It is not for imitating a particular helpdesk's export (the presets are
// tested against hand-written files in their real column names), nor a
// statistical model of any real support desk: the mix of customers, channels
// and response times is chosen to exercise slaaudit, not to forecast load.
//
// Its API serves the slaaudit command and may change in any release
// (package audit's doc, "Stability").
package sample

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// Options says what Write generates.
type Options struct {
	// Tickets is the number of well-formed tickets, including the Pending
	// and Outside ones.
	Tickets int
	// Seed makes the output deterministic: the same options give the same
	// bytes.
	Seed uint64
	// Month is the month ("2026-10") over which submissions are spread, in
	// the plans' time zone, weighted towards weekday business hours.
	Month string
	// Shape is "rows" (one row per ticket, the default) or "history" (one
	// row per event).
	Shape string
	// Format is "csv" (the default), "ndjson" or "json" (one JSON array).
	Format string
	// Bad is the number of deliberately bad rows mixed in among the month's
	// tickets, in turn: a missing id, an unparseable time, a time with no
	// zone, a response before submission, a duplicate id, an unknown plan.
	Bad int
	// Pending is how many of the tickets are submitted in the last hour of
	// the month and left unanswered, so that an audit as of the end of the
	// month finds them pending.
	Pending int
	// Outside is how many of the tickets are submitted in the first three
	// days after the month, outside a --month period.
	Outside int
	// Plans gives the windows that response times are drawn against and the
	// time zone; nil means plans.Builtin(). It must have the plans limited,
	// standard, premium and 24x7.
	Plans *plans.Set
}

// Shapes and formats accepted in Options.
const (
	ShapeRows    = "rows"
	ShapeHistory = "history"

	FormatCSV    = "csv"
	FormatNDJSON = "ndjson"
	FormatJSON   = "json"
)

// RowsHeader is the CSV header of the rows shape: the canonical ticket
// fields of SPEC §6.
const RowsHeader = "id,customer,plan,channel,priority,submitted_at,first_response_at"

// HistoryHeader is the CSV header of the history shape (SPEC §6 "Ticket
// histories").
const HistoryHeader = "ticket_id,at,event,actor,public,customer,plan,channel,priority"

// ErrOptions is wrapped by every error Write returns for invalid Options.
var ErrOptions = errors.New("invalid sample options")

// FirstID is the id of the first ticket; ids count up from it.
const FirstID = 1000

// Write generates the export described by o and writes it to w. It streams:
// its memory does not grow with o.Tickets (history events are sorted by time
// within chunks of tickets, not across the whole file).
func Write(w io.Writer, o Options) error {
	g, err := newGenerator(o)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var out shapeWriter
	if g.o.Shape == ShapeHistory {
		out = newHistoryWriter(bw, g.o.Format, g)
	} else {
		out = newRowsWriter(bw, g.o.Format, g)
	}
	if err := out.begin(); err != nil {
		return err
	}
	if err := g.walk(out); err != nil {
		return err
	}
	if err := out.end(); err != nil {
		return err
	}
	return bw.Flush()
}

// shapeWriter formats the stream of tickets in one shape and format.
type shapeWriter interface {
	begin() error
	ticket(t *ticket) error
	end() error
}

// Maxima of Options, so that no count overflows and memory stays bounded:
// Write keeps a customer list that grows by one per 5000 tickets (at most
// 200 000 entries, some 20 MiB, at MaxTickets) and a list of the bad rows'
// positions (16 bytes each, 16 MiB at MaxBad); everything else is constant.
const (
	MaxTickets = 1_000_000_000
	MaxBad     = 1_000_000
)

func (o *Options) check() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrOptions, fmt.Sprintf(format, args...))
	}
	// Compared one at a time, so that no sum overflows.
	switch {
	case o.Tickets < 0:
		return bad("--tickets %d is negative", o.Tickets)
	case o.Tickets > MaxTickets:
		return bad("--tickets %d is more than the maximum, %d", o.Tickets, MaxTickets)
	case o.Bad < 0:
		return bad("--bad %d is negative", o.Bad)
	case o.Bad > MaxBad:
		return bad("--bad %d is more than the maximum, %d", o.Bad, MaxBad)
	case o.Pending < 0 || o.Outside < 0:
		return bad("--pending and --outside must not be negative")
	case o.Pending > o.Tickets || o.Outside > o.Tickets-o.Pending:
		return bad("--pending (%d) + --outside (%d) is more than --tickets (%d)", o.Pending, o.Outside, o.Tickets)
	case o.Bad > 0 && o.Pending+o.Outside == o.Tickets:
		return bad("--bad rows need at least one ticket inside the month")
	}
	switch o.Shape {
	case "":
		o.Shape = ShapeRows
	case ShapeRows, ShapeHistory:
	default:
		return bad("shape: %q is not rows or history", o.Shape)
	}
	switch o.Format {
	case "":
		o.Format = FormatCSV
	case FormatCSV, FormatNDJSON, FormatJSON:
	default:
		return bad("format: %q is not csv, ndjson or json", o.Format)
	}
	if o.Month == "" {
		return bad("month is required (as 2026-10)")
	}
	m, err := time.Parse("2006-01", o.Month)
	if err != nil {
		return bad("month: %q is not a month like 2026-10", o.Month)
	}
	// The years an audit reads (SPEC §9). The tickets of --outside fall in
	// the days after the month.
	if y := m.Year(); y < plans.MinYear || y > plans.MaxYear || m.Month() == time.December && y == plans.MaxYear && o.Outside > 0 {
		return bad("month: %q is outside the years %d–%d", o.Month, plans.MinYear, plans.MaxYear)
	}
	return nil
}
