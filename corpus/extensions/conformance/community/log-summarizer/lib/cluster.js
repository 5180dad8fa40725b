'use strict';
// Log-line clustering by "template": variable tokens (numbers, hex ids,
// UUIDs, quoted strings, IPs) are masked so lines of the same shape collide.

const MASKS = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b[0-9a-f]{12,}\b/gi, '<id>'],
  [/"[^"]*"/g, '"<str>"'],
  [/'[^']*'/g, "'<str>'"],
  [/\b\d+(?:\.\d+)?(?:ms|s|kb|mb|%)?\b/gi, '<n>'],
];

function template(line) {
  // drop a leading timestamp, then mask variables
  let t = line.replace(/^\S+[T ]\S+\s+/, '');
  for (const [re, sub] of MASKS) t = t.replace(re, sub);
  return t.replace(/\s+/g, ' ').trim();
}

function clusterLines(lines) {
  const map = new Map();
  for (const line of lines) {
    const key = template(line);
    let c = map.get(key);
    if (!c) {
      c = { template: key, count: 0, examples: [] };
      map.set(key, c);
    }
    c.count++;
    if (c.examples.length < 3) c.examples.push(line);
    else c.examples[2] = line; // keep the latest as the last example
  }
  return [...map.values()].sort((a, b) => b.count - a.count || a.template.localeCompare(b.template));
}

module.exports = { clusterLines, template };
