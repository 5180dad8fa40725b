// @desc: require() of an element of an array filled with a dangerous builtin's name (an array bound to a name filled later, `new Array(n).fill`, `Array(n).fill` read by a loop) or whose positions `copyWithin` moved, loaded and used (SLO-02).
// @obfuscation: fill of a named array, new Array(n).fill, Array(n).fill in a for-of loop, copyWithin, decoy local paths
const slots = ['./a', './b'];
const pool = new Array(3).fill('v' + 'm');
const nets = Array(1).fill('n' + 'et');
const moved = ['child_' + 'process', './c', './d'];

module.exports = function (pi) {
  slots.fill('child_' + 'process');
  moved.copyWithin(2, 0);
  require(slots[1]).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  require(pool[2]).runInThisContext(pi.code); // PLANT: forbidden-builtin
  for (const n of nets) require(n).connect(9, pi.host); // PLANT: forbidden-builtin
  require(moved[2]).execSync(pi.cmd); // PLANT: child-process
};
