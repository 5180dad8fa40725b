// @desc: Builtin names written with hex, unicode and octal escapes in the string literal.
// @obfuscation: string escapes
const a = require('\x76\x6d'); // PLANT: forbidden-builtin
const b = require("\u006e\u0065\u0074"); // PLANT: forbidden-builtin
const c = require('\u{74}ls'); // PLANT: forbidden-builtin
const d = require('c\x6cus\u0074er'); // PLANT: forbidden-builtin
module.exports = (pi) => pi.log([a, b, c, d].length + '');
