package report

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"
)

// alignRight right-aligns the given 1-based columns of a go-pretty table,
// header and footer too, as the reports' tables did.
func alignRight(t table.Writer, cols ...int) {
	var cc []table.ColumnConfig
	for _, n := range cols {
		cc = append(cc, table.ColumnConfig{Number: n, Align: text.AlignRight,
			AlignHeader: text.AlignRight, AlignFooter: text.AlignRight})
	}
	t.SetColumnConfigs(cc)
}

// TestGridMatchesGoPretty: a boxed grid looks exactly as the go-pretty
// table it replaced, colour codes, wide runes and footers included.
func TestGridMatchesGoPretty(t *testing.T) {
	words := []string{"", "acme", "4711", "Zoë", "東京", "—", "unanswered", "2026-10-02 Fri 10:30 PDT",
		text.Colors{text.FgRed}.Sprint("late"), text.Colors{text.Bold, text.FgRed}.Sprint("severe"), "a b  c"}
	text.OverrideRuneWidthEastAsianWidth(false) // as withColors does
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		cols := 1 + rng.IntN(5)
		g := &grid{cols: make([]column, cols)}
		var rightCols []int
		hdr := make(table.Row, cols)
		for i := range cols {
			g.cols[i].title = words[rng.IntN(len(words))] + "H"
			hdr[i] = g.cols[i].title
			if g.cols[i].right = rng.IntN(2) == 0; g.cols[i].right {
				rightCols = append(rightCols, i+1)
			}
		}
		gp := newTable()
		gp.AppendHeader(hdr)
		for range 1 + rng.IntN(6) {
			cells := make([]string, cols)
			row := make(table.Row, cols)
			for j := range cells {
				cells[j] = words[rng.IntN(len(words))]
				row[j] = cells[j]
			}
			g.add(nil, cells...)
			gp.AppendRow(row)
		}
		if rng.IntN(2) == 0 {
			g.footer = make([]string, cols)
			row := make(table.Row, cols)
			for j := range g.footer {
				g.footer[j] = words[rng.IntN(len(words))]
				row[j] = g.footer[j]
			}
			gp.AppendFooter(row)
		}
		alignRight(gp, rightCols...)
		var b strings.Builder
		g.write(&printer{w: &b}, Options{})
		if got, want := b.String(), gp.Render()+"\n"; got != want {
			t.Fatalf("round %d: the grid wrote\n%s\ngo-pretty renders\n%s", round, got, want)
		}
		if got := g.draw(Options{}) + "\n"; got != b.String() {
			t.Fatalf("round %d: draw and write differ", round)
		}
	}
}
