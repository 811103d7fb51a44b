package ingest

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/slaaudit/slaaudit/audit"
)

// preset maps one helpdesk's own export onto the canonical fields (SPEC §9
// "Presets are data"): header names, JSON paths, time layouts, where the
// zone comes from, vocabularies and the event rules of a history. Each is a
// YAML file (presets/*.yaml, embedded; or --preset-file), read by
// ParsePreset; the code a preset may use is the CSV line filter (a title
// above the header, a footer), the dotted JSON paths and the reading of
// conversation threads as events (threadSource).
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
	// helpdesk's JSON ({"ticket": {…}} lines): a record that has it is
	// read as the object under it.
	record string
	// threads, when set, reads the JSON as a history, one event per
	// element of the thread array (threadSource).
	threads *threadRules
	// csvLayout is the Go time layout of the CSV's times; jsonTime is
	// "unix" or "unix_ms" when the JSON's times are numbers.
	csvLayout, jsonTime string
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
	// source is the YAML the preset was read from, for `presets show`.
	source []byte
}

// threadRules read a conversation's threads as history events.
type threadRules struct {
	path                       string // the thread array
	at, typ, actor, state, pub string // paths in a thread; pub is the published state
	public                     string // path of a boolean "public" in a thread
	// customer is the path, in the record, of the customer's id: a thread
	// whose actor value equals it is the customer's, any other an agent's.
	customer string
	events   map[string]threadEvent
	actors   map[string]string
	// whenPresent reads a record as a history only when it has the thread
	// array (Zendesk's Admin Center export, whose tickets have comments
	// but no metric_set); paths override the preset's JSON paths then.
	whenPresent bool
	paths       map[string]string
}

type threadEvent struct{ event, actor string }

// presetSpec is the YAML schema of a preset file (README "Exports from
// your helpdesk").
type presetSpec struct {
	Name  string `yaml:"name"`
	Title string `yaml:"title"`
	CSV   *struct {
		Columns    map[string]string `yaml:"columns"`
		HeaderCell string            `yaml:"header_cell"`
		Footer     string            `yaml:"footer"`
		TimeLayout string            `yaml:"time_layout"`
		ZoneHint   string            `yaml:"zone_hint"`
	} `yaml:"csv"`
	JSON *struct {
		List     string            `yaml:"list"`
		Record   string            `yaml:"record"`
		Time     string            `yaml:"time"`
		Paths    map[string]string `yaml:"paths"`
		ZoneHint string            `yaml:"zone_hint"`
	} `yaml:"json"`
	History *struct {
		WhenPresent bool              `yaml:"when_present"`
		Paths       map[string]string `yaml:"paths"`
		Public      string            `yaml:"public"`
		Customer    string            `yaml:"customer"`
		Threads     string            `yaml:"threads"`
		At          string            `yaml:"at"`
		Type        string            `yaml:"type"`
		Actor       string            `yaml:"actor"`
		State       string            `yaml:"state"`
		Published   string            `yaml:"published"`
		Events      map[string]struct {
			Event string `yaml:"event"`
			Actor string `yaml:"actor"`
		} `yaml:"events"`
		Actors map[string]string `yaml:"actors"`
	} `yaml:"history"`
	Channels   map[string][]string `yaml:"channels"`
	Priorities map[string][]string `yaml:"priorities"`
}

//go:embed presets/*.yaml
var presetFiles embed.FS

// presets returns the built-in presets, by name, read on first use: a
// run without --preset does not read them (1.6 ms of every start when the
// package read them as it loaded). Their names are those of their files
// (Presets), which TestBuiltinPresets holds them to.
var presets = sync.OnceValue(func() map[string]*preset {
	out := make(map[string]*preset)
	entries, err := presetFiles.ReadDir("presets")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		data, err := presetFiles.ReadFile("presets/" + e.Name())
		if err != nil {
			panic(err)
		}
		p, err := parsePreset(data, e.Name())
		if err != nil {
			panic(err) // TestBuiltinPresets reads each
		}
		out[p.name] = p
	}
	return out
})

// Preset is a preset read from a file of the user's (--preset-file), in
// the schema of the built-in ones.
type Preset struct{ p *preset }

// ParsePreset reads and checks a preset file (--preset-file) with the
// loader of the built-in presets; file names it in errors.
func ParsePreset(data []byte, file string) (*Preset, error) {
	p, err := parsePreset(data, file)
	if err != nil {
		return nil, err
	}
	return &Preset{p}, nil
}

