// @desc: require() of what a method, a string member and a getter of the object literal assigned to module.exports give, loaded and used (SLO-02).
// @obfuscation: method of the exports literal, string member of the exports literal, getter of the exports literal, decoy member
module.exports = {
  transport: 'child_' + 'process',
  engine() {
    return 'v' + 'm';
  },
  get resolver() {
    return 'd' + 'ns';
  },
  cache: './cache',
  activate(pi) {
    require(module.exports.transport).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
    require(module.exports.engine()).runInThisContext(pi.code); // PLANT: forbidden-builtin
    require(module.exports.resolver).lookup(pi.host, pi.cb); // PLANT: network-builtin
    require(module.exports.cache);
  },
};
