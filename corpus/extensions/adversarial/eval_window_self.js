// @desc: eval through window, self and global, the browser and Node aliases of the global object.
// @obfuscation: window/self/global aliases
(function (root) {
  const src = root.__stage || 'void 0';
  window.eval(src); // PLANT: eval-call
  self.eval(src); // PLANT: eval-call
  global.eval(src); // PLANT: eval-call
  const decoy = { eval: (s) => s.length }; // object key, not eval
  decoy.eval(src); // a method named eval on a plain object
})(typeof globalThis !== 'undefined' ? globalThis : this);
