// @desc: Sloppy-mode this in a plainly called function is the global object: this.eval in an IIFE, in f.call(), and returned by an IIFE (SLO-02 review route 11).
// @obfuscation: this, function call
function f(code) {
  this.eval(code); // PLANT: eval-call
}

module.exports = function (pi, code) {
  (function () {
    this.eval(code); // PLANT: eval-call
  })();
  f.call(undefined, code);
  const g = (function () {
    return this;
  })();
  g.eval(code); // PLANT: eval-call
  pi.log('done');
};
