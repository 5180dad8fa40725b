// @desc: require specifiers read from arrays and objects that functions, arrows and methods with several `return`s give (joined, a member, an element), loaded and used (SLO-02).
// @obfuscation: module name split across arrays returned on different branches, object returned by one of two branches, element of arrays a method returns on two branches
function parts(kind) {
  if (kind === 'run') return ['child_', 'process'];
  return ['./lib/', 'noop'];
}
const pick = (safe) => {
  if (safe) return { name: './lib/plugin' };
  return { name: 'v' + 'm' };
};
const table = {
  entries(n) {
    if (n > 1) return ['./a', 'child_process'];
    return ['./b', 'vm'];
  },
};

module.exports = {
  activate(pi) {
    require(parts(pi.kind).join('')).exec(pi.cmd); // PLANT: dynamic-require child-process
    require(pick(pi.safe).name).runInThisContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    require(table.entries(pi.n)[1]).execSync(pi.cmd); // PLANT: dynamic-require child-process forbidden-builtin
    require(table.entries(pi.n)[0]).describe(); // PLANT: dynamic-require (decoy: names a local module)
  },
};
