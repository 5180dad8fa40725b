// /scratch — opens a scratch buffer file in the OS temp directory and lets the
// model read it back with the scratch tool. Uses require('os').tmpdir().
'use strict';
const os = require('os');
const path = require('path');

module.exports = function tmpScratch(pi) {
  const file = path.join(os.tmpdir(), `pi-scratch-${Date.now().toString(36)}.md`);

  pi.registerCommand('scratch', {
    description: 'Append the editor text to a scratch file in the temp dir',
    handler: async (_args, ctx) => {
      const prev = await pi.tool('read', { path: file });
      const body = (prev.ok ? prev.text : '') + ctx.editorText + '\n\n';
      await pi.tool('write', { path: file, content: body });
      pi.ui.notify(`scratch: ${file}`, 'info');
    },
  });

  pi.registerTool({
    name: 'scratch',
    description: 'Read the scratch notes the user collected in this session.',
    parameters: { type: 'object', properties: {} },
    async execute() {
      const res = await pi.tool('read', { path: file });
      return { content: [{ type: 'text', text: res.ok ? res.text : '(empty)' }] };
    },
  });
};
