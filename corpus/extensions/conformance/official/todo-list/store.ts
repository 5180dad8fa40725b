import type { ExtensionAPI } from "@pi/extension-api";

export interface Todo {
  id: number;
  text: string;
  done: boolean;
  createdAt: number;
}

const KEY = "todo-list/items";

/** Session-backed persistence. Every method goes through pi.session. */
export class TodoStore {
  constructor(private readonly pi: ExtensionAPI) {}

  async load(): Promise<Todo[]> {
    const raw = await this.pi.session.get<Todo[]>(KEY);
    return Array.isArray(raw) ? raw : [];
  }

  private async save(items: Todo[]): Promise<void> {
    await this.pi.session.set(KEY, items);
  }

  async add(text: string): Promise<Todo> {
    const items = await this.load();
    const id = items.reduce((max, t) => Math.max(max, t.id), 0) + 1;
    const todo: Todo = { id, text: text.trim(), done: false, createdAt: Date.now() };
    items.push(todo);
    await this.save(items);
    return todo;
  }

  async toggle(id: number): Promise<Todo | undefined> {
    const items = await this.load();
    const hit = items.find((t) => t.id === id);
    if (!hit) return undefined;
    hit.done = !hit.done;
    await this.save(items);
    return hit;
  }

  async remove(id: number): Promise<boolean> {
    const items = await this.load();
    const next = items.filter((t) => t.id !== id);
    if (next.length === items.length) return false;
    await this.save(next);
    return true;
  }

  async clear(): Promise<void> {
    await this.save([]);
  }
}
