export default {
  name: "paper-light",
  colors: {
    background: "#fafaf7", foreground: "#2e2e2e", accent: "#3a6ea5", muted: "#8a8a85",
    success: "#2e7d32", warning: "#b26a00", error: "#c62828", border: "#e0e0da",
  },
};
