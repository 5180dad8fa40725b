// @desc: require() of a parameter of a function bound to no name: an immediately-invoked function or arrow given a dangerous builtin, and an array method's callback over a list whose first element is a decoy, loaded and used (SLO-02).
// @obfuscation: specifier through an IIFE parameter, arrow IIFE, callback parameter of forEach, callback of map over a named list, decoy element first
module.exports = function (pi) {
  (function (m, env) {
    require(m).exec(env); // PLANT: child-process exfiltration-chain
  })('child' + '_process', JSON.stringify(process.env)); // PLANT: process-env
  ((name) => require(name).runInThisContext(pi.code))('v' + 'm'); // PLANT: forbidden-builtin
  ['./local', 'n' + 'et'].forEach(function (n) {
    require(n).connect(9, pi.host); // PLANT: forbidden-builtin
  });
  const mods = ['./a', 'dns'];
  return mods.map((s) => require(s)); // PLANT: network-builtin
};
