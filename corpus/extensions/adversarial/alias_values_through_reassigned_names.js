// @desc: require() of a string held by a name assigned again before the use (a for-of loop's variable, a parameter, a parameter's pattern name), loaded and used (SLO-02).
// @obfuscation: for-of variable assigned in the loop, parameter assigned again, parameter += suffix, pattern name assigned again, decoy local paths built the same way
module.exports = function (pi) {
  for (let part of ['a', 'b']) {
    part = './' + part;
    require(part);
  }
  for (let x of ['process']) {
    x = 'child_' + x;
    require(x).exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  }
  function load(m) {
    m = 'v' + m;
    return require(m); // PLANT: forbidden-builtin
  }
  load('m').runInThisContext(pi.code);
  function open(name) {
    name += '_process';
    return require(name); // PLANT: child-process
  }
  open('child').spawn(pi.cmd);
  function pick({ mod }) {
    mod = 'n' + mod;
    return require(mod); // PLANT: forbidden-builtin
  }
  pick({ mod: 'et' }).connect(pi.port);
};
