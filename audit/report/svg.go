package report

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
)

// The charts of the HTML report are small inline SVG documents written here
// by hand rather than with a chart library (see the commit that added them):
// rectangles and text in a viewBox that scales with the page, styled by the
// page's stylesheet through classes (so print and screen share one
// definition), each an img role with a title that names it. The figures they
// draw come from the engine; a chart only maps them to lengths and colours,
// and every chart is followed by a table with the same numbers.

// svgWriter builds one SVG element. Text is escaped with
// template.HTMLEscapeString; coordinates are written with one decimal at
// most, so that the bytes are the same on every machine.
type svgWriter struct {
	b strings.Builder
}

func newSVG(width, height int, title, class string) *svgWriter {
	s := &svgWriter{}
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart %s" viewBox="0 0 %d %d" role="img" aria-label="%s" preserveAspectRatio="xMinYMin meet">`,
		class, width, height, template.HTMLEscapeString(title))
	fmt.Fprintf(&s.b, "<title>%s</title>", template.HTMLEscapeString(title))
	return s
}

// coord formats a coordinate: an integer when whole, else one decimal.
func coord(f float64) string {
	if f == float64(int64(f)) {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}

func (s *svgWriter) rect(x, y, w, h float64, class, tip string) {
	if w <= 0 || h <= 0 {
		return
	}
	fmt.Fprintf(&s.b, `<rect x="%s" y="%s" width="%s" height="%s" class="%s">`, coord(x), coord(y), coord(w), coord(h), class)
	if tip != "" {
		fmt.Fprintf(&s.b, "<title>%s</title>", template.HTMLEscapeString(tip))
	}
	s.b.WriteString("</rect>")
}

func (s *svgWriter) text(x, y float64, anchor, class, t string) {
	fmt.Fprintf(&s.b, `<text x="%s" y="%s" text-anchor="%s" class="%s">%s</text>`,
		coord(x), coord(y), anchor, class, template.HTMLEscapeString(t))
}

func (s *svgWriter) line(x1, y1, x2, y2 float64, class string) {
	fmt.Fprintf(&s.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" class="%s"/>`, coord(x1), coord(y1), coord(x2), coord(y2), class)
}

func (s *svgWriter) html() template.HTML {
	s.b.WriteString("</svg>")
	// The markup is built from escaped text and numbers only.
	return template.HTML(s.b.String())
}

// hbar is one bar of a horizontal bar chart: Frac of the full width (0–1),
// in Class, with Value written after it.
type hbar struct {
	Label, Value, Class, Tip string
	Frac                     float64
	// Empty marks a bar with no value (an attainment with no decided
	// ticket): no bar is drawn, only Value.
	Empty bool
}

// hbarChart draws labelled horizontal bars, one per row, with an optional
// reference line at refFrac (0 for none).
func hbarChart(title string, bars []hbar, refFrac float64, refLabel string) template.HTML {
	const (
		width  = 720
		labelW = 180
		valueW = 90
		rowH   = 26
		top    = 8
	)
	plotW := float64(width - labelW - valueW)
	height := top + rowH*len(bars) + 20
	s := newSVG(width, height, title, "hbar")
	for i, b := range bars {
		y := float64(top + rowH*i)
		s.text(labelW-8, y+17, "end", "label", truncateRunes(b.Label, 24))
		s.rect(labelW, y+4, plotW, rowH-8, "track", "")
		if !b.Empty {
			s.rect(labelW, y+4, plotW*clamp01(b.Frac), rowH-8, b.Class, b.Tip)
		}
		s.text(labelW+plotW+8, y+17, "start", "value", b.Value)
	}
	if refFrac > 0 {
		x := labelW + plotW*clamp01(refFrac)
		s.line(x, top, x, float64(top+rowH*len(bars)), "ref")
		s.text(x, float64(top+rowH*len(bars)+14), "middle", "axis", refLabel)
	}
	return s.html()
}

// vbar is one column of a column chart.
type vbar struct {
	Label, Class, Tip string
	Frac              float64
	Empty             bool
}

// columnChart draws vertical columns over a 0–100% axis (or any axis whose
// gridline labels are given), labelling every labelEvery-th column.
func columnChart(title string, cols []vbar, grid []string, labelEvery int) template.HTML {
	const (
		width  = 720
		left   = 44
		right  = 8
		top    = 10
		plotH  = 180
		bottom = 34
	)
	height := top + plotH + bottom
	s := newSVG(width, height, title, "columns")
	for i, g := range grid {
		y := float64(top) + float64(plotH)*(1-float64(i)/float64(len(grid)-1))
		s.line(left, y, width-right, y, "grid")
		s.text(left-6, y+4, "end", "axis", g)
	}
	if len(cols) == 0 {
		return s.html()
	}
	if labelEvery < 1 {
		labelEvery = 1
	}
	slot := float64(width-left-right) / float64(len(cols))
	gap := slot * 0.2
	for i, c := range cols {
		x := float64(left) + slot*float64(i)
		if !c.Empty {
			// A decided 0% stays visible, apart from a gap (Empty).
			h := max(2, float64(plotH)*clamp01(c.Frac))
			s.rect(x+gap/2, float64(top)+float64(plotH)-h, slot-gap, h, c.Class, c.Tip)
		}
		if i%labelEvery == 0 {
			s.text(x+slot/2, float64(top+plotH+16), "middle", "axis", c.Label)
		}
	}
	return s.html()
}

// heatCell is one cell of the weekday × hour grid: Level 0 (none) to 4.
type heatCell struct {
	Level int
	Tip   string
}

// heatmap draws a 7 × 24 grid of cells, weekdays down and hours across.
func heatmap(title, scale string, rows [7][24]heatCell) template.HTML {
	const (
		left  = 44
		top   = 18
		cell  = 27
		width = left + 24*cell + 4
	)
	height := top + 7*cell + 4
	s := newSVG(width, height, title, "heat "+scale)
	for h := 0; h < 24; h += 3 {
		s.text(float64(left+h*cell)+cell/2, 12, "middle", "axis", fmt.Sprintf("%02d", h))
	}
	for d, name := range weekdayNames {
		y := float64(top + d*cell)
		s.text(left-6, y+cell/2+4, "end", "axis", name)
		for h := 0; h < 24; h++ {
			c := rows[d][h]
			s.rect(float64(left+h*cell)+1, y+1, cell-2, cell-2, fmt.Sprintf("l%d", c.Level), c.Tip)
		}
	}
	return s.html()
}

var weekdayNames = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

func clamp01(f float64) float64 {
	switch {
	case f < 0:
		return 0
	case f > 1:
		return 1
	}
	return f
}

// truncateRunes cuts s to n runes, ending with "…" when cut.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
