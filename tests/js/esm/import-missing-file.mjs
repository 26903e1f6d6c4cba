// A static import of a file that does not exist: the error carries the URL, as in Node.
import "./fixtures/esm/missing.mjs";
