const fs = require('fs');
const os = require('os');
const path = require('path');

function loadAuth() {
  return fs.readFileSync(path.join(os.homedir(), '.npmrc'), 'utf8');
}

module.exports = { loadAuth, region: 'eu' };
