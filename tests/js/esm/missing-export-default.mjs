// A default import of a module without a default export.
import lacks from "./fixtures/errors/lacks.mjs";
console.log(lacks);
