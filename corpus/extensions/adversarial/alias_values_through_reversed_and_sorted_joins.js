// @desc: require() of an array of string literals joined after reverse(), sort() (default order), toReversed() or toSorted(), chained or by a statement on a named array, loaded and used (SLO-02).
// @obfuscation: reverse before join, statement reverse on a named array, default sort order, toReversed copy, toSorted copy, decoy local paths reordered the same way
const parts = ['process', 'child_'];
parts.reverse();
const loader = ['m', 'v'];
module.exports = function (pi) {
  require(['lib', '.'].reverse().join('/'));
  require(['process', 'child_'].reverse().join('')).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  require(parts.join('')).spawn(pi.cmd); // PLANT: child-process
  require(['./b', './a'].toSorted()[0]);
  require(['et', 'n'].toReversed().join('')).connect(pi.port); // PLANT: forbidden-builtin
  require(loader.toSorted().toReversed().join('')).runInThisContext(pi.code); // PLANT: forbidden-builtin
};
