// @desc: Names inside a with statement over process resolve to its members: binding, mainModule, env (SLO-02 review route 10). Sloppy script.
// @obfuscation: with statement
module.exports = function (pi) {
  with (process) { // PLANT: dynamic-access
    binding('fs'); // PLANT: process-binding
    mainModule.require('vm'); // PLANT: forbidden-builtin
    pi.log(JSON.stringify(env)); // PLANT: process-env
  }
};
