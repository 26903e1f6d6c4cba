// process.exit() in a beforeExit listener: exit listeners run once, with its code.
process.on("beforeExit", (c) => { console.log("beforeExit", c); process.exit(4); });
process.on("exit", (c) => { console.log("exit", c); });
