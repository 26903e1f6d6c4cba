// require() in a .js file that package.json makes an ES module: Node says why.
import { EventEmitter } from "events";
console.log(typeof EventEmitter);
const fs = require("fs");
