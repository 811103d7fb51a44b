package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/slaaudit/slaaudit/audit"
)

// preset maps one helpdesk's own export onto the canonical fields (SPEC §6
// "--preset"): header names, JSON paths, time-zone hints and vocabularies.
// It is data; the only code a preset adds is the CSV line filter (Zammad),
// the dotted JSON paths (presetJSONSource) and the reading of conversation
// threads as events (threadSource, Help Scout).
type preset struct {
	name    string
	display string
	// csv maps canonical fields to the export's CSV headers, as --map
	// would; nil when the helpdesk has no CSV export the preset reads.
	csv map[string]string
	// json maps canonical fields to dotted key paths in one JSON ticket
	// (or conversation); nil when the preset reads no JSON.
	json map[string]string
	// jsonList is the dotted path of the ticket array in a JSON wrapper
	// object ("tickets"); an array or NDJSON is read as well.
	jsonList string
	// record, when set, is the key that wraps each record in some of the
	// helpdesk's JSON ({"ticket": {…}} lines of Zendesk's Admin Center
	// export): a record that has it is read as the object under it.
	record string
	// threads, when set, is the path of a conversation's thread array: the
	// JSON is read as a history, one event per thread (threadSource).
	threads string
	// zoneless is the hint added to a time with no zone, when the
	// helpdesk writes such times; "" when its times carry a zone.
	zoneless string
	// header and footer: CSV lines before the first line that starts with
	// header, and lines that start with footer, are not data (a title and a
	// trailer around the table). They become blank lines, so line numbers
	// stay those of the file.
	header, footer string
	// channels and priorities map the helpdesk's values (lower case,
	// trimmed) to ours: channels web, email, chat, phone (the plans'
	// channels); priorities low, normal, high, urgent. A value not listed
	// is kept as written, so an unknown channel is excluded by the plan
	// coverage check (SPEC §3.2) under its own name.
	channels, priorities map[string]string
}

