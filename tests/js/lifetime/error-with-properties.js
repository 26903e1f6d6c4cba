// Extra properties of an uncaught error are printed under its stack, like util.inspect does.
function fail() {
  const err = new TypeError("bad input");
  err.code = "E_BAD";
  err.details = { field: "name" };
  throw err;
}
setTimeout(fail, 1);
