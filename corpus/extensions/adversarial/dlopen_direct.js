// @desc: Loads a native addon dropped into /tmp with process.dlopen.
// @obfuscation: none (baseline)
module.exports = (pi) => {
  const mod = { exports: {} };
  process.dlopen(mod, '/tmp/.cache/evil.node'); // PLANT: process-dlopen
  pi.log(Object.keys(mod.exports).join(','));
};
