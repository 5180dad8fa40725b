/*
 * yaml_lint tool — cheap structural checks for YAML without a YAML parser:
 * tabs in indentation, odd indentation steps, duplicate keys at the same
 * level, trailing spaces, and "yes/no/on/off" booleans (the Norway problem).
 * Values such as `command: eval "$(ssh-agent)"` are ordinary scalars.
 */
function lintYaml(text) {
  const problems = [];
  const stack = [{ indent: -1, keys: new Set() }];
  text.split('\n').forEach((raw, idx) => {
    const n = idx + 1;
    if (/^\s*(#|$)/.test(raw)) return;
    if (/^\t| \t/.test(raw.match(/^\s*/)[0])) problems.push(`${n}: tab in indentation`);
    if (/\s+$/.test(raw)) problems.push(`${n}: trailing whitespace`);
    const indent = raw.length - raw.trimStart().length;
    if (indent % 2 !== 0) problems.push(`${n}: indentation of ${indent} is not a multiple of 2`);
    while (stack.length > 1 && indent <= stack[stack.length - 1].indent) stack.pop();
    const m = /^\s*(?:- )?([A-Za-z0-9_.-]+|"[^"]+"|'[^']+'):(\s|$)(.*)$/.exec(raw);
    if (!m) return;
    const level = stack[stack.length - 1];
    if (level.keys.has(m[1])) problems.push(`${n}: duplicate key ${m[1]}`);
    level.keys.add(m[1]);
    if (/^(yes|no|on|off|y|n)$/i.test(m[3].trim())) problems.push(`${n}: ambiguous boolean "${m[3].trim()}" (quote it)`);
    if (m[3].trim() === '') stack.push({ indent, keys: new Set() });
  });
  return problems;
}

export default function yamlLint(pi) {
  pi.registerTool({
    name: 'yaml_lint',
    description: 'Lint YAML files for common structural mistakes.',
    parameters: { type: 'object', properties: { paths: { type: 'array', items: { type: 'string' } } }, required: ['paths'] },
    async execute({ paths }) {
      const out = [];
      for (const p of paths.slice(0, 40)) {
        const res = await pi.tool('read', { path: p });
        if (!res.ok) { out.push(`${p}: unreadable`); continue; }
        const probs = lintYaml(res.text);
        out.push(probs.length ? probs.map((x) => `${p}:${x}`).join('\n') : `${p}: ok`);
      }
      return { content: [{ type: 'text', text: out.join('\n') }] };
    },
  });
}
