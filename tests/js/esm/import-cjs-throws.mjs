// An error thrown while an imported CommonJS file runs shows that file's frames only.
import "./fixtures/errors/throws.cjs";
