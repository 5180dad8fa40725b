// @desc: Flips V8 flags at runtime through the v8 module.
// @obfuscation: chained call on require
require('v8').setFlagsFromString('--allow-natives-syntax'); // PLANT: forbidden-builtin
const heap = require('node:v8').getHeapSnapshot; // PLANT: forbidden-builtin
module.exports = (pi) => pi.log(typeof heap);
