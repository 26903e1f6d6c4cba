console.log("before exit");
setTimeout(() => console.log("timer never runs"), 1);
Promise.resolve().then(() => {
  try {
    process.exit(7);
  } finally {
    console.log("finally never runs");
  }
});
console.log("sync after scheduling");
