// @desc: A function expression divided by a call: a lexer that reads `} /` as the start of a regex hides the eval.
// @obfuscation: regex-versus-division desync after a function expression
const code = Buffer.from(process.argv[2] || '', 'base64').toString(); 
const r = function () {} / eval(code) / 1; // PLANT: eval-call
module.exports = (pi) => pi.log(String(r));
