// A name a built-in does not export: Node's SyntaxError, at the import.
import { EventEmitter, nope } from "node:events";
console.log(EventEmitter, nope);
