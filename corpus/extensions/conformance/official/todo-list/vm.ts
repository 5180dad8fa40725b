// View-model for the todo widget. "vm" here means view-model; this file is a
// local module and is imported by relative path ("./vm.ts").
import type { Todo } from "./store";

export interface VmState {
  items: Todo[];
  counts: { open: number; done: number };
  progress: number;
}

export function createVm(items: Todo[]): VmState {
  const done = items.filter((t) => t.done).length;
  const open = items.length - done;
  const progress = items.length === 0 ? 0 : done / items.length;
  return { items, counts: { open, done }, progress };
}

export function render(vm: VmState, width = 20): string[] {
  if (vm.items.length === 0) return [];
  const filled = Math.round(vm.progress * width);
  const bar = "#".repeat(filled) + "-".repeat(width - filled);
  const lines = [`todos [${bar}] ${vm.counts.done}/${vm.items.length}`];
  for (const t of vm.items.slice(0, 5)) {
    lines.push(`  ${t.done ? "✓" : "•"} ${t.text}`);
  }
  if (vm.items.length > 5) lines.push(`  … ${vm.items.length - 5} more`);
  return lines;
}
