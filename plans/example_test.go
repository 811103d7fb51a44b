package plans_test

import (
	"fmt"
	"strings"
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

func ExamplePlan_DeadlineFor() {
	set, err := plans.Load(strings.NewReader(`
timezone: America/New_York
priorities:
  - {key: urgent, aliases: [P1, "1 - Critical"]}
  - {key: low, aliases: [P4]}
plans:
  - key: premium
    channels: [web]
    business_hours: {weekdays: ["09:00-17:00"]}
    response: {business: 4h, off_hours: 8h}
    response_by_priority:
      urgent: {business: 30m, off_hours: 1h}
`), "example.yaml")
	if err != nil {
		panic(err)
	}
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, set.Location) // a Tuesday, in business hours
	p, _ := set.Lookup("Premium", at)
	for _, value := range []string{"p-1", "P4", "", "Sev 2"} {
		key, match := set.MatchPriority(value)
		class, window, deadline := p.DeadlineFor(at, key)
		fmt.Printf("%-7q %-7s target %-15s %s %v, due %s\n", value, match, p.Target(key), class, window, deadline.Format("15:04"))
	}
	// Output:
	// "p-1"   known   target premium/urgent  business 30m0s, due 10:30
	// "P4"    known   target premium         business 4h0m0s, due 14:00
	// ""      blank   target premium         business 4h0m0s, due 14:00
	// "Sev 2" unknown target premium         business 4h0m0s, due 14:00
}

func ExampleLoad() {
	set, err := plans.Load(strings.NewReader(`
timezone: Europe/Berlin
plans:
  - key: business
    display: Business Support
    channels: [email, chat]
    business_hours: {weekdays: ["08:00-18:00"]}
    holidays: {dates: [2026-12-24]}
    response: {business: 4h, off_hours: 8h}
    clock: business
`), "example.yaml")
	if err != nil {
		panic(err)
	}
	p, _ := set.Lookup("Business Support", time.Date(2026, 12, 1, 0, 0, 0, 0, set.Location))
	fmt.Println(set.Source, set.Timezone, set.Keys())
	fmt.Println(p.Clock, p.Window(plans.Business), p.Window(plans.OffHours), p.Holidays)

	// A mistake is one line naming the field.
	_, err = plans.Load(strings.NewReader("timezone: Europe/Berlin\nplans:\n  - key: x\n    channels: []\n"), "bad.yaml")
	fmt.Println(err)
	// Output:
	// example.yaml Europe/Berlin [business]
	// business 4h0m0s 8h0m0s 2026-12-24
	// plans[0].channels: a plan needs at least one channel
}
