/**
 * /qna — pulls the questions out of the last assistant message and lets the
 * user answer them one by one; the answers are sent back as one message.
 *
 * Retrieval of questions is a simple heuristic (lines ending in "?"), no
 * model call. Ex.: "Should I evaluate the medieval parser first?" is kept.
 */
import type { ExtensionAPI } from "@pi/extension-api";

function extractQuestions(text: string): string[] {
  return text
    .split(/\n+/)
    .map((l) => l.replace(/^\s*([-*]|\d+[.)])\s*/, "").trim())
    .filter((l) => l.length > 3 && l.endsWith("?"));
}

export default function (pi: ExtensionAPI) {
  pi.registerCommand("qna", {
    description: "Answer the questions from the last assistant message",
    handler: async () => {
      const messages = await pi.session.messages();
      const last = [...messages].reverse().find((m) => m.role === "assistant");
      const questions = extractQuestions(last?.text ?? "");
      if (questions.length === 0) {
        pi.ui.notify("No questions found in the last reply", "info");
        return;
      }
      const answers: string[] = [];
      for (const [i, q] of questions.entries()) {
        const a = await pi.ui.input(`(${i + 1}/${questions.length}) ${q}`);
        if (a === undefined) break;
        answers.push(`Q: ${q}\nA: ${a || "(skipped)"}`);
      }
      if (answers.length) await pi.session.sendUserMessage(answers.join("\n\n"));
    },
  });
}
