// @desc: The global object returned by local functions, identity builtins (freeze, create, Proxy, Promise.resolve), a getter, and given to callbacks of map/forEach/then (SLO-02 review route 8).
// @obfuscation: function return, identity builtins, getter, callbacks
const getG = () => globalThis;
function g() {
  return globalThis;
}
const o = {
  get g() {
    return globalThis;
  },
};

module.exports = function (pi, code) {
  getG().eval(code); // PLANT: eval-call
  g().eval(code); // PLANT: eval-call
  Object.freeze(globalThis).eval(code); // PLANT: eval-call
  Object.create(globalThis).eval(code); // PLANT: eval-call
  new Proxy(globalThis, {}).eval(code); // PLANT: eval-call
  o.g.eval(code); // PLANT: eval-call
  [globalThis].map((x) => x.eval(code)); // PLANT: eval-call
  [globalThis].forEach((x) => x.eval(code)); // PLANT: eval-call
  Promise.resolve(globalThis).then((x) => x.eval(code)); // PLANT: eval-call
  pi.log('done');
};
