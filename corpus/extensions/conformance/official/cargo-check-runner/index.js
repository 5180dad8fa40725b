// Runs `cargo check --message-format=short` after every turn that edited a .rs
// file and puts the error/warning count in the status line.
'use strict';
// Nothing native is loaded on the JS side (no process.dlopen, no .node addons);
// cargo runs as a normal subprocess through pi.exec.

function summarize(stderr) {
  let errors = 0, warnings = 0;
  for (const line of stderr.split('\n')) {
    if (/^[^:]+:\d+:\d+: error/.test(line) || line.startsWith('error')) errors++;
    else if (/^[^:]+:\d+:\d+: warning/.test(line)) warnings++;
  }
  return { errors, warnings };
}

module.exports = function cargoCheck(pi) {
  let touchedRust = false;

  pi.on('tool_result', (event) => {
    if ((event.toolName === 'edit' || event.toolName === 'write') && /\.rs$/.test(event.input.path || '')) {
      touchedRust = true;
    }
  });

  pi.on('turn_end', async () => {
    if (!touchedRust) return;
    touchedRust = false;
    pi.ui.setStatus('cargo', 'cargo check…');
    const res = await pi.exec('cargo', ['check', '--all-targets', '--message-format=short']);
    const { errors, warnings } = summarize(res.stderr);
    pi.ui.setStatus('cargo', errors ? `🦀 ${errors} errors, ${warnings} warnings` : `🦀 ok (${warnings} warnings)`);
  });
};
