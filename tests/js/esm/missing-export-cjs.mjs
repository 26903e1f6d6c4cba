// A name a CommonJS module does not export: Node's hint to use the default export.
import { present, absent as other } from "./fixtures/errors/lacks.cjs";
console.log(present, other);
