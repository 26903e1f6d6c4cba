// The failing import is in a module this one imports (a re-export).
import { present } from "./fixtures/errors/reexports-missing.mjs";
console.log(present);
