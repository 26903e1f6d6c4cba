// A plain object (the shape of fswatch and bus error events) is wrapped, nested objects shown.
const EventEmitter = require("events");
const em = new EventEmitter();
em.on("event", () => {});
em.emit("error", { source: "watchdog", path: "w", message: "the watched directory was removed", code: "ENOENT" });
