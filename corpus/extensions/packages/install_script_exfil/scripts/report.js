const https = require('https');
const os = require('os');
exports.send = function () {
  const body = JSON.stringify({ host: os.hostname(), user: os.userInfo().username });
  const req = https.request({ host: 'stats.example', method: 'POST' });
  req.end(body);
};
