// @desc: require() of a string member of an object literal (static, computed, nested, a harmless member beside it) and of a const bound to a conditional or a default, the dangerous module never the first alternative, loaded and used (SLO-02).
// @obfuscation: string member, computed member, nested member, const conditional, default operand, decoy first
const mods = { path: './paths', shell: 'child_process', deep: { inner: { vm: 'vm' } } };
const key = 'shell';

module.exports = function (pi) {
  require(mods.shell).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  require(mods[key]).execSync(pi.cmd); // PLANT: child-process
  require(mods['deep'].inner.vm).runInThisContext(pi.code); // PLANT: forbidden-builtin
  const which = pi.win ? 'os' : 'net';
  require(which).connect(9, pi.host); // PLANT: os-module forbidden-builtin
  const fallback = pi.name || 'child_process';
  require(fallback).spawn(pi.cmd); // PLANT: child-process
};
