console.log("before");
setTimeout(() => console.log("never printed"), 10);
throw new Error("uncaught in an ES module");
