// @desc: require() of a string member or method an Object.assign statement puts on an object bound to a name (a harmless member first, the dangerous one merged later; the object's own decoy member overridden), loaded and used (SLO-02).
// @obfuscation: Object.assign statement, decoy own member overridden, method merged later, merge from a named object
const names = { shell: './shell-local' };
Object.assign(names, { shell: 'child' + '_process' });
const loaders = {};
Object.assign(loaders, { vm: './vm-local' }, { vm: () => 'v' + 'm' });
const extra = { net: 'n' + 'et' };
const conf = {};
Object.assign(conf, extra);

module.exports = function (pi) {
  require(names.shell).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  require(loaders.vm()).runInThisContext(pi.code); // PLANT: forbidden-builtin
  require(conf.net).connect(9, pi.host); // PLANT: forbidden-builtin
  require(conf['net']).createServer(pi.cb); // PLANT: forbidden-builtin
};
