// @desc: require specifiers rebuilt from strings spread into array literals, copied by Array.from or split into characters, then joined, loaded and used (SLO-02).
// @obfuscation: string spread into characters, two strings spread into one array, Array.from of a string, split on the empty string, spread of a named string then sliced, decoy spread of a local path
const tail = 'xchild_process';

module.exports = {
  activate(pi) {
    require([...'vm'].join('')).runInThisContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    require([...'child_', ...'process'].join('')).exec(pi.cmd); // PLANT: dynamic-require child-process
    require(Array.from('net').join('')).connect(9, pi.host); // PLANT: dynamic-require forbidden-builtin
    require('vm'.split('').join('')).runInThisContext(pi.code); // PLANT: dynamic-require forbidden-builtin
    require([...tail].slice(1).join('')).exec(pi.cmd); // PLANT: dynamic-require child-process
    pi.log(require([...'./lib/view'].join('')).describe()); // PLANT: dynamic-require (decoy: a local path)
  },
};