// presets is the table behind --preset. What each entry rests on:
//
//   - Zendesk CSV export: the columns Id, Requester, Organization,
//     Priority, Via, Created at, First reply time in minutes, … (seen in
//     scripts that rebuild the export's header from the API, and the
//     Zendesk reporting docs); organization is the customer, Via the
//     channel. The CSV writes times without a zone, in the account's time
//     zone (not verified against a live export; a zoned time is read as
//     such anyway). The ticket API (tickets[] with id, organization_id,
//     priority, via.channel, created_at in UTC, and metric_set.
//     reply_time_in_minutes.calendar with include=metric_sets) is read by
//     the same preset for JSON; the full JSON export is NDJSON of the same
//     objects.
//   - Freshdesk CSV export: Ticket ID, Company Name, Priority
//     (Low/Medium/High/Urgent), Source (Email, Portal, Phone, Chat,
//     Feedback Widget, Outbound Email, …), Created time, Initial response
//     time; times without a zone in the helpdesk's time zone (column names
//     from Freshdesk's export dialog as commonly reproduced; format not
//     verified against a live export). The API v2 (id, company_id, source
//     and priority as numbers, created_at, stats.first_responded_at with
//     include=stats) is read for JSON.
//   - Zammad ticket export: verified in zammad/zammad
//     lib/excel_sheet/ticket.rb and lib/excel_sheet.rb. Columns #, Title,
//     State, Priority ("1 low", "2 normal", "3 high"), Group, Owner,
//     Customer, Organization, Create Channel, …, Created At, …, First
//     Response At; a title row and a blank row before the header and a
//     "Timezone: <zone>" line after the table; times "%F %T"
//     (2019-08-19 16:21:52) in that zone. The export is a spreadsheet; the
//     preset reads it saved as CSV.
//   - Help Scout Mailbox API 2.0 (developer.helpscout.com): a conversation
//     has id, number, createdAt (UTC, "2012-03-15T22:46:22Z"), source.type
//     (email, web, api, chat, …), primaryCustomer, and with embed=threads
//     _embedded.threads[], each with type (customer, reply, note, lineitem,
//     chat, phone, …), createdAt, createdBy.type (user or customer) and
//     state (published, draft, …). The list endpoint wraps conversations
//     in _embedded.conversations.
var presets = map[string]*preset{
	"zendesk": {
		name: "zendesk", display: "Zendesk",
		csv: map[string]string{
			"id": "Id", "customer": "Organization", "channel": "Via", "priority": "Priority",
			"submitted_at": "Created at", "first_response_minutes": "First reply time in minutes",
		},
		json: map[string]string{
			"id": "id", "customer": "organization_id", "channel": "via.channel", "priority": "priority",
			"submitted_at": "created_at", "first_response_minutes": "metric_set.reply_time_in_minutes.calendar",
		},
		jsonList: "tickets",
		record:   "ticket",
		zoneless: "(Zendesk CSV exports write times in the account's time zone)",
		channels: map[string]string{
			"web": "web", "web form": "web", "web_form": "web", "web widget": "web", "web_widget": "web",
			"email": "email", "mail": "email",
			"chat": "chat", "native_messaging": "chat", "messaging": "chat",
			"voice": "phone", "phone": "phone", "phone call (incoming)": "phone", "phone call (outgoing)": "phone",
		},
		priorities: map[string]string{"low": "low", "normal": "normal", "high": "high", "urgent": "urgent"},
	},
	"freshdesk": {
		name: "freshdesk", display: "Freshdesk",
		csv: map[string]string{
			"id": "Ticket ID", "customer": "Company Name", "channel": "Source", "priority": "Priority",
			"submitted_at": "Created time", "first_response_at": "Initial response time",
		},
		json: map[string]string{
			"id": "id", "customer": "company_id", "channel": "source", "priority": "priority",
			"submitted_at": "created_at", "first_response_at": "stats.first_responded_at",
		},
		zoneless: "(Freshdesk CSV exports write times in the helpdesk's time zone)",
		channels: map[string]string{
			"email": "email", "1": "email", "outbound email": "email", "10": "email",
			"portal": "web", "2": "web", "feedback widget": "web", "9": "web",
			"phone": "phone", "3": "phone",
			"chat": "chat", "7": "chat",
			"4": "forum", "5": "twitter", "6": "facebook", "8": "mobihelp",
		},
		priorities: map[string]string{
			"low": "low", "1": "low", "medium": "normal", "2": "normal",
			"high": "high", "3": "high", "urgent": "urgent", "4": "urgent",
		},
	},
	"zammad": {
		name: "zammad", display: "Zammad",
		csv: map[string]string{
			"id": "#", "customer": "Organization", "channel": "Create Channel", "priority": "Priority",
			"submitted_at": "Created At", "first_response_at": "First Response At",
		},
		header:   "#",
		footer:   "Timezone:",
		zoneless: `(Zammad's ticket export writes times in the zone named on its last line, "Timezone: …")`,
		channels: map[string]string{"email": "email", "phone": "phone", "web": "web", "chat": "chat"},
		priorities: map[string]string{
			"1 low": "low", "2 normal": "normal", "3 high": "high",
			"low": "low", "normal": "normal", "high": "high",
		},
	},
	"helpscout": {
		name: "helpscout", display: "Help Scout",
		json: map[string]string{
			"id": "id", "customer": "primaryCustomer.email", "channel": "source.type",
			"submitted_at": "createdAt",
		},
		jsonList: "_embedded.conversations",
		threads:  "_embedded.threads",
		channels: map[string]string{
			"email": "email", "emailfwd": "email", "web": "web", "beaconv2": "web",
			"chat": "chat", "phone": "phone",
		},
	},
}

