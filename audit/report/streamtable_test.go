package report

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"
)

// TestStreamTableMatchesGoPretty: the streamed lists look exactly as the
// go-pretty tables they replaced, colour codes and wide runes included.
func TestStreamTableMatchesGoPretty(t *testing.T) {
	words := []string{"", "acme", "4711", "Zoë", "東京", "—", "unanswered", "2026-10-02 Fri 10:30 PDT",
		text.Colors{text.FgRed}.Sprint("late"), text.Colors{text.Bold, text.FgRed}.Sprint("severe"), "a b  c"}
	text.OverrideRuneWidthEastAsianWidth(false) // as withColors does
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		cols := 1 + rng.IntN(5)
		st := streamTable{header: make([]string, cols), right: make([]bool, cols)}
		var rightCols []int
		for i := range cols {
			st.header[i] = words[rng.IntN(len(words))] + "H"
			if st.right[i] = rng.IntN(2) == 0; st.right[i] {
				rightCols = append(rightCols, i+1)
			}
		}
		rows := make([][]string, 1+rng.IntN(6))
		for i := range rows {
			rows[i] = make([]string, cols)
			for j := range rows[i] {
				rows[i][j] = words[rng.IntN(len(words))]
			}
		}
		gp := newTable()
		hdr := make(table.Row, cols)
		for i, h := range st.header {
			hdr[i] = h
		}
		gp.AppendHeader(hdr)
		for _, r := range rows {
			row := make(table.Row, cols)
			for i, c := range r {
				row[i] = c
			}
			gp.AppendRow(row)
		}
		alignRight(gp, rightCols...)
		var b strings.Builder
		p := &printer{w: &b}
		st.render(p, func(emit func([]string)) {
			for _, r := range rows {
				emit(r)
			}
		})
		if got, want := b.String(), gp.Render()+"\n"; got != want {
			t.Fatalf("round %d: streamTable wrote\n%s\ngo-pretty renders\n%s", round, got, want)
		}
	}
}
