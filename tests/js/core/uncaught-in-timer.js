setTimeout(() => {
  console.log("about to throw");
  throw new Error("boom in timer");
}, 1);
setTimeout(() => console.log("not reached"), 50);
