// Consume the file events of every host as one group: each event goes to one worker.
//
//   qjsbridge run --bus nats://127.0.0.1:4222 examples/fleet/worker.js [GROUP]
//
// Start as many workers as you like with the same GROUP (default "indexers"): they share the
// events, and one that dies leaves its unsettled events to the others. A failed event is retried
// after a second; after five deliveries it moves to the topic "<its topic>.poison".
const EventEmitter = require("events");

const group = process.argv[2] || "indexers";
const events = new EventEmitter();
const sub = bus.connect("fs.*", events, { group, maxInFlight: 4, ackWaitMs: 30000, maxDeliver: 5 });

async function handle(ev) {
  // Index, rebuild, sync, ...: here the work is printing the event.
  console.log(`${ev.host}  ${ev.op.padEnd(12)} ${ev.path}${ev.isDir ? "/" : ""}`);
}

events.on("message", async (msg) => {
  try {
    await handle(JSON.parse(msg.payload));
    msg.ack();
  } catch (err) {
    console.error(`event ${msg.uuid} failed (delivery ${msg.deliveryCount}): ${err.message}`);
    msg.nack({ delayMs: 1000 });
  }
});
events.on("error", (err) => console.error(`bus error ${err.code}: ${err.message}`));
events.on("close", () => console.log("subscription closed"));

console.log(`worker in group ${group}, consuming ${sub.topic}; press Ctrl-C to stop`);
