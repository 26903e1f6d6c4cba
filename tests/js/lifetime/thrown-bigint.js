// A thrown bigint prints as its digits, as in Node.
throw 42n;
