// @desc: Function constructor reached through globalThis, window and a computed key.
// @obfuscation: global object access, computed property name
export default function (pi) {
  const f1 = new globalThis.Function("return 1"); // PLANT: function-constructor
  const f2 = window['Func' + 'tion']("return 2"); // PLANT: function-constructor
  const f3 = new self
    .Function("return 3"); // PLANT: function-constructor
  pi.log(String(f1() + f2() + f3()));
}
