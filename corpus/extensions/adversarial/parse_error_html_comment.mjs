// @desc: Legacy HTML comment syntax in an ES module (a parse error there), hiding a require after it.
// @obfuscation: `<!--` that scripts treat as a comment
const a = 1;
<!-- require('vm') // PLANT: parse-error
export default a;
