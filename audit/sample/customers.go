package sample

import (
	"math"
	"strconv"
)

// customer is one sample customer: the plan its tickets name, spelled the way
// its helpdesk writes it, and optionally a plan it moves to on the 15th of
// the month.
type customer struct {
	name    string
	planKey string
	spelled string
	// upgradeKey and upgradeSpelled, when set, are the plan from the 15th of
	// the month (local midnight) on.
	upgradeKey, upgradeSpelled string
}

// customers is the fixed cast, most active first. The plan spellings vary on
// purpose, to exercise plan-name matching (SPEC §3.1). testdata/accounts.csv
// is written against this table; keep them in step.
var customers = []customer{
	{name: "acme", planKey: "premium", spelled: "Premium"},
	{name: "globex", planKey: "standard", spelled: "Standard"},
	{name: "initech", planKey: "standard", spelled: "standard", upgradeKey: "premium", upgradeSpelled: "Premium"},
	{name: "umbrella", planKey: "24x7", spelled: "24/7"},
	{name: "hooli", planKey: "premium", spelled: "premium"},
	{name: "soylent", planKey: "limited", spelled: "Limited"},
	{name: "stark", planKey: "24x7", spelled: "24x7 Support"},
	{name: "wayne", planKey: "premium", spelled: "Premium"},
	{name: "wonka", planKey: "standard", spelled: "Standard"},
	{name: "cyberdyne", planKey: "24x7", spelled: "24x7"},
	{name: "tyrell", planKey: "premium", spelled: "Premium Support"},
	{name: "oscorp", planKey: "standard", spelled: "Standard"},
	{name: "vandelay", planKey: "limited", spelled: "limited"},
	{name: "massive-dynamic", planKey: "premium", spelled: "premium"},
	{name: "aperture", planKey: "standard", spelled: "Standard"},
	{name: "black-mesa", planKey: "24x7", spelled: "24/7"},
	{name: "gringotts", planKey: "premium", spelled: "Premium"},
	{name: "monarch", planKey: "standard", spelled: "standard"},
	{name: "pied-piper", planKey: "limited", spelled: "Limited"},
	{name: "dunder-mifflin", planKey: "standard", spelled: "Standard"},
	{name: "bluth", planKey: "premium", spelled: "Premium"},
	{name: "krusty", planKey: "limited", spelled: "Limited"},
	{name: "nakatomi", planKey: "premium", spelled: "premium"},
	{name: "weyland", planKey: "24x7", spelled: "24x7 Support"},
	{name: "gekko", planKey: "premium", spelled: "Premium"},
	{name: "sterling-cooper", planKey: "standard", spelled: "Standard"},
	{name: "prestige", planKey: "standard", spelled: "standard"},
	{name: "duff", planKey: "limited", spelled: "Limited"},
	{name: "virtucon", planKey: "premium", spelled: "Premium"},
	{name: "spacely", planKey: "standard", spelled: "Standard"},
	{name: "cogswell", planKey: "standard", spelled: "Standard"},
	{name: "rekall", planKey: "24x7", spelled: "24/7"},
	{name: "zorg", planKey: "premium", spelled: "Premium"},
	{name: "yoyodyne", planKey: "standard", spelled: "Standard"},
	{name: "ingen", planKey: "premium", spelled: "premium"},
	{name: "tessier-ashpool", planKey: "24x7", spelled: "24x7"},
	{name: "omni", planKey: "standard", spelled: "Standard"},
	{name: "buy-n-large", planKey: "limited", spelled: "Limited"},
	{name: "sirius", planKey: "standard", spelled: "Standard"},
	{name: "encom", planKey: "premium", spelled: "Premium"},
}

// cast returns the customers for an export of n tickets: the fixed cast, and
// for large exports one more customer per 5,000 tickets ("acme-2", …), each
// on its namesake's plan.
func cast(n int) []customer {
	list := append([]customer(nil), customers...)
	for i := len(customers); i < len(customers)+n/5000; i++ {
		c := customers[i%len(customers)]
		c.name += "-" + strconv.Itoa(i/len(customers)+1)
		c.upgradeKey, c.upgradeSpelled = "", ""
		list = append(list, c)
	}
	return list
}

// cumulativeWeights gives customer i a Zipf-like share 1/(i+1)^0.7, so a few
// customers open most tickets.
func cumulativeWeights(n int) []float64 {
	cum := make([]float64, n)
	sum := 0.0
	for i := range cum {
		sum += 1 / math.Pow(float64(i+1), 0.7)
		cum[i] = sum
	}
	return cum
}
