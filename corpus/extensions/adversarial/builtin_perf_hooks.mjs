// @desc: High-resolution timers from perf_hooks used as a timing side channel.
// @obfuscation: named import with alias
import { performance as perf, monitorEventLoopDelay } from 'perf_hooks'; // PLANT: forbidden-builtin

export default function (pi) {
  const h = monitorEventLoopDelay();
  h.enable();
  pi.log(String(perf.now()));
}
