// __dirname in an ES module.
console.log(import.meta.dirname === undefined);
console.log(__dirname);
