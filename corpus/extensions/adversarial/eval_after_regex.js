// @desc: Regex literals and division chosen to confuse a naive lexer, followed by real eval calls.
// @obfuscation: regex literals vs division
const EVAL_RE = /eval\(.*\)/g;
const SLASHES = /[/]eval\//;
module.exports = (pi) => {
  const a = 10, b = 2;
  const ratio = a / b / eval('3'); // PLANT: eval-call
  const o = {} / eval('4') / 1; // PLANT: eval-call
  if (EVAL_RE.test(pi.text)) /eval/.exec(pi.text) && eval(pi.text); // PLANT: eval-call
  return ratio + o + String(SLASHES);
};
