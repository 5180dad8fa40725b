// @desc: the global object and process thrown by called functions (directly, through a second function, by an async function) and used through the catch parameter, and a rejection's value reaching a .catch handler (SLO-02).
// @obfuscation: throw across calls, catch parameter, promise rejection
function raise() {
  throw globalThis;
}
function relay() {
  raise();
}
async function later() {
  throw process;
}

module.exports = async function (pi) {
  try {
    relay();
  } catch (g) {
    g.eval(pi.input); // PLANT: eval-call
  }
  try {
    await later();
  } catch (p) {
    p.binding('fs'); // PLANT: process-binding
  }
  Promise.reject(globalThis).catch((r) => r.eval(pi.input)); // PLANT: eval-call
  pi.log('done');
};
