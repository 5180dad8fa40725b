// @desc: Reaches the Function constructor through the constructor property of existing functions.
// @obfuscation: prototype chain, no identifier named Function
module.exports = (pi) => {
  const leak = (() => {}).constructor('return process')(); // PLANT: function-constructor
  const viaMap = [].map.constructor("return globalThis")(); // PLANT: function-constructor
  const viaTemplate = pi.constructor(`return 42`); // PLANT: function-constructor
  return [leak, viaMap, viaTemplate];
};
