package sample_test

import (
	"log"
	"os"

	"github.com/slaaudit/slaaudit/audit/sample"
)

func ExampleWrite() {
	err := sample.Write(os.Stdout, sample.Options{Tickets: 4, Seed: 1, Month: "2026-10"})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// id,customer,plan,channel,priority,submitted_at,first_response_at
	// 1000,umbrella,24/7,web,normal,2026-10-10T00:56:48Z,2026-10-10T01:56:33Z
	// 1001,yoyodyne,Standard,web,urgent,2026-10-14T07:50:46-07:00,2026-10-14T13:10:54-07:00
	// 1002,vandelay,limited,web,normal,2026-10-20T20:55:37Z,
	// 1003,initech,Premium,chat,normal,2026-10-26T19:45:18Z,2026-10-26T12:49:18-07:00
}

// The same tickets as a history: the created event and the first public
// agent reply fall at the rows' submitted_at and first_response_at.
func ExampleWrite_history() {
	err := sample.Write(os.Stdout, sample.Options{Tickets: 4, Seed: 1, Month: "2026-10", Shape: sample.ShapeHistory})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// ticket_id,at,event,actor,public,customer,plan,channel,priority
	// 1000,2026-10-10T00:56:48Z,created,customer,true,umbrella,24/7,web,normal
	// 1000,2026-10-10T01:56:33Z,reply,agent,true,,,,
	// 1000,2026-10-09T20:25:31-07:00,status,agent,false,,,,
	// 1001,2026-10-14T07:50:46-07:00,created,customer,true,yoyodyne,Standard,web,urgent
	// 1001,2026-10-14T11:53:23-07:00,reply,customer,true,,,,
	// 1001,2026-10-14T13:10:54-07:00,reply,agent,true,,,,
	// 1002,2026-10-20T20:55:37Z,created,customer,true,vandelay,limited,web,normal
	// 1002,2026-10-21T05:46:47-07:00,note,agent,false,,,,
	// 1003,2026-10-26T19:45:18Z,created,customer,true,initech,Premium,chat,normal
	// 1003,2026-10-26T12:49:18-07:00,reply,agent,true,,,,
	// 1003,2026-10-26T15:22:12-07:00,reply,customer,true,,,,
	// 1003,2026-10-27T04:35:29Z,reply,agent,true,,,,
	// 1003,2026-10-27T05:37:20Z,status,agent,false,,,,
}
