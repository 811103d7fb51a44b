// Command floor is the floor of slaaudit's performance benchmark: the least
// work any CSV-reading Go program does on an export. It reads the file named
// by its argument with encoding/csv, reusing the record, and prints the
// number of records after the header. slaaudit check is measured against it
// (see testdata/bench/bench.sh and the README's Performance section).
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor FILE.csv")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(2)
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	rows := -1 // the header is not a row
	for {
		_, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(2)
		}
		rows++
	}
	fmt.Println(rows)
}
