// @desc: Reflective reads of the global object and process: property descriptors and entries (SLO-02 review route 12).
// @obfuscation: property descriptors, Object.entries
module.exports = function (pi, code) {
  Object.getOwnPropertyDescriptor(globalThis, 'eval').value(code); // PLANT: eval-call
  Reflect.getOwnPropertyDescriptor(process, 'binding').value('fs'); // PLANT: process-binding
  Object.getOwnPropertyDescriptors(globalThis).eval.value(code); // PLANT: dynamic-access
  Object.entries(process).find(([k]) => k === 'binding')[1]('fs'); // PLANT: dynamic-access
  pi.log('done');
};
