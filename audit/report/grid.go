package report

import (
	"strings"

	"github.com/jedib0t/go-pretty/v6/text"
)

// A grid is a table described once and drawn at the width it is given
// (SPEC §10 "Fits the terminal"): boxed and as wide as its cells off a
// terminal or with --wide; on a terminal narrower than that, compact — no
// box, short column titles, some columns dropped or shortened — and with
// its text columns cut with "…" to fit. Numbers are never cut.
//
// A grid draws itself, line by line, rather than through go-pretty's table
// writer: its rows may come from a list of a million breaches that is
// iterated (twice, or three times when compact) and never held as rows
// (SPEC §12: a go-pretty table of 200 000 breaches took 370 MB). The boxed
// form is byte for byte go-pretty's StyleLight with headers and footers as
// written.
type grid struct {
	cols []column
	// rows calls emit with the plain cells of each row and the colours to
	// paint all of them with (nil: none; a cell may come painted already).
	// It is called once per pass.
	rows   func(emit func(color text.Colors, cells []string))
	kept   []gridRow // the rows given with add
	footer []string
}

// column is one column of a grid.
type column struct {
	title string
	// short is the title in a compact grid; "-" drops the column there.
	short string
	right bool
	// cut says the column holds text that may be cut with "…" to fit; cut
	// columns give way widest first, ties to the earlier in cutOrder.
	cut      bool
	cutOrder int
	// keepEnd cuts from the start instead ("…t.csv:123"): the end of a
	// source position is what tells rows apart.
	keepEnd bool
	// min is the narrowest the column is cut to; 0 is minCutWidth.
	min int
	// compact, when set, shortens a cell for a compact grid (a timestamp
	// loses its year and zone).
	compact func(string) string
}

// gridRow is one row given with add.
type gridRow struct {
	cells []string
	color text.Colors
}

// add appends a row to a grid whose rows are held (small tables).
func (g *grid) add(color text.Colors, cells ...string) {
	g.kept = append(g.kept, gridRow{cells: cells, color: color})
	g.rows = func(emit func(text.Colors, []string)) {
		for _, r := range g.kept {
			emit(r.color, r.cells)
		}
	}
}

// minCutWidth is the narrowest a cut text column gets.
const minCutWidth = 8

// draw renders the grid for o as a string (without a final newline, as
// go-pretty's Render).
func (g *grid) draw(o Options) string {
	var b strings.Builder
	g.each(o, func(line string) {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
	})
	return b.String()
}

// write renders the grid for o to p, a line at a time.
func (g *grid) write(p *printer, o Options) { g.each(o, p.println) }

// each renders the grid for o, calling line with each line: boxed at full
// width unless o.Width is positive and smaller, then compact and cut.
func (g *grid) each(o Options, line func(string)) {
	widths := g.widths(false, nil)
	if o.Width <= 0 || boxWidth(widths) <= o.Width {
		g.box(o, widths, line)
		return
	}
	keep := g.kept2(true)
	widths = g.widths(true, keep)
	// Cut the text columns, the widest first, one column of text at a
	// time, down to their floor.
	limit := map[int]int{}
	for over := compactWidth(widths, keep) - o.Width; over > 0; over-- {
		widest := -1
		for _, i := range keep {
			c := g.cols[i]
			floor := c.min
			if floor == 0 {
				floor = minCutWidth
			}
			if !c.cut || widths[i] <= floor {
				continue
			}
			if widest < 0 || widths[i] > widths[widest] ||
				(widths[i] == widths[widest] && c.cutOrder < g.cols[widest].cutOrder) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		widths[widest]--
		limit[widest] = widths[widest]
	}
	g.compactLines(o, widths, keep, limit, line)
}

// kept2 lists the columns a grid shows, compact or not.
func (g *grid) kept2(compact bool) []int {
	var keep []int
	for i, c := range g.cols {
		if !compact || c.short != "-" {
			keep = append(keep, i)
		}
	}
	return keep
}

// cell is the text of column i's cell s, compact or not, before any cut.
func (g *grid) cell(i int, s string, compact bool) string {
	if compact && g.cols[i].compact != nil {
		return g.cols[i].compact(s)
	}
	return s
}

// widths measures the content widths of the columns (those in keep when
// compact), titles, rows and footer.
func (g *grid) widths(compact bool, keep []int) []int {
	w := make([]int, len(g.cols))
	for i, c := range g.cols {
		title := c.title
		if compact {
			title = c.short
		}
		w[i] = text.RuneWidthWithoutEscSequences(title)
	}
	measure := func(cells []string) {
		for i, s := range cells {
			w[i] = max(w[i], text.RuneWidthWithoutEscSequences(g.cell(i, s, compact)))
		}
	}
	if g.rows != nil {
		g.rows(func(_ text.Colors, cells []string) { measure(cells) })
	}
	if g.footer != nil {
		measure(g.footer)
	}
	return w
}

// boxWidth is the width of a boxed grid: "│ " before each column, " " after
// it, and the closing "│".
func boxWidth(widths []int) int {
	n := 1
	for _, w := range widths {
		n += w + 3
	}
	return n
}

// compactWidth is the width of a compact grid: its columns one space apart.
func compactWidth(widths []int, keep []int) int {
	n := -1
	for _, i := range keep {
		n += widths[i] + 1
	}
	return n
}

// pad aligns s in a column of width w.
func pad(s string, w int, right bool) string {
	gap := w - text.RuneWidthWithoutEscSequences(s)
	if gap <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", gap) + s
	}
	return s + strings.Repeat(" ", gap)
}

