export default {
  name: "solarized-dark",
  colors: {
    background: "#002b36", foreground: "#839496", accent: "#268bd2", muted: "#586e75",
    success: "#859900", warning: "#b58900", error: "#dc322f", border: "#073642",
  },
};
