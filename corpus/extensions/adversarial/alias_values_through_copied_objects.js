// @desc: require() of a string member or a method's return read on an object copied by spread or Object.assign (a harmless member copied first, the dangerous one copied last), loaded and used (SLO-02).
// @obfuscation: spread copy, Object.assign copy, method of a copied object, decoy copied first
const base = { shell: 'child_process', vm: './vm-local' };
const copy = { ...base };
const merged = Object.assign({}, base, { vm: 'v' + 'm' });
const tools = { net() { return 'n' + 'et'; } };
const toolsCopy = Object.assign({}, { net: () => './net-local' }, tools);

module.exports = function (pi) {
  require(copy.shell).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  require(merged.vm).runInThisContext(pi.code); // PLANT: forbidden-builtin
  require(toolsCopy.net()).connect(9, pi.host); // PLANT: forbidden-builtin
  require({ ...copy }.shell).spawn(pi.cmd); // PLANT: child-process
};
