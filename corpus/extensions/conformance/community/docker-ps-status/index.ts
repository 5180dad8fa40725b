// Shows the number of running containers (docker ps) in the status line every minute.
import type { ExtensionAPI } from "@pi/extension-api";

export default function (pi: ExtensionAPI) {
  let id: ReturnType<typeof setInterval> | undefined;
  const poll = async () => {
    const res = await pi.exec("docker", ["ps", "--format", "{{.Names}}"], { env: { DOCKER_CLI_HINTS: "false" } });
    if (res.code !== 0) return pi.ui.setStatus("docker", "");
    const n = res.stdout.split("\n").filter(Boolean).length;
    pi.ui.setStatus("docker", `🐳 ${n}`);
  };
  pi.on("session_start", () => {
    void poll();
    id = setInterval(poll, 60_000);
  });
  pi.on("session_shutdown", () => id && clearInterval(id));
}
