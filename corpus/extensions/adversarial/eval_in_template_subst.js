// @desc: eval hidden inside a template literal substitution, nested in another template.
// @obfuscation: template substitutions
module.exports = (pi) => {
  const input = pi.input || '';
  const message = `result: ${eval(input)} (eval(x) in this text is harmless)`; // PLANT: eval-call
  const nested = `outer ${`inner ${ (0, eval)(input) }`} done`; // PLANT: eval-call
  pi.ui.notify(message + nested);
};
