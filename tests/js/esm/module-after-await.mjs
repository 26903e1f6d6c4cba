// module.exports after a top-level await.
await null;
module.exports = { late: true };
