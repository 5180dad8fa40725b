/**
 * Ensures new source files get the project's license header. After a `write`
 * of a new .ts/.js/.rs/.go/.py file without a header, it edits one in.
 * Header text is read from .license-header.txt.
 */
// Headers are wrapped in /* */ or // comments depending on the language; a header
// containing "*/" would break the block, so it is escaped below.
const COMMENT = {
  ts: (t) => `/*\n${t.replace(/\*\//g, '* /').split('\n').map((l) => ` * ${l}`.trimEnd()).join('\n')}\n */\n`,
  js: (t) => COMMENT.ts(t),
  rs: (t) => t.split('\n').map((l) => `// ${l}`.trimEnd()).join('\n') + '\n',
  go: (t) => COMMENT.rs(t),
  py: (t) => t.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n') + '\n',
};

module.exports = function licenseHeader(pi) {
  let header = null;

  pi.on('session_start', async () => {
    const res = await pi.tool('read', { path: '.license-header.txt' });
    header = res.ok ? res.text.trim() : null;
  });

  pi.on('tool_result', async (e) => {
    if (!header || e.toolName !== 'write' || e.isError) return;
    const path = e.input.path || '';
    const ext = path.split('.').pop();
    const make = COMMENT[ext];
    if (!make) return;
    const content = String(e.input.content || '');
    const firstLine = header.split('\n')[0];
    if (content.slice(0, 400).includes(firstLine)) return;
    const shebang = content.startsWith('#!') ? content.slice(0, content.indexOf('\n') + 1) : '';
    await pi.tool('edit', {
      path,
      oldText: content.slice(0, Math.max(shebang.length, 1)),
      newText: shebang ? shebang + make(header) : make(header) + content.slice(0, 1),
    });
    pi.log('info', `license-header: added header to ${path}`);
  });
};
