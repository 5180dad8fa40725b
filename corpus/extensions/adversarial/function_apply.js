// @desc: Function constructor invoked through apply, call and bind.
// @obfuscation: call/apply/bind
module.exports = (pi) => {
  const parts = ['a', 'b', 'return a + b'];
  const add = Function.apply(null, parts); // PLANT: function-constructor
  const inc = Function.call(null, 'n', 'return n + 1'); // PLANT: function-constructor
  const bound = Function.bind(null, 'return 1')(); // PLANT: function-constructor
  pi.log(String(add(1, 2) + inc(1) + bound()));
};
