// @desc: eval in both branches of a conditional and as a default parameter value.
// @obfuscation: expression positions
module.exports = (pi, flag = eval('1')) => { // PLANT: eval-call
  const v = flag ? eval(pi.a) : { eval: pi.b }; // PLANT: eval-call
  return pi.c ? v : eval; // PLANT: eval-call
};
