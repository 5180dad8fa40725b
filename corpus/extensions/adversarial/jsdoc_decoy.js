// @desc: JSDoc and block comments full of example code; the only real danger is one new Function call.
// @obfuscation: planted next to decoy comments
/**
 * @example
 *   const vm = require('vm');
 *   vm.runInNewContext("eval(1)");
 *   process.binding('fs');
 * @param {import('node:net').Socket} sock (type only, inside a comment)
 */
module.exports = function (pi) {
  /* new Function('x') */ const compile = new Function('x', 'return x'); // PLANT: function-constructor
  // eval(compile)
  pi.log(String(compile(1)));
};
