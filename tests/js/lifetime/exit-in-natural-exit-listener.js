// process.exit() in an exit listener at the natural end wins.
process.on("exit", (c) => { console.log("exit", c); process.exit(6); });
setTimeout(() => console.log("t"), 1);
