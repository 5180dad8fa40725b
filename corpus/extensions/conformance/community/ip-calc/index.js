// ip_calc tool: subnet math for CIDR blocks via the `netmask` npm package.
// (netmask ≠ node:net — it is plain arithmetic over strings.)
'use strict';
const { Netmask } = require('netmask');

module.exports = function ipCalc(pi) {
  pi.registerTool({
    name: 'ip_calc',
    description: 'Network, broadcast, host range and size of a CIDR block; optionally test whether an IP is inside.',
    parameters: { type: 'object', properties: { cidr: { type: 'string' }, contains: { type: 'string' } }, required: ['cidr'] },
    async execute({ cidr, contains }) {
      let block;
      try {
        block = new Netmask(cidr);
      } catch (e) {
        return { content: [{ type: 'text', text: `invalid CIDR: ${e.message}` }], isError: true };
      }
      const netmask = block.mask;
      const lines = [
        `network   ${block.base}/${block.bitmask}`,
        `netmask   ${netmask}`,
        `hostmask  ${block.hostmask}`,
        `broadcast ${block.broadcast || '-'}`,
        `hosts     ${block.first} – ${block.last} (${block.size} addresses)`,
      ];
      if (contains) lines.push(`${contains} ${block.contains(contains) ? 'is' : 'is NOT'} in ${cidr}`);
      return { content: [{ type: 'text', text: lines.join('\n') }] };
    },
  });
};
