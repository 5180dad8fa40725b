// @desc: Builtin names assembled with string concatenation and parentheses inside require and import().
// @obfuscation: string concatenation
const v = require('v' + 'm'); // PLANT: forbidden-builtin
const w = require("wor" + "ker_" + `threads`); // PLANT: forbidden-builtin
const n = require(('node:' + 'net')); // PLANT: forbidden-builtin
module.exports = async (pi) => {
  const d = await import('dg' + 'ram'); // PLANT: forbidden-builtin
  pi.log(String(!!v && !!w && !!n && !!d));
};
