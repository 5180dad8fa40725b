/*
 * auto-commit-on-exit
 * When the session shuts down, commit whatever the agent changed with a
 * message built from the last user prompt. Uses pi.exec only; we never
 * require('child_process') ourselves (the string is just documentation).
 */
module.exports = function autoCommit(pi) {
  let lastPrompt = "";

  pi.on("input", (event) => {
    if (event.text) lastPrompt = event.text;
  });

  pi.on("session_shutdown", async () => {
    const status = await pi.exec("git", ["status", "--porcelain"]);
    if (status.code !== 0 || status.stdout.trim() === "") return;
    const firstLine = lastPrompt.split("\n")[0].slice(0, 60) || "agent changes";
    const message = `pi: ${firstLine}`;
    await pi.exec("git", ["add", "-A"]);
    const res = await pi.exec("git", ["commit", "-m", message]);
    pi.log(res.code === 0 ? "info" : "warn", `auto-commit: ${res.code === 0 ? "committed" : res.stderr}`);
  });
};
