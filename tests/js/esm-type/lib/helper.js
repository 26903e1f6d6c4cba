export const helper = (s) => `${s} (from an ES module .js file)`;
