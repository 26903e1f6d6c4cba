const kind = typeof require; const legacy = "CommonJS in a type:module package"; module.exports = { legacy, kind };
