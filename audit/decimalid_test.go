package audit

import (
	"strings"
	"testing"
)

func TestDecimalIDDigitBounds(t *testing.T) {
	tests := []struct {
		id     string
		digits int
		want   uint64
		ok     bool
	}{
		{"", 19, 0, false},
		{"0", 19, 0, true},
		{"00", 19, 0, false},
		{"0123", 19, 0, false},
		{"12a", 19, 0, false},
		{"-1", 19, 0, false},
		{"999999999999999999", 18, 999999999999999999, true},
		{"1000000000000000000", 18, 0, false},
		{"9999999999999999999", 19, 9999999999999999999, true},
		{"10000000000000000000", 19, 0, false},
		// 20 digits overflow a uint64: the bound is 19 whatever is asked.
		{"18446744073709551615", 20, 0, false},
		{"99999999999999999999", 20, 0, false},
	}
	for _, tt := range tests {
		got, ok := DecimalID(tt.id, tt.digits)
		if got != tt.want || ok != tt.ok {
			t.Errorf("DecimalID(%q, %d) = %d, %v; want %d, %v", tt.id, tt.digits, got, ok, tt.want, tt.ok)
		}
	}
}

// The idSet stores numbers of up to idNumberDigits digits in its slots. Two
// 19-digit ids 2^62 apart would share a slot key if they were stored as
// numbers (the bound was once 19 in a copy of this parser), and the second
// would be taken for a duplicate.
func TestIDSetNumericDigitBound(t *testing.T) {
	largest, ok := DecimalID(strings.Repeat("9", idNumberDigits), idNumberDigits)
	if !ok {
		t.Fatalf("the largest %d-digit id is not numeric", idNumberDigits)
	}
	if q := largest >> 2; q<<4>>4 != q || q<<4 >= idDense {
		t.Fatalf("the largest %d-digit id, %d, does not fit a slot key below the dense and numeric flags", idNumberDigits, largest)
	}
	ids := []string{"999999999999999999", "999999999999999998", "1000000000000000000", "5611686018427387904", "9999999999999999999", "0"}
	var s idSet
	for _, id := range ids {
		if !s.add(id) {
			t.Errorf("add(%q) first time = false", id)
		}
	}
	for _, id := range ids {
		if s.add(id) {
			t.Errorf("add(%q) second time = true", id)
		}
	}
}
