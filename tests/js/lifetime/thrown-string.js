// A thrown primitive prints as a string, as in Node (a string without quotes).
process.on("exit", (code) => console.log("exit", code));
setTimeout(() => {
  throw "it's a string";
}, 1);
