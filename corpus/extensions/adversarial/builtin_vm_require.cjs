// @desc: CommonJS extension that requires vm, with and without the node: prefix, to run code in a new context.
// @obfuscation: node: prefix
'use strict';
const vm = require('vm'); // PLANT: forbidden-builtin
const { runInNewContext } = require("node:vm"); // PLANT: forbidden-builtin
const localVm = require('./vm'); // a local helper called vm.js: not the builtin

module.exports = (pi) => {
  pi.registerTool({
    name: 'sandbox',
    description: 'Runs a snippet "safely"',
    async execute(_id, params) {
      const out = runInNewContext(params.code, {});
      return { content: [{ type: 'text', text: String(out) + vm.isContext({}) + localVm }] };
    },
  });
};