// box draws the grid in go-pretty's StyleLight.
func (g *grid) box(o Options, widths []int, line func(string)) {
	var b strings.Builder
	rule := func(left, mid, right string) {
		b.Reset()
		b.WriteString(left)
		for i, w := range widths {
			if i > 0 {
				b.WriteString(mid)
			}
			b.WriteString(strings.Repeat("─", w+2))
		}
		b.WriteString(right)
		line(b.String())
	}
	row := func(color text.Colors, cells []string) {
		b.Reset()
		for i, s := range cells {
			if color != nil {
				s = paint(o, color, s)
			}
			b.WriteString("│ ")
			b.WriteString(pad(s, widths[i], g.cols[i].right))
			b.WriteByte(' ')
		}
		b.WriteString("│")
		line(b.String())
	}
	titles := make([]string, len(g.cols))
	for i, c := range g.cols {
		titles[i] = c.title
	}
	rule("┌", "┬", "┐")
	row(nil, titles)
	rule("├", "┼", "┤")
	if g.rows != nil {
		g.rows(row)
	}
	if g.footer != nil {
		rule("├", "┼", "┤")
		row(nil, g.footer)
	}
	rule("└", "┴", "┘")
}

// compactLines draws the grid without a box, the columns in keep one space
// apart, cut to limit; no line ends in a space.
func (g *grid) compactLines(o Options, widths []int, keep []int, limit map[int]int, line func(string)) {
	var b strings.Builder
	ruler := strings.Repeat("─", compactWidth(widths, keep))
	row := func(color text.Colors, cells []string) {
		b.Reset()
		for n, i := range keep {
			s := g.cell(i, cells[i], true)
			if w, ok := limit[i]; ok {
				if g.cols[i].keepEnd {
					s = cutTextStart(s, w)
				} else {
					s = cutText(s, w)
				}
			}
			if color != nil {
				s = paint(o, color, s)
			}
			if n > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(pad(s, widths[i], g.cols[i].right))
		}
		line(strings.TrimRight(b.String(), " "))
	}
	titles := make([]string, len(g.cols))
	for i, c := range g.cols {
		titles[i] = c.short
	}
	row(nil, titles)
	line(ruler)
	if g.rows != nil {
		g.rows(row)
	}
	if g.footer != nil {
		line(ruler)
		row(nil, g.footer)
	}
}

// cutText cuts s to n columns, ending with "…" when anything was cut.
func cutText(s string, n int) string {
	if text.RuneWidthWithoutEscSequences(s) <= n {
		return s
	}
	if n <= 1 {
		return "…"
	}
	return text.Trim(s, n-1) + "…"
}

// cutTextStart cuts s to n columns from the start, beginning with "…" when
// anything was cut. s holds no escape sequence (source positions are never
// painted).
func cutTextStart(s string, n int) string {
	if text.RuneWidthWithoutEscSequences(s) <= n {
		return s
	}
	if n <= 1 {
		return "…"
	}
	r := []rune(s)
	for len(r) > 0 && text.RuneWidthWithoutEscSequences(string(r)) > n-1 {
		r = r[1:]
	}
	return "…" + string(r)
}

// shortStamp shortens a stamp ("2026-10-02 Fri 10:30 PDT") to its month,
// day and time ("10-02 10:30") for a compact grid.
func shortStamp(s string) string {
	if len(s) >= 20 && s[4] == '-' && s[14] == ' ' {
		return s[5:10] + " " + s[15:20]
	}
	return s
}
