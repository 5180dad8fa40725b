// @desc: process.dlopen with odd spacing and comments, plus a decoy string.
// @obfuscation: whitespace and comments between tokens
const NOTE = "process.dlopen(module, file) is not used";
module.exports = (pi) => {
  const m = { exports: {} };
  process . dlopen ( m , pi.path ); // PLANT: process-dlopen
  process/**/./**/dlopen/**/(m, pi.path); // PLANT: process-dlopen
  pi.log(NOTE);
};
