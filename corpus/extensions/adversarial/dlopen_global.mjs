// @desc: process.dlopen through globalThis and through global in a minified statement.
// @obfuscation: global object access, minified
export default (pi) => {
  const m = { exports: {} };
  globalThis.process.dlopen(m, pi.addon); // PLANT: process-dlopen
  var a={exports:{}};global.process.dlopen(a,pi.addon),pi.log(a); // PLANT: process-dlopen
};
