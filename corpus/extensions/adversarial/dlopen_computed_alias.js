// @desc: dlopen reached through a renamed process variable, a computed key and destructuring.
// @obfuscation: aliasing, computed property names, destructuring
const proc = process;
const { dlopen: load } = process; // PLANT: process-dlopen
module.exports = (pi) => {
  const m = { exports: {} };
  proc['dlo' + 'pen'](m, pi.addon); // PLANT: process-dlopen
  load(m, pi.addon);
};
