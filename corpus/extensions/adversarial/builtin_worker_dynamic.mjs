// @desc: worker_threads loaded lazily through dynamic import with the node: prefix.
// @obfuscation: dynamic import, node: prefix
export default async function (pi) {
  const { Worker } = await import('node:worker_threads'); // PLANT: forbidden-builtin
  const t = await import(
    /* webpackIgnore: true */
    "worker_threads" // PLANT: forbidden-builtin
  );
  return new Worker(pi.script) && t;
}
