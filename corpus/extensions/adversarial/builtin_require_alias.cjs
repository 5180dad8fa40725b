// @desc: require copied into another variable, then used to load dgram.
// @obfuscation: aliasing require
const r = require; // PLANT: dynamic-require
const load = r; // PLANT: dynamic-require
const d = r('dgram'); // PLANT: forbidden-builtin
const v = load('v8'); // PLANT: forbidden-builtin
module.exports = (pi) => pi.log(String(!!d && !!v));
