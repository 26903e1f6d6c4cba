const t = setTimeout(function (arg) {
  console.log("fired with", arg, "this is handle:", this === t);
  // refresh() re-arms a timer, also one that already fired
  let refreshed = 0;
  const r = setTimeout(() => {
    refreshed++;
    console.log("refreshable fired", refreshed);
    if (refreshed < 2) r.refresh();
  }, 2);
}, 3, "arg1");
console.log("hasRef", t.hasRef(), t.unref() === t, t.hasRef(), t.ref().hasRef());
console.log("primitive id is a number:", typeof +t === "number", typeof t[Symbol.toPrimitive]());
const byId = setTimeout(() => console.log("cleared by id: never"), 2);
clearTimeout(+byId);
const i = setImmediate(() => console.log("never: cleared immediate"));
console.log("immediate hasRef", i.hasRef(), i.unref().hasRef(), i.ref().hasRef());
clearImmediate(i);