// presetOf returns the preset the options select: PresetFile, else the
// built-in Preset, else nil.
func presetOf(o Options) (*preset, error) {
	if o.PresetFile != nil {
		return o.PresetFile.p, nil
	}
	return lookupPreset(o.Preset)
}

// parsePreset reads and checks one preset file.
func parsePreset(data []byte, file string) (*preset, error) {
	var sp presetSpec
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&sp); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: %s", file, fmt.Sprintf(format, args...))
	}
	if sp.Name == "" || strings.ToLower(sp.Name) != sp.Name || strings.ContainsAny(sp.Name, " \t/") {
		return nil, bad("name: want a lower-case word, got %q", sp.Name)
	}
	if sp.CSV == nil && sp.JSON == nil {
		return nil, bad("want a csv or a json section (or both)")
	}
	p := &preset{name: sp.Name, display: sp.Title, source: data}
	if p.display == "" {
		p.display = sp.Name
	}
	checkFields := func(section string, m map[string]string) error {
		for k, v := range m {
			if f, ok := lookupField(k); !ok || fieldNames[f] != k {
				return bad("%s: unknown field %q (fields: %s)", section, k, strings.Join(fieldNames[:], ", "))
			}
			if strings.TrimSpace(v) == "" {
				return bad("%s.%s: empty", section, k)
			}
		}
		return nil
	}
	if c := sp.CSV; c != nil {
		if err := checkFields("csv.columns", c.Columns); err != nil {
			return nil, err
		}
		if c.Columns["id"] == "" {
			return nil, bad("csv.columns: no id column")
		}
		p.csv, p.header, p.footer, p.csvLayout = c.Columns, c.HeaderCell, c.Footer, c.TimeLayout
		p.zoneless = c.ZoneHint
	}
	if j := sp.JSON; j != nil {
		if err := checkFields("json.paths", j.Paths); err != nil {
			return nil, err
		}
		if j.Paths["id"] == "" {
			return nil, bad("json.paths: no id path")
		}
		switch j.Time {
		case "", "unix", "unix_ms":
		default:
			return nil, bad("json.time: %q is not unix or unix_ms", j.Time)
		}
		p.json, p.jsonList, p.record, p.jsonTime = j.Paths, j.List, j.Record, j.Time
		if p.zoneless == "" {
			p.zoneless = j.ZoneHint
		}
	}
	if h := sp.History; h != nil {
		if sp.JSON == nil || h.Threads == "" || h.At == "" || h.Type == "" {
			return nil, bad("history: want json, threads, at and type")
		}
		if err := checkFields("history.paths", h.Paths); err != nil {
			return nil, err
		}
		tr := &threadRules{path: h.Threads, at: h.At, typ: h.Type, actor: h.Actor, state: h.State, pub: h.Published,
			public: h.Public, customer: h.Customer, events: map[string]threadEvent{}, actors: h.Actors,
			whenPresent: h.WhenPresent, paths: h.Paths}
		if tr.state == "" && tr.pub != "" {
			tr.state = "state"
		}
		for k, e := range h.Events {
			if e.Event == "" {
				return nil, bad("history.events.%s: no event", k)
			}
			tr.events[strings.ToLower(k)] = threadEvent{e.Event, e.Actor}
		}
		p.threads = tr
	}
	vocab := func(section string, m map[string][]string, allowed []string) (map[string]string, error) {
		out := map[string]string{}
		for ours, theirs := range m {
			if allowed != nil && !slices.Contains(allowed, ours) {
				return nil, bad("%s: %q is not one of %s", section, ours, strings.Join(allowed, ", "))
			}
			for _, v := range theirs {
				k := strings.ToLower(strings.TrimSpace(v))
				if prev, dup := out[k]; dup && prev != ours {
					return nil, bad("%s: %q is given for both %s and %s", section, v, prev, ours)
				}
				out[k] = ours
			}
		}
		return out, nil
	}
	var err error
	if p.channels, err = vocab("channels", sp.Channels, nil); err != nil {
		return nil, err
	}
	if p.priorities, err = vocab("priorities", sp.Priorities, []string{"low", "normal", "high", "urgent"}); err != nil {
		return nil, err
	}
	return p, nil
}

