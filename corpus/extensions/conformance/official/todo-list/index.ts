/**
 * todo-list: a tool the model can use to keep a running task list, a /todos
 * command for the user, and a widget above the editor.
 *
 * State lives in the session (pi.session) so it survives reloads and branches.
 * The view-model lives in ./vm.ts (a plain state container, nothing to do with
 * the node "vm" module) and persistence in ./store.ts.
 */
import type { ExtensionAPI, ToolContext } from "@pi/extension-api";
import { TodoStore } from "./store";
import { createVm, render, type VmState } from "./vm.ts";

enum Action {
  List = "list",
  Add = "add",
  Toggle = "toggle",
  Remove = "remove",
  Clear = "clear",
}

interface TodoArgs {
  action: Action;
  text?: string;
  id?: number;
}

const WIDGET_ID = "todo-list";

export default function todoExtension(pi: ExtensionAPI) {
  const store = new TodoStore(pi);
  let vmState: VmState = createVm([]);

  async function refresh(): Promise<void> {
    const items = await store.load();
    vmState = createVm(items);
    pi.ui.setWidget(WIDGET_ID, render(vmState));
  }

  pi.on("session_start", async () => {
    await refresh();
  });

  pi.registerTool({
    name: "todo",
    description:
      "Manage a todo list. Actions: list, add (text), toggle (id), remove (id), clear.",
    parameters: {
      type: "object",
      properties: {
        action: { type: "string", enum: Object.values(Action) },
        text: { type: "string" },
        id: { type: "number" },
      },
      required: ["action"],
    },
    async execute(args: TodoArgs, _ctx: ToolContext) {
      let message: string;
      switch (args.action) {
        case Action.Add: {
          if (!args.text) return error("text is required for add");
          const item = await store.add(args.text);
          message = `Added #${item.id}: ${item.text}`;
          break;
        }
        case Action.Toggle: {
          if (args.id === undefined) return error("id is required for toggle");
          const item = await store.toggle(args.id);
          if (!item) return error(`No todo #${args.id}`);
          message = `#${item.id} is now ${item.done ? "done" : "open"}`;
          break;
        }
        case Action.Remove: {
          if (args.id === undefined) return error("id is required for remove");
          const ok = await store.remove(args.id);
          message = ok ? `Removed #${args.id}` : `No todo #${args.id}`;
          break;
        }
        case Action.Clear:
          await store.clear();
          message = "Cleared all todos";
          break;
        case Action.List:
        default: {
          const items = await store.load();
          message = items.length
            ? items.map((t) => `${t.done ? "[x]" : "[ ]"} #${t.id} ${t.text}`).join("\n")
            : "No todos yet.";
        }
      }
      await refresh();
      return { content: [{ type: "text", text: message }] };
    },
  });

  pi.registerCommand("todos", {
    description: "Show the todo list",
    handler: async () => {
      await refresh();
      const { open, done } = vmState.counts;
      pi.ui.notify(`${open} open, ${done} done`, "info");
    },
  });

  function error(text: string) {
    return { content: [{ type: "text", text }], isError: true };
  }
}
