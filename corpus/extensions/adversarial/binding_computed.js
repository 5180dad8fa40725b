// @desc: process.binding reached with computed member access and string concatenation.
// @obfuscation: computed property names, concatenation, escapes
module.exports = (pi) => {
  const x = process['binding']('fs'); // PLANT: process-binding
  const y = process["bin" + "ding"]('tcp_wrap'); // PLANT: process-binding
  const z = process['\x62inding']('pipe_wrap'); // PLANT: process-binding
  const decoy = { binding: 'process.binding' };
  pi.log([x, y, z, decoy.binding].length + '');
};
