// @desc: TypeScript generic return types before function bodies; the body holds eval and a dynamic import of child_process.
// @obfuscation: `): Map<string, Array<T>> {` read as a comparison by a token guesser
export function load<T>(src: T): Map<string, Array<T>> {
  const out = new Map<string, Array<T>>();
  eval(String(src)); // PLANT: eval-call
  return out;
}
export const run = async <T,>(x: T): Promise<Array<T>> => {
  const cp = await import('node:child_process'); // PLANT: child-process
  cp.execSync(String(x));
  return [x];
};
export default function (pi: { log(s: string): void }): void {
  pi.log(typeof load);
}
