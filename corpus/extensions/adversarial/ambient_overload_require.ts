// @desc: An overload signature of require with no implementation: TypeScript erases it and Node's require runs (SLO-02 review route 2).
// @obfuscation: overload signature
function require(s: string): any;

export default function (pi: any) {
  const vm = require('vm'); // PLANT: forbidden-builtin
  pi.log(String(!!vm));
}
