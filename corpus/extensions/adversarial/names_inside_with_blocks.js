// @desc: require, eval and Function called inside with blocks whose object does not hold those names (a parameter bound to an empty literal, a literal of harmless members), so they resolve to the globals (SLO-02).
// @obfuscation: with block over an empty object, with block over a parameter, specifier passed as a parameter, decoy with block over harmless names
function load(name, scope) {
  with (scope) {
    return require(name); // PLANT: dynamic-require forbidden-builtin
  }
}
function run(code, scope) {
  with (scope) {
    eval(code); // PLANT: eval-call
  }
}
const settings = { retries: 3 };

module.exports = {
  activate(pi) {
    load('v' + 'm', {}).runInThisContext(pi.code);
    run(pi.code, {});
    with (settings) {
      Function(pi.code)(); // PLANT: function-constructor
      pi.log(retries + 1);
    }
    with ({}) {
      require('child_process').exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
    }
  },
};
