// A clock in the status line, updated every 30 seconds.
module.exports = function (pi) {
  const pad = (n) => String(n).padStart(2, "0");
  const draw = () => {
    const d = new Date();
    pi.ui.setStatus("clock", `🕒 ${pad(d.getHours())}:${pad(d.getMinutes())}`);
  };
  let id;
  pi.on("session_start", () => { draw(); id = setInterval(draw, 30000); });
  pi.on("session_shutdown", () => clearInterval(id));
};
