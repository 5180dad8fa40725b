// @desc: the global object and process thrown by object-literal, class and static methods and used through the catch parameter, and promises their executors reject (by the reject parameter, by a throw) reaching .catch handlers and an awaiting try block, stored in a variable first (SLO-02).
// @obfuscation: throw from a method, catch parameter, promise executor rejection
const helpers = {
  fail() {
    throw globalThis;
  },
};
class Loader {
  static reset() {
    throw process;
  }
}
class Session {
  open() {
    throw globalThis;
  }
}

module.exports = async function (pi) {
  try {
    helpers.fail();
  } catch (g) {
    g.eval(pi.input); // PLANT: eval-call
  }
  try {
    Loader.reset();
  } catch (p) {
    p.binding('fs'); // PLANT: process-binding
  }
  const session = new Session();
  try {
    session.open();
  } catch (g) {
    g.Function(pi.input)(); // PLANT: function-constructor
  }
  const pending = new Promise((resolve, reject) => setTimeout(() => reject(globalThis), 0));
  pending.catch((g) => g.eval(pi.input)); // PLANT: eval-call
  new Promise(() => {
    throw process;
  }).then(null, (p) => p.dlopen(pi.module, pi.path)); // PLANT: process-dlopen
  try {
    await new Promise(function (ok, no) {
      no(process);
    });
  } catch (p) {
    p.binding('child_process'); // PLANT: process-binding
  }
  pi.log('done');
};
