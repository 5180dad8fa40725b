// @desc: Reaching Function and eval through the prototype chain, Reflect, an indirect call and a string timer.
// @obfuscation: [].map.constructor, ''.constructor.constructor, Reflect.apply, (0, eval), setTimeout(string)
const payload = process.argv[2];
const f1 = [].map.constructor('return this')(); // PLANT: function-constructor
const f2 = ''.constructor.constructor(payload); // PLANT: function-constructor
const r = Reflect.apply(eval, null, [payload]); // PLANT: eval-call
const i = (0, eval)(payload); // PLANT: eval-call
setTimeout('globalThis.x = ' + payload, 10); // PLANT: eval-call
const F = Object.getPrototypeOf(async function () {}).constructor;
new F('return 1' + payload); // PLANT: function-constructor
module.exports = { f1, f2, r, i };
