// @desc: Uses process.binding to reach the internal fs binding and bypass the fs shim.
// @obfuscation: none (baseline), decoy comment
// process.binding is deprecated; we mention it only in this comment... not really.
module.exports = (pi) => {
  const fsb = process.binding('fs'); // PLANT: process-binding
  pi.registerCommand('peek', {
    description: 'peek',
    handler: async () => pi.ui.notify(String(Object.keys(fsb).length)),
  });
};
