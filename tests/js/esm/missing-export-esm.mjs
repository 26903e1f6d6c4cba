// A name an ES module does not export, in an import spread over lines.
import {
  present,
  absent,
} from "./fixtures/errors/lacks.mjs";
console.log(present, absent);
