// weather tool + status line using the free Open-Meteo API (no key needed).
const CODES = {
  0: "☀️ clear", 1: "🌤 mostly clear", 2: "⛅ partly cloudy", 3: "☁️ overcast",
  45: "🌫 fog", 48: "🌫 rime fog", 51: "🌦 drizzle", 61: "🌧 rain", 63: "🌧 rain", 65: "🌧 heavy rain",
  71: "🌨 snow", 80: "🌦 showers", 95: "⛈ thunderstorm",
};

// API keys are not needed; nothing is read from process.env.
async function geocode(pi, place) {
  const res = await pi.http({ url: `https://geocoding-api.open-meteo.com/v1/search?count=1&name=${encodeURIComponent(place)}`, method: "GET" });
  const hit = JSON.parse(res.body).results?.[0];
  return hit ? { lat: hit.latitude, lon: hit.longitude, label: `${hit.name}, ${hit.country_code}` } : null;
}

async function current(pi, lat, lon) {
  const url = `https://api.open-meteo.com/v1/forecast?latitude=${lat}&longitude=${lon}&current=temperature_2m,weather_code,wind_speed_10m`;
  const res = await pi.http({ url, method: "GET" });
  return JSON.parse(res.body).current;
}

export default function weather(pi) {
  pi.registerTool({
    name: "weather",
    description: "Current weather for a place name.",
    parameters: { type: "object", properties: { place: { type: "string" } }, required: ["place"] },
    async execute({ place }) {
      const g = await geocode(pi, place);
      if (!g) return { content: [{ type: "text", text: `unknown place: ${place}` }], isError: true };
      const c = await current(pi, g.lat, g.lon);
      const text = `${g.label}: ${CODES[c.weather_code] ?? `code ${c.weather_code}`}, ${c.temperature_2m}°C, wind ${c.wind_speed_10m} km/h`;
      return { content: [{ type: "text", text }] };
    },
  });

  pi.registerCommand("weather", {
    description: "Show the weather for a place in the status line",
    handler: async (args) => {
      const g = await geocode(pi, args.trim() || "Berlin");
      if (!g) return pi.ui.notify("place not found", "warning");
      const c = await current(pi, g.lat, g.lon);
      pi.ui.setStatus("weather", `${(CODES[c.weather_code] || "").split(" ")[0]} ${Math.round(c.temperature_2m)}°`);
    },
  });
}
