process.nextTick((a, b) => console.log("tick args", a, b), 1, "two");
setImmediate((x) => console.log("immediate arg", x), "imm");
console.log(typeof process.argv, Array.isArray(process.argv), typeof process.env, typeof process.platform);
process.stdout.write("written without newline|");
process.stdout.write("done\n");
