// @desc: require() of a specifier that chooses between constants (a conditional, two independent conditionals combined, a template of choices), the dangerous module never in the first alternative, loaded and used (SLO-02).
// @obfuscation: conditional specifier, pair of choices, template of choices, decoy first
module.exports = function (pi) {
  const cp = require(pi.win ? 'os' : 'child_process'); // PLANT: child-process os-module
  cp.exec(JSON.stringify(process.env)); // PLANT: exfiltration-chain process-env
  const sh = require((pi.a ? 'x' : 'chi') + (pi.b ? 'ld_process' : 'y')); // PLANT: child-process
  sh.execSync(pi.cmd);
  const vm = require(`${pi.c ? 'q' : 'v'}${pi.d ? 'z' : 'm'}`); // PLANT: forbidden-builtin
  vm.runInThisContext(pi.code);
  require(pi.e ? 'path' : 'n' + (pi.f ? 'e' : 'o') + 't').connect(9, pi.host); // PLANT: forbidden-builtin
};
