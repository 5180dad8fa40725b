/**
 * questionnaire tool: lets the model ask the user several multiple-choice
 * questions in one go (instead of one chat turn per question).
 */
import type { ExtensionAPI } from "@pi/extension-api";

interface Question<T extends string = string> {
  id: string;
  prompt: string;
  options: T[];
  allowOther?: boolean;
}

type Answers = Record<string, string | null>;

async function ask<T extends string>(pi: ExtensionAPI, q: Question<T>): Promise<string | null> {
  const options: string[] = q.allowOther ? [...q.options, "Other…"] : [...q.options];
  const pick = await pi.ui.select(q.prompt, options);
  if (pick === "Other…") return (await pi.ui.input(q.prompt)) ?? null;
  return pick ?? null;
}

export default function (pi: ExtensionAPI) {
  pi.registerTool({
    name: "questionnaire",
    description: "Ask the user up to 8 multiple-choice questions and return the answers as JSON.",
    parameters: {
      type: "object",
      properties: {
        questions: {
          type: "array",
          maxItems: 8,
          items: {
            type: "object",
            properties: {
              id: { type: "string" },
              prompt: { type: "string" },
              options: { type: "array", items: { type: "string" } },
              allowOther: { type: "boolean" },
            },
            required: ["id", "prompt", "options"],
          },
        },
      },
      required: ["questions"],
    },
    async execute({ questions }: { questions: Question[] }, ctx) {
      if (!ctx.hasUI) return { content: [{ type: "text", text: "No interactive UI available." }], isError: true };
      const answers: Answers = {};
      for (const q of questions.slice(0, 8)) answers[q.id] = await ask(pi, q);
      return { content: [{ type: "text", text: JSON.stringify(answers, null, 2) }] };
    },
  });
}
