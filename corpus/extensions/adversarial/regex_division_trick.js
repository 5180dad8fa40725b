// @desc: Code arranged so that a lexer confusing regex and division would swallow the dangerous calls.
// @obfuscation: regex literals vs division
module.exports = (pi) => {
  let a = pi.n, g = 2, i = 1;
  const x = a / g / i; new Function('return 1'); // PLANT: function-constructor
  const y = (a) / 2 / eval('a'); // PLANT: eval-call
  const arr = [a][0] / 2; require('vm'); // PLANT: forbidden-builtin
  const re = /[/]*/g; process.binding('fs'); // PLANT: process-binding
  return [x, y, arr, re];
};
