// @desc: require specifiers joined from arrays sliced after a concat, copied by Array.from or spread into a new literal, and an element read from a slice counted from the end, loaded and used (SLO-02).
// @obfuscation: concat then slice chain, Array.from copy, spread copy of a named array, negative slice index, decoy slice naming a local path
const parts = ['x', 'child_', 'process'];
const sandbox = ['./', 'v', 'm'];
const net = ['n', 'et'];

module.exports = {
  activate(pi) {
    require(parts.concat([]).slice(1).join('')).exec(pi.cmd); // PLANT: dynamic-require child-process
    require(Array.from(sandbox).slice(-2).join('')).runInThisContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    require([...net].join('')).connect(9, pi.host); // PLANT: dynamic-require forbidden-builtin
    require(['vm', 'x'].slice(0, -1)[0]).runInThisContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    pi.log(require(['x', './lib', '/view'].slice(1).join('')).describe()); // PLANT: dynamic-require (decoy: a local path)
  },
};
