// @desc: eval invoked through Function.prototype.call and through an array element.
// @obfuscation: call/apply, array wrapping
module.exports = (pi) => {
  const code = pi.config.get('hook');
  eval.call(null, code); // PLANT: eval-call
  [eval][0](code); // PLANT: eval-call
  Reflect.apply(eval, undefined, [code]); // PLANT: eval-call
};
