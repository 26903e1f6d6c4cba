// The same from an ES module.
import { EventEmitter } from "node:events";
console.log("module body");
new EventEmitter().emit("error", new Error("esm boom"));
