// A script that replaced the array and string methods before its error event still gets
// the report right: qjsbridge formats stacks without calling them.
const EventEmitter = require("events");
const em = new EventEmitter();
const err = new Error("robust");
Array.prototype.join = () => "replaced";
Array.prototype.splice = () => [];
Array.prototype.reverse = function () { return this; };
Array.prototype.push = () => 0;
String.prototype.split = () => ["replaced"];
Math.min = () => 0;
Object.isExtensible = () => false;
function emitIt() {
  em.emit("error", err);
}
emitIt();
