// Footer with platform, CPU count, load average and free memory (via node:os).
import os from "node:os";

const gb = (b) => (b / 1024 / 1024 / 1024).toFixed(1);

export default function sysinfo(pi) {
  let handle;
  const draw = () => {
    const [l1] = os.loadavg();
    const cpus = os.cpus().length;
    const free = gb(os.freemem());
    const total = gb(os.totalmem());
    pi.ui.setStatus("sys", `${os.platform()}/${os.arch()} · ${cpus} cpu · load ${l1.toFixed(2)} · mem ${free}/${total} GB`);
  };
  pi.on("session_start", () => {
    pi.log("info", `sysinfo: host ${os.hostname()} running ${os.type()} ${os.release()}`);
    draw();
    handle = setInterval(draw, 10000);
  });
  pi.on("session_shutdown", () => clearInterval(handle));
}
