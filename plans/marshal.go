package plans

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// YAML writes s as a plans file that Load reads back to an equivalent
// set: the schema of the built-in file, business hours per weekday (mon …
// sun, collapsed to daily, weekdays or weekends where the days agree),
// windows as Go durations (48h, 1h30m), holidays as calendars, dates and
// ranges, effective_from as a date when it is a local midnight and as an
// RFC 3339 instant otherwise, and credits as numbers. Comments of the file
// s was loaded from are not kept.
func (s *Set) YAML() ([]byte, error) {
	f := file{Timezone: s.Timezone, Credits: &fileCred{
		PerBreach: number(s.Credits.PerBreach.String()),
		PerSevere: number(s.Credits.PerSevere.String()),
		Cap:       number(s.Credits.Cap.String()),
	}}
	for _, pr := range s.Priorities {
		f.Priorities = append(f.Priorities, filePriority(pr))
	}
	for _, p := range s.Plans {
		fp := filePlan{
			Key:           p.Key,
			Display:       p.Display,
			Aliases:       p.Aliases,
			Priority:      p.Priority,
			Channels:      p.Channels,
			TAM:           p.TAM,
			BusinessHours: hoursOf(p.Hours),
			Holidays:      holidaysOf(p.Holidays),
			Response: fileResponse{
				Business: FormatDuration(p.Response[Business]),
				OffHours: FormatDuration(p.Response[OffHours]),
			},
			Clock:         p.Clock.String(),
			EffectiveFrom: formatEffective(p.EffectiveFrom, s.Location),
		}
		for i, w := range p.ByPriority {
			if fp.ResponseByPriority == nil {
				fp.ResponseByPriority = fileByPriority{}
			}
			fp.ResponseByPriority[w.Priority] = fileResponse{
				Business: FormatDuration(w.Response[Business]),
				OffHours: FormatDuration(w.Response[OffHours]),
				rank:     i,
			}
		}
		f.Plans = append(f.Plans, fp)
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# slaaudit plans file, written from %s.\n", s.Source)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&f); err != nil {
		return nil, fmt.Errorf("write plans: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("write plans: %w", err)
	}
	return buf.Bytes(), nil
}

// hoursOf writes each weekday's ranges, collapsing equal days to daily,
// weekdays or weekends.
func hoursOf(hours [7][]Range) fileHours {
	days := make([]string, 7)
	for wd, ranges := range hours {
		var specs []string
		for _, r := range ranges {
			specs = append(specs, r.String())
		}
		days[wd] = strings.Join(specs, ",")
	}
	out := fileHours{}
	put := func(key string, wd time.Weekday) {
		if days[wd] != "" {
			out[key] = strings.Split(days[wd], ",")
		}
	}
	same := func(wds ...time.Weekday) bool {
		for _, wd := range wds[1:] {
			if days[wd] != days[wds[0]] {
				return false
			}
		}
		return days[wds[0]] != ""
	}
	names := [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	var rest []time.Weekday
	switch {
	case same(time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday):
		put("daily", time.Monday)
	case same(time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday):
		put("weekdays", time.Monday)
		rest = []time.Weekday{time.Saturday, time.Sunday}
	default:
		rest = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	}
	if len(rest) == 2 && same(time.Saturday, time.Sunday) {
		put("weekends", time.Saturday)
		rest = nil
	}
	for _, wd := range rest {
		put(names[wd], wd)
	}
	return out
}

func holidaysOf(h *Holidays) *fileHolidays {
	if h == nil {
		return nil
	}
	fh := &fileHolidays{Calendars: h.Calendars}
	for _, d := range h.Dates {
		fh.Dates = append(fh.Dates, d.String())
	}
	for _, r := range h.Ranges {
		fh.Dates = append(fh.Dates, r[0].String()+".."+r[1].String())
	}
	return fh
}

// FormatDuration writes d as a plans file writes a window: a Go duration
// (ParseDuration reads it back) without zero trailing units: 48h, 1h30m,
// 1m30s, 0s.
func FormatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// formatEffective writes an effective_from instant as a date when it is a
// midnight in loc, as an RFC 3339 instant in loc otherwise; the zero time
// (always in effect) is left out.
func formatEffective(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc)
	if h, m, sec := t.Clock(); h == 0 && m == 0 && sec == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}

// fileHours is the business_hours mapping of a plans file. It is written
// with the days in week order and each list in flow style, as in the
// built-in file.
type fileHours map[string][]string

// MarshalYAML implements yaml.Marshaler.
func (h fileHours) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode}
	if len(h) == 0 {
		n.Style = yaml.FlowStyle
	}
	for _, key := range dayOrder {
		specs, ok := h[key]
		if !ok {
			continue
		}
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, spec := range specs {
			seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: spec, Style: yaml.DoubleQuotedStyle})
		}
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, seq)
	}
	return n, nil
}

// number is a decimal read as written (so that an error can quote it) and
// written as a YAML number, not a string.
type number string

// MarshalYAML implements yaml.Marshaler.
func (n number) MarshalYAML() (any, error) {
	tag := "!!int"
	if strings.ContainsAny(string(n), ".eE") {
		tag = "!!float"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(n)}, nil
}

// MarshalYAML implements yaml.Marshaler: the entries in the order of the
// priorities list (their rank), each in flow style, as the example files
// write them: urgent: {business: 30m, off_hours: 1h}.
func (b fileByPriority) MarshalYAML() (any, error) {
	keys := make([]string, 0, len(b))
	for k := range b {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return b[keys[i]].rank < b[keys[j]].rank })
	n := &yaml.Node{Kind: yaml.MappingNode}
	for _, k := range keys {
		fr := b[k]
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, &yaml.Node{
			Kind: yaml.MappingNode, Style: yaml.FlowStyle,
			Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Value: "business"}, {Kind: yaml.ScalarNode, Value: fr.Business},
				{Kind: yaml.ScalarNode, Value: "off_hours"}, {Kind: yaml.ScalarNode, Value: fr.OffHours},
			},
		})
	}
	return n, nil
}

// MarshalYAML implements yaml.Marshaler: one priority a line, in flow
// style, as the example files write them.
func (fp filePriority) MarshalYAML() (any, error) {
	type plain filePriority // without this method
	n := &yaml.Node{}
	if err := n.Encode(plain(fp)); err != nil {
		return nil, err
	}
	n.Style = yaml.FlowStyle
	return n, nil
}
