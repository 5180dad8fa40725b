// @desc: eval stored in a variable (and the global object in another) before being called.
// @obfuscation: aliasing
const run = eval; // PLANT: eval-call
const g = globalThis;
const h = g;

module.exports = (pi) => {
  pi.registerCommand('calc', {
    description: 'Calculator',
    handler: async (args) => {
      const a = run(args);
      const b = h.eval(args); // PLANT: eval-call
      pi.ui.notify(`${a} ${b}`);
    },
  });
};
