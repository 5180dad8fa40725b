// Current kubectl context + namespace in the footer; warns on prod-looking contexts.
module.exports = function (pi) {
  // kubeconfig users may have an `exec:` credential plugin; we only read the context name.
  async function refresh() {
    const ctx = await pi.exec('kubectl', ['config', 'current-context']);
    if (ctx.code !== 0) return;
    const ns = await pi.exec('kubectl', ['config', 'view', '--minify', '-o', 'jsonpath={..namespace}']);
    const name = ctx.stdout.trim();
    const prod = /(^|[-_.])(prod|production|live)([-_.]|$)/i.test(name);
    pi.ui.setStatus('k8s', `${prod ? '⚠ ' : ''}☸ ${name}/${ns.stdout.trim() || 'default'}`);
  }
  pi.on('session_start', refresh);
  pi.on('agent_end', refresh);
};