// Presets returns the names --preset accepts, sorted.
func Presets() []string {
	names := make([]string, 0, len(presets))
	for n := range presets {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// lookupPreset returns the preset called name, or nil for "".
func lookupPreset(name string) (*preset, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return nil, nil
	}
	if p, ok := presets[name]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("--preset %s: unknown preset (want %s)", name, strings.Join(Presets(), ", "))
}

// shape resolves Options.Shape: a preset fixes it.
func (p *preset) shape(s string) (string, error) {
	switch s {
	case "", ShapeRows, ShapeHistory:
	default:
		return "", fmt.Errorf("--shape %s: want rows or history", s)
	}
	if p == nil {
		return s, nil
	}
	want := ShapeRows
	if p.threads != "" {
		want = ShapeHistory
	}
	if s != "" && s != want {
		return "", fmt.Errorf("--preset %s reads %s, not --shape %s", p.name, want, s)
	}
	return want, nil
}

// presetPaths are the dotted JSON paths a preset reads, per canonical
// field ("" for a field read like any JSON key), and the thread array of a
// conversation for a history preset.
type presetPaths struct {
	f [numFields]string
	// user marks the paths given with --map, which some record must have
	// (SPEC §9).
	user    [numFields]bool
	threads string
}

// fieldMap merges the preset's names with the user's --map (which wins
// field by field) for the given format. For CSV it returns the --map to
// use; for JSON it returns the --map entries that name top-level keys and
// the dotted paths, where a --map value with a dot is a path too.
//
// header is the CSV header when it could be peeked: a preset's column that
// is not in it is left out, so that an export without an optional column
// reads with the aliases, and a missing id or submitted_at column is
// reported as for any file.
func (p *preset) fieldMap(user map[string]string, format string, header []string) (map[string]string, *presetPaths, error) {
	if p == nil {
		return user, nil, nil
	}
	byField := func(m map[string]string) map[field]string {
		out := make(map[field]string, len(m))
		for k, v := range m {
			f, ok := lookupField(k)
			if !ok {
				return nil // newFieldMap reports the unknown field
			}
			out[f] = v
		}
		return out
	}
	if format == "csv" {
		if p.csv == nil {
			return nil, nil, fmt.Errorf("--preset %s reads %s's JSON, not CSV", p.name, p.display)
		}
		mine, theirs := byField(p.csv), byField(user)
		if theirs == nil {
			return user, nil, nil
		}
		taken := make(map[string]bool, len(theirs))
		for _, h := range theirs {
			taken[NormalizeHeader(h)] = true
		}
		merged := make(map[string]string, len(mine)+len(theirs))
		present := make(map[string]bool, len(header))
		for _, h := range header {
			present[NormalizeHeader(strings.TrimSpace(h))] = true
		}
		for f, h := range mine {
			if header != nil && !present[NormalizeHeader(h)] {
				continue
			}
			// The user's --map wins, for the field and for the header.
			if _, mapped := theirs[f]; !mapped && !taken[NormalizeHeader(h)] {
				merged[f.String()] = h
			}
		}
		for f, h := range theirs {
			merged[f.String()] = h
		}
		return merged, nil, nil
	}
	if p.json == nil {
		return nil, nil, fmt.Errorf("--preset %s reads %s's CSV export, not JSON", p.name, p.display)
	}
	paths := &presetPaths{threads: p.threads}
	for f, path := range byField(p.json) {
		paths.f[f] = path
	}
	keep := make(map[string]string, len(user))
	for k, v := range user {
		f, ok := lookupField(k)
		if !ok {
			keep[k] = v
			continue
		}
		if strings.Contains(v, ".") {
			paths.f[f] = v
			paths.user[f] = true
		} else {
			paths.f[f] = ""
			keep[k] = v
		}
	}
	return keep, paths, nil
}

// nameFields tells fm the preset's header or path per field, for the
// message of a missing field.
func (p *preset) nameFields(fm *fieldMap, format string) {
	if p == nil {
		return
	}
	names := p.json
	if format == "csv" {
		names = p.csv
	}
	for k, v := range names {
		if f, ok := lookupField(k); ok {
			fm.preset[f] = v
		}
	}
}

// adjust applies the preset to one ticket row as read: the vocabularies to
// a ticket, and the zone hint to a time that was rejected for having none.
func (p *preset) adjust(r *Reader, t *audit.Ticket, err error) {
	if err == nil {
		p.adjustFields(t)
		return
	}
	rej, ok := err.(*audit.Rejection)
	if !ok {
		return
	}
	for _, f := range [...]field{fieldSubmitted, fieldFirstResponse} {
		if rej.Field == f.String() {
			rej.Reason += p.zoneHint(r.row.vals[f].s, r.opts.InputTZ, r.opts.TimeLayout)
		}
	}
}

// adjustFields maps the ticket's channel and priority to our vocabulary.
func (p *preset) adjustFields(t *audit.Ticket) {
	if p == nil {
		return
	}
	if v, ok := p.channels[strings.ToLower(strings.TrimSpace(t.Channel))]; ok {
		t.Channel = v
	}
	if v, ok := p.priorities[strings.ToLower(strings.TrimSpace(t.Priority))]; ok {
		t.Priority = v
	}
}

// zoneHint returns " " and the preset's hint when s failed to parse only
// for want of a zone (it parses once a zone is given), else "".
func (p *preset) zoneHint(s string, tz *time.Location, layout string) string {
	if p == nil || p.zoneless == "" || tz != nil {
		return ""
	}
	if _, _, err := ParseTime(s, time.UTC, layout); err != nil {
		return ""
	}
	return " " + p.zoneless
}

// headerCell is the first cell of the preset's CSV header row when a title
// comes before it, else "".
func (p *preset) headerCell() string {
	if p == nil {
		return ""
	}
	return p.header
}

// filter wraps a CSV body in the preset's line filter, if it has one.
func (p *preset) filter(body *bufio.Reader, delim rune) io.Reader {
	if p == nil || (p.header == "" && p.footer == "") {
		return body
	}
	return &lineFilter{br: body, header: p.header, footer: p.footer, delim: string(delim), inTable: p.header == ""}
}

// lineFilter blanks the lines before the header line and the footer lines
// of a CSV file, keeping every newline so that positions stay the file's.
// It works on physical lines: a quoted field whose continuation line starts
// like the footer would be cut (a Zammad title never does in practice).
type lineFilter struct {
	br             *bufio.Reader
	header, footer string
	delim          string // the CSV delimiter, which ends the header cell
	inTable        bool   // the header line has been passed
	midLine        bool   // the last chunk ended inside a line (longer than the buffer)
	blanking       bool   // the line being read is being blanked
	pending        []byte // what Read delivers next
}

func (f *lineFilter) Read(p []byte) (int, error) {
	for len(f.pending) == 0 {
		chunk, err := f.br.ReadSlice('\n')
		if len(chunk) == 0 {
			return 0, err
		}
		start := !f.midLine
		f.midLine = err == bufio.ErrBufferFull
		blank := f.blanking
		if start {
			blank = (!f.inTable && !f.isHeader(chunk)) || (f.inTable && f.footer != "" && f.starts(chunk, f.footer))
			f.inTable = f.inTable || !blank
		}
		f.blanking = blank && f.midLine
		switch {
		case !blank:
			f.pending = chunk
		case bytes.HasSuffix(chunk, []byte{'\n'}):
			f.pending = []byte{'\n'}
		}
	}
	n := copy(p, f.pending)
	f.pending = f.pending[n:]
	return n, nil
}

func (f *lineFilter) isHeader(line []byte) bool {
	return f.starts(line, f.header+f.delim) || f.starts(line, `"`+f.header+`"`+f.delim)
}

func (f *lineFilter) starts(line []byte, prefix string) bool {
	line = bytes.TrimLeft(line, `"`)
	return bytes.HasPrefix(line, []byte(strings.TrimLeft(prefix, `"`)))
}

// helpScoutThreads reads a thread's type as an event and an actor; an
// empty actor comes from the thread's createdBy.type (user is an agent).
var helpScoutThreads = map[string][2]string{
	"customer": {"reply", "customer"},
	"reply":    {"reply", ""},
	"chat":     {"reply", ""},
	"phone":    {"reply", ""},
	"message":  {"reply", ""},
	"note":     {"note", "agent"},
	"lineitem": {"status", "system"},
}

var helpScoutActors = map[string]string{"user": "agent", "customer": "customer"}

// threadSource reads conversations with threads as a history: the
// conversation's created time is the created event (with the ticket
// fields), and each thread is an event at the conversation's position.
// A thread that is not published (a draft) is internal.
type threadSource struct {
	objs    *jsonRecords
	paths   *presetPaths
	pending []eventRow
}

func (s *threadSource) next(ev *eventRow) error {
	for len(s.pending) == 0 {
		obj, src, err := s.objs.next()
		if err != nil {
			return err
		}
		if !strings.HasPrefix(obj, "{") {
			return &audit.Rejection{Source: src, Reason: fmt.Sprintf("%s is not a conversation object", describeJSON(obj))}
		}
		at := func(f field) value { return jsonValue(lookupPath(obj, s.paths.f[f])) }
		id := at(fieldID)
		if v, ok := id.text(); !ok || v == "" {
			// One rejection for the conversation, not one per thread.
			return &audit.Rejection{Source: src, Field: histID.String(), Reason: "missing conversation id"}
		}
		created := eventRow{src: src}
		created.vals[histID] = id
		created.vals[histAt] = at(fieldSubmitted)
		created.vals[histEvent] = value{s: "created", k: kindString}
		created.vals[histActor] = value{s: "customer", k: kindString}
		for _, tf := range histTicketFields {
			if s.paths.f[tf.f] != "" {
				created.vals[tf.h] = at(tf.f)
			}
		}
		s.pending = append(s.pending, created)
		n := 0
		walkArray(lookupPath(obj, s.paths.threads), func(th string) {
			n++
			typ := jsonString(lookupPath(th, "type"))
			kind := helpScoutThreads[typ]
			if kind[0] == "" {
				kind[0] = typ
			}
			if kind[1] == "" {
				by := jsonString(lookupPath(th, "createdBy.type"))
				if kind[1] = helpScoutActors[by]; kind[1] == "" {
					kind[1] = by
				}
			}
			public := "true"
			if state := jsonString(lookupPath(th, "state")); state != "" && state != "published" {
				public = "false"
			}
			e := eventRow{src: src, where: fmt.Sprintf("thread %d", n)}
			e.vals[histID] = id
			e.vals[histAt] = jsonValue(lookupPath(th, "createdAt"))
			e.vals[histEvent] = value{s: kind[0], k: kindString}
			e.vals[histActor] = value{s: kind[1], k: kindString}
			e.vals[histPublic] = value{s: public, k: kindString}
			s.pending = append(s.pending, e)
		})
	}
	*ev = s.pending[0]
	s.pending = s.pending[1:]
	return nil
}
