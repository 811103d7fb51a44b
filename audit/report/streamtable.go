package report

import (
	"strings"

	"github.com/jedib0t/go-pretty/v6/text"
)

// streamTable writes a table in go-pretty's StyleLight, byte for byte as
// newTable would, for lists too long to hold as go-pretty rows (SPEC §12:
// a table of 200 000 breaches took 370 MB that way). The rows come from a
// function that produces them one at a time and is called twice: once to
// measure the columns, once to write. Only the column widths are kept.
type streamTable struct {
	header []string
	right  []bool // right-aligned columns, header included
}

// render writes the table to p. rows calls emit with the cells of each row
// in order; cells may hold colour escapes, which take no width.
func (st *streamTable) render(p *printer, rows func(emit func(cells []string))) {
	widths := make([]int, len(st.header))
	for i, h := range st.header {
		widths[i] = text.RuneWidthWithoutEscSequences(h)
	}
	rows(func(cells []string) {
		for i, c := range cells {
			widths[i] = max(widths[i], text.RuneWidthWithoutEscSequences(c))
		}
	})
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
		p.println(b.String())
	}
	line := func(cells []string) {
		b.Reset()
		for i, c := range cells {
			b.WriteString("│ ")
			pad := widths[i] - text.RuneWidthWithoutEscSequences(c)
			if st.right[i] {
				b.WriteString(strings.Repeat(" ", pad))
				b.WriteString(c)
			} else {
				b.WriteString(c)
				b.WriteString(strings.Repeat(" ", pad))
			}
			b.WriteByte(' ')
		}
		b.WriteString("│")
		p.println(b.String())
	}
	rule("┌", "┬", "┐")
	line(st.header)
	rule("├", "┼", "┤")
	rows(line)
	rule("└", "┴", "┘")
}
