// import() of an ES module whose body throws, from CommonJS, with no handler.
import("./fixtures/esm/throws.mjs");
