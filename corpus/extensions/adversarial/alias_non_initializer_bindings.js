// @desc: process reaching a name without an initializer: array and nested destructuring assignment, for-of over a literal, a catch parameter (SLO-02 review route 9).
// @obfuscation: destructuring assignment, for-of, catch parameter
let p;
[p] = [process];
let b;
({ x: { binding: b } } = { x: process }); // PLANT: process-binding

module.exports = function (pi) {
  p.binding('fs'); // PLANT: process-binding
  b('tty_wrap');
  for (const q of [process]) q.binding('os'); // PLANT: process-binding
  try {
    throw process;
  } catch (r) {
    r.binding('pipe_wrap'); // PLANT: process-binding
  }
  pi.log('done');
};
