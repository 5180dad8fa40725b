// @desc: Calls Function without new to obtain the real global object, then reaches process from it.
// @obfuscation: constructor called as a plain function, spacing
module.exports = function (pi) {
  const getGlobal = Function('return this'); // PLANT: function-constructor
  const g = getGlobal();
  const spaced = Function /* gap */ ( // PLANT: function-constructor
    'x', 'return x * 2'
  );
  pi.log(typeof g + spaced(2));
};
