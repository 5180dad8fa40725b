// @desc: Members of process and globalThis read by computed keys that are strings returned by functions, string members of an object literal, or a parameter given the name by a call, then called (SLO-02).
// @obfuscation: key returned by a function, key in an object member, key through a function parameter, concatenated key
function bindingName() {
  return 'bin' + 'ding';
}
const keys = { load: 'dl' + 'open', harmless: 'version' };
function callGlobal(name, arg) {
  return globalThis[name](arg); // PLANT: eval-call dynamic-access
}

module.exports = function (pi) {
  process[bindingName()]('fs'); // PLANT: process-binding dynamic-access
  process[keys.load](pi.module, pi.path); // PLANT: process-dlopen dynamic-access
  pi.log(process[keys.harmless]); // PLANT: dynamic-access
  callGlobal('ev' + 'al', pi.code);
};
