// @desc: UMD wrapper full of typeof require checks (harmless) with a vm require and a global-object eval inside the factory.
// @obfuscation: UMD wrapper, IIFE parameter aliasing of the global object
(function (root, factory) {
  if (typeof define === 'function' && define.amd) { define([], factory); }
  else if (typeof module === 'object' && module.exports) { module.exports = factory(); }
  else { root.Ext = factory(); }
}(this, function () {
  var vm = typeof require === 'function' ? require('vm') : null; // PLANT: forbidden-builtin
  return function (pi) {
    (function (g) {
      g.eval(pi.code); // PLANT: eval-call
    })(globalThis);
    return vm;
  };
}));
