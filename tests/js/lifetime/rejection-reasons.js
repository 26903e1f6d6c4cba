// How a non-Error rejection reason is named in the unhandled-rejection message.
process.on("uncaughtException", (err, origin) => {
  console.log(origin, JSON.stringify(err.message.match(/the reason "(.*)"\.$/s)[1]));
});
class Foo {}
const values = [[1, 2], "str", Symbol("s"), function foo() {}, new Map([[1, 2]]), new Foo(),
  undefined, null, Object.create(null), { toString() { return "custom"; } }, 10n, new Date(0),
  /re/g, [], {}, true, 3.5, { get constructor() { throw new Error("never read"); } }];
for (const v of values) Promise.reject(v);
