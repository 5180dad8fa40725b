// @desc: The undocumented process._linkedBinding variant.
// @obfuscation: alternative API name
module.exports = (pi) => {
  let lb;
  try {
    lb = process._linkedBinding('electron_common_features'); // PLANT: process-binding
  } catch {
    lb = null;
  }
  pi.log(String(lb));
};
