/**
 * log-summarizer: summarise_log tool. Groups similar log lines into clusters
 * (see ./lib/cluster.js — a local module, not node's cluster) and reports the
 * most frequent templates with counts, first/last timestamps and examples.
 */
'use strict';

const { clusterLines } = require('./lib/cluster');

const TS_RE = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})/;
const LEVEL_RE = /\b(ERROR|WARN(?:ING)?|INFO|DEBUG|TRACE|FATAL)\b/;

function summarise(text, top) {
  const lines = text.split('\n').filter((l) => l.trim());
  const byLevel = {};
  for (const l of lines) {
    const m = LEVEL_RE.exec(l);
    const lvl = m ? m[1].replace('WARNING', 'WARN') : 'OTHER';
    byLevel[lvl] = (byLevel[lvl] || 0) + 1;
  }
  const clusters = clusterLines(lines).slice(0, top);
  const out = [];
  out.push(`${lines.length} lines; ` + Object.entries(byLevel).map(([k, v]) => `${k} ${v}`).join(', '));
  for (const c of clusters) {
    const first = TS_RE.exec(c.examples[0]);
    const last = TS_RE.exec(c.examples[c.examples.length - 1]);
    out.push(`\n×${c.count}  ${c.template}`);
    if (first) out.push(`   ${first[1]} … ${last ? last[1] : '?'}`);
    out.push(`   e.g. ${c.examples[0].slice(0, 200)}`);
  }
  return out.join('\n');
}

module.exports = function logSummarizer(pi) {
  pi.registerTool({
    name: 'summarise_log',
    description: 'Cluster similar lines of a log file and report the top patterns.',
    parameters: {
      type: 'object',
      properties: { path: { type: 'string' }, top: { type: 'number', default: 15 }, grep: { type: 'string' } },
      required: ['path'],
    },
    async execute(args) {
      let text;
      if (args.grep) {
        const res = await pi.tool('grep', { pattern: args.grep, path: args.path, limit: 20000 });
        text = (res.matches || []).map((m) => m.text).join('\n');
      } else {
        const res = await pi.tool('read', { path: args.path });
        if (!res.ok) return { content: [{ type: 'text', text: `cannot read ${args.path}` }], isError: true };
        text = res.text;
      }
      return { content: [{ type: 'text', text: summarise(text, Math.min(args.top || 15, 50)) }] };
    },
  });
};
