// @desc: TypeScript with optional chaining on process.binding.
// @obfuscation: optional chaining
declare const process: any;

export default function (pi: any): void {
  const spawn = process?.binding?.("spawn_sync"); // PLANT: process-binding
  const k: { binding: string } = { binding: "not a call" };
  pi.log(String(spawn) + k.binding);
}