// Presets returns the names --preset accepts, sorted.
func Presets() []string {
	entries, err := presetFiles.ReadDir("presets")
	if err != nil {
		panic(err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	slices.Sort(names)
	return names
}

// PresetTitle returns the helpdesk a preset reads ("Zendesk"), and
// PresetSource the YAML it was read from; "" for an unknown name.
func PresetTitle(name string) string {
	if p, _ := lookupPreset(name); p != nil {
		return p.display
	}
	return ""
}

// PresetSource returns the YAML a preset was read from.
func PresetSource(name string) []byte {
	if p, _ := lookupPreset(name); p != nil {
		return p.source
	}
	return nil
}

// PresetReads says which shapes a preset reads: "CSV", "JSON" or both.
func PresetReads(name string) string {
	p, _ := lookupPreset(name)
	switch {
	case p == nil:
		return ""
	case p.csv != nil && p.json != nil:
		return "CSV, JSON"
	case p.csv != nil:
		return "CSV"
	case p.threads != nil:
		return "JSON (a history)"
	}
	return "JSON"
}

// lookupPreset returns the preset called name, or nil for "".
func lookupPreset(name string) (*preset, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return nil, nil
	}
	if p, ok := presets()[name]; ok {
		return p, nil
	}
	return nil, &OptionError{Option: "--preset", Value: name, Reason: "unknown preset", Valid: Presets()}
}

// shape resolves Options.Shape: a preset fixes it.
func (p *preset) shape(s string) (string, error) {
	switch s {
	case "", ShapeRows, ShapeHistory:
	default:
		return "", &OptionError{Option: "--shape", Value: s, Reason: "unknown shape", Valid: []string{ShapeRows, ShapeHistory}}
	}
	if p == nil {
		return s, nil
	}
	want := ShapeRows
	switch {
	case p.threads != nil && p.threads.whenPresent:
		return s, nil // Detect decides, from the first record
	case p.threads != nil:
		want = ShapeHistory
	}
	if s != "" && s != want {
		return "", &OptionError{Option: "--shape", Value: s, Reason: fmt.Sprintf("--preset %s reads %s", p.name, want)}
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
	threads *threadRules
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
func (p *preset) fieldMap(user map[string]string, format, shape string, header []string) (map[string]string, *presetPaths, error) {
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
	if format == "csv" || format == "xlsx" {
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
	paths := &presetPaths{}
	for f, path := range byField(p.json) {
		paths.f[f] = path
	}
	if p.threads != nil && (shape == ShapeHistory || !p.threads.whenPresent) {
		paths.threads = p.threads
		for f, path := range byField(p.threads.paths) {
			paths.f[f] = path
		}
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
	if format == "csv" || format == "xlsx" {
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
	if p.statesZone() {
		// SPEC §9: the zone line is read from the end of a file, which a
		// pipe or a .gz does not have before its rows are read.
		return " (" + p.zoneless + "; that line is read from an uncompressed file, not from a pipe or a .gz)"
	}
	return " (" + p.zoneless + ")"
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

// threadSource reads conversations with threads as a history (a preset's
// history rules): the conversation's created time is the created event
// (with the ticket fields), and each thread is an event at the
// conversation's position, its kind and actor from the preset's rules. A
// thread whose state is not the published one is internal.
type threadSource struct {
	objs    *jsonRecords
	paths   *presetPaths
	pending []eventRow
}

func (s *threadSource) next(ev *eventRow) error {
	rules := s.paths.threads
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
		customer := ""
		if rules.customer != "" {
			customer = jsonString(lookupPath(obj, rules.customer))
		}
		walkArray(lookupPath(obj, rules.path), func(th string) {
			n++
			typ := jsonString(lookupPath(th, rules.typ))
			kind, ok := rules.events[strings.ToLower(typ)]
			if !ok {
				kind.event = typ
			}
			if kind.actor == "" && rules.actor != "" {
				by := jsonString(lookupPath(th, rules.actor))
				switch {
				case rules.customer != "" && by == customer && by != "":
					kind.actor = "customer"
				case rules.customer != "":
					kind.actor = "agent"
				default:
					if kind.actor = rules.actors[strings.ToLower(by)]; kind.actor == "" {
						kind.actor = by
					}
				}
			}
			public := "true"
			if rules.public != "" {
				if v := lookupPath(th, rules.public); v == "false" {
					public = "false"
				}
			}
			if rules.pub != "" {
				if state := jsonString(lookupPath(th, rules.state)); state != "" && state != rules.pub {
					public = "false"
				}
			}
			e := eventRow{src: src, where: fmt.Sprintf("thread %d", n)}
			e.vals[histID] = id
			e.vals[histAt] = jsonValue(lookupPath(th, rules.at))
			e.vals[histEvent] = value{s: kind.event, k: kindString}
			e.vals[histActor] = value{s: kind.actor, k: kindString}
			e.vals[histPublic] = value{s: public, k: kindString}
			s.pending = append(s.pending, e)
		})
	}
	*ev = s.pending[0]
	s.pending = s.pending[1:]
	return nil
}
