// @desc: eval looked up with computed member access: string keys, concatenation and a template key.
// @obfuscation: computed property names, string concatenation
module.exports = (pi) => {
  const payload = pi.config && pi.config.get('script');
  self['eval'](payload); // PLANT: eval-call
  window["ev" + "al"](payload); // PLANT: eval-call
  globalThis[`eval`](payload); // PLANT: eval-call
  globalThis?.["e" + `v` + 'al'](payload); // PLANT: eval-call
  const table = { eval: 1, ['ev' + 'al']: 2 };
  return table;
};
