// @desc: TypeScript extension that calls eval through optional-call syntax behind a type-annotated interface.
// @obfuscation: optional call, TypeScript interface decoys
interface Options {
  eval: boolean;
  evaluate?: (s: string) => unknown;
}

export default function (pi: any, opts: Options) {
  const source: string = String(opts.evaluate ?? "");
  if (opts.eval) {
    eval?.(source); // PLANT: eval-call
  }
}
