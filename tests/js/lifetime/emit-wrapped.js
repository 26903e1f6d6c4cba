// Internal events go through process.emit as the script left it (a common way to filter
// warnings), and exit codes keep their low 8 bits.
const originalEmit = process.emit;
process.emit = function (name, data, ...rest) {
  if (name === "warning" && data && data.name === "DeprecationWarning") return false;
  if (name === "exit") console.log("wrapped emit saw exit", data);
  return originalEmit.call(this, name, data, ...rest);
};
process.on("warning", (w) => console.log("warning", w.name, w.message));
process.emitWarning("old API", "DeprecationWarning");
process.emitWarning("kept");
setTimeout(() => process.exit(258), 1);
