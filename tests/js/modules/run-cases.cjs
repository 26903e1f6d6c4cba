// Shared by the path differential scripts (a .cjs file, so the suite does not run it on its own):
// print "EXPRESSION => RESULT" for every expression of a cases file, evaluated with `path` in
// scope. The working directory and its parent, in POSIX and Windows spellings, are masked so the
// recording does not depend on where the repository lives.
"use strict";

module.exports = function printCases(cases, path) {
  const cwd = process.cwd();
  const parent = cwd.slice(0, cwd.lastIndexOf("/"));
  const windows = (p) => p.split("/").join("\\");
  const masks = [
    [cwd, "<cwd>"], [windows(cwd), "<cwd>"],
    [windows(cwd).slice(1), "<cwd>"],  // relative() from a drive root drops the leading backslash
    [parent, "<parent>"], [windows(parent), "<parent>"],
  ];
  for (const expr of cases) {
    let result;
    try {
      result = String(eval(expr));
    } catch (e) {
      result = "THREW " + e.code + ": " + e.message;
    }
    for (const [text, mark] of masks) result = result.split(text).join(mark);
    console.log(expr + " => " + result);
  }
};
