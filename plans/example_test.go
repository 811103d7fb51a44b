package plans_test

import (
	"fmt"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

func ExampleSet_Lookup() {
	set := plans.Builtin()
	at := time.Date(2026, 10, 2, 12, 0, 0, 0, set.Location)
	for _, name := range []string{"24/7 Support", "premium plan", "Gold"} {
		p, ok := set.Lookup(name, at)
		if !ok {
			fmt.Printf("%q: unknown plan\n", name)
			continue
		}
		fmt.Printf("%q: %s (%s), business hours: %v\n", name, p.Key, p.Display, p.InBusinessHours(at))
	}
	// Output:
	// "24/7 Support": 24x7 (24/7), business hours: true
	// "premium plan": premium (Premium), business hours: true
	// "Gold": unknown plan
}
