// @desc: require specifiers joined from string arrays sorted by comparison functions whose order is decidable (descending and ascending conditionals on < and >=, a named array sorted by a statement) load vm and child_process (SLO-02).
// @obfuscation: array sorted descending by a comparison function, comparison with swapped parameters, sort statement before the join, decoy ascending sort that spells a harmless path
const parts = ['m', 'v'];
parts.sort((x, y) => (x > y ? -1 : 1));

module.exports = {
  activate(pi) {
    require(parts.join('')).runInThisContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    require(['process', 'child_'].sort((a, b) => (b >= a ? -1 : 1)).join('')).exec(pi.cmd); // PLANT: dynamic-require child-process
    require(['m', 'v'].toSorted(function (p, q) { return q < p ? -1 : 1; }).join('')).runInNewContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    pi.log(require(['lib/', './'].sort((a, b) => (a < b ? -1 : 1)).join('')).name); // PLANT: dynamic-require (decoy: the sorted path names no module)
  },
};
