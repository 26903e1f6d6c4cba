// An error thrown by a built-in shows Node's [code] header and the user's frames.
function schedule() {
  setTimeout("not a function", 10);
}
try {
  schedule();
} catch (e) {
  console.log(e.stack.split("\n")[0]);
  console.log(String(e));
}
schedule();
