// @desc: The CommonJS wrapper's own arguments at the top level of a module: arguments[1] is require, arguments[2] is module (SLO-02 review route 3).
// @obfuscation: arguments object, array destructuring
const [, load] = arguments;
const cp = arguments[1]('child_process'); // PLANT: child-process
const vm = arguments[2].require('vm'); // PLANT: forbidden-builtin
const net = load('net'); // PLANT: forbidden-builtin

module.exports = function (pi) {
  pi.log(String(!!cp && !!vm && !!net));
};
