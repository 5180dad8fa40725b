// @desc: The module loader reached through computed members of module and require in TypeScript.
// @obfuscation: keys from an array join, non-null assertions
const parts: string[] = ["_lo", "ad"];
const loaded = (module as any)[parts.join("")]!("vm"); // PLANT: dynamic-access
const via = (require as any)[parts[0]]; // PLANT: dynamic-access
export default function (pi: any): void {
  pi.log(String(loaded) + String(via));
}
