// import() of a module that fails to link, from CommonJS, with no handler.
import("./fixtures/errors/reexports-missing.mjs");
