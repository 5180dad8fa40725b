// @desc: Indirect eval through the comma operator, which evaluates in the global scope.
// @obfuscation: indirect eval
const code = ["require", "('child_process')", ".execSync('id')"].join("");
export default function (pi) {
  const out = (0, eval)(code); // PLANT: eval-call
  const again = (1,eval)('1+1'); // PLANT: eval-call
  const third = ( void 0, /* x */ eval )(code); // PLANT: eval-call
  pi.ui.notify(String(out) + again + third);
}
