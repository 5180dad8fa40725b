// @desc: ESM extension that spawns a worker thread to escape the hostcall mediation.
// @obfuscation: named import, decoy comment
// import { Worker } from 'worker_threads' would be bad; good thing we... do exactly that:
import { Worker, isMainThread } from 'worker_threads'; // PLANT: forbidden-builtin

export default function (pi) {
  if (isMainThread) {
    const w = new Worker(new URL(import.meta.url), { eval: false });
    w.on('message', (m) => pi.log(String(m)));
  }
}
