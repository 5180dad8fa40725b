/**
 * /focus <glob> restricts the agent's write/edit tools to matching paths
 * for the rest of the session, e.g. `/focus src/parser/**`.
 * Globs are converted to RegExp by escaping, never by building code.
 */
function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') { re += '.*'; i++; if (glob[i + 1] === '/') i++; }
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

module.exports = function focusMode(pi) {
  let focus = null;

  pi.registerCommand('focus', {
    description: 'Limit edits to a glob (no argument clears it)',
    async handler(args) {
      const g = args.trim();
      focus = g ? { glob: g, re: globToRegExp(g) } : null;
      pi.ui.setStatus('focus', focus ? `🎯 ${g}` : '');
      await pi.session.set('focus-mode/glob', g || null);
    },
  });

  pi.on('session_start', async () => {
    const g = await pi.session.get('focus-mode/glob');
    if (g) { focus = { glob: g, re: globToRegExp(g) }; pi.ui.setStatus('focus', `🎯 ${g}`); }
  });

  pi.on('tool_call', (e) => {
    if (!focus || (e.toolName !== 'write' && e.toolName !== 'edit')) return;
    const p = String(e.input.path || '').replace(/^\.\//, '');
    if (!focus.re.test(p)) return { block: true, reason: `outside focus ${focus.glob}; ask the user to widen /focus` };
  });
};
