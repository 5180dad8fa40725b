// @desc: TypeScript extension that aliases Function and passes it to Reflect.construct.
// @obfuscation: aliasing, Function as a value; type positions as decoys
type Handler = Function;
let cb: Function | null = null;

export default function (pi: any) {
  const F = Function; // PLANT: function-constructor
  const g = new F("a", "return a");
  const h = Reflect.construct(Function, ["return 7"]); // PLANT: function-constructor
  if (cb instanceof Function) cb();
  return [g, h] as Handler[];
}
