// @desc: require() of an array's element set or pushed after its literal, of each element a callback gets, of an array joined or reduced to one string, and of a member an Object.assign chain copies, loaded and used (SLO-02).
// @obfuscation: element assigned after the literal, element pushed, element unshifted, callback over a changed array, array joined, array reduced, Object.assign chain, decoy element
const mods = ['./cache'];
mods[0] = 'child' + '_process';
mods.push('./store');
const extra = ['./plugins'];
extra.unshift('v' + 'm');
const parts = ['d'];
parts.push('ns');
const cfg = {};
Object.assign(Object.assign(cfg, { level: 1 }), { transport: 'n' + 'et' });

module.exports = function (pi) {
  require(mods[0]).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  extra.forEach((m) => require(m).runInThisContext(pi.code)); // PLANT: forbidden-builtin
  require(parts.join('')).lookup(pi.host, pi.cb); // PLANT: network-builtin
  require(['http', 's'].reduce((s, p) => s + p, '')).get(pi.url); // PLANT: network-builtin
  require(cfg.transport).connect(9, pi.host); // PLANT: forbidden-builtin
  require(mods[1]);
};
