console.log("start");
Promise.reject(new Error("nobody catches this"));
setTimeout(() => console.log("not reached"), 50);
