/**
 * /snake — a tiny snake game rendered in a widget while you wait for the agent.
 * Arrow keys steer, q quits. High score is stored in the session.
 *
 * Game loop notes: the board is evaluated every tick; "evaluate" here is a
 * method on the Game class, not anything dynamic.
 */
import type { ExtensionAPI, KeyEvent } from "@pi/extension-api";

type Point = { x: number; y: number };
type Dir = "up" | "down" | "left" | "right";

const WIDTH = 24;
const HEIGHT = 10;
const TICK_MS = 140;

class Game {
  snake: Point[] = [{ x: 5, y: 5 }, { x: 4, y: 5 }, { x: 3, y: 5 }];
  dir: Dir = "right";
  pending: Dir = "right";
  food: Point = { x: 12, y: 4 };
  score = 0;
  over = false;
  private seed: number;

  constructor(seed = 42) {
    this.seed = seed;
    this.placeFood();
  }

  private rand(n: number): number {
    // xorshift, deterministic per game
    this.seed ^= this.seed << 13;
    this.seed ^= this.seed >>> 17;
    this.seed ^= this.seed << 5;
    return Math.abs(this.seed) % n;
  }

  private placeFood() {
    do {
      this.food = { x: this.rand(WIDTH), y: this.rand(HEIGHT) };
    } while (this.snake.some((p) => p.x === this.food.x && p.y === this.food.y));
  }

  steer(d: Dir) {
    const opposite: Record<Dir, Dir> = { up: "down", down: "up", left: "right", right: "left" };
    if (opposite[d] !== this.dir) this.pending = d;
  }

  evaluate(): void {
    if (this.over) return;
    this.dir = this.pending;
    const head = { ...this.snake[0] };
    if (this.dir === "up") head.y--;
    if (this.dir === "down") head.y++;
    if (this.dir === "left") head.x--;
    if (this.dir === "right") head.x++;
    const hitWall = head.x < 0 || head.y < 0 || head.x >= WIDTH || head.y >= HEIGHT;
    const hitSelf = this.snake.some((p) => p.x === head.x && p.y === head.y);
    if (hitWall || hitSelf) {
      this.over = true;
      return;
    }
    this.snake.unshift(head);
    if (head.x === this.food.x && head.y === this.food.y) {
      this.score += 10;
      this.placeFood();
    } else {
      this.snake.pop();
    }
  }

  render(best: number): string[] {
    const rows: string[] = [];
    rows.push("┌" + "─".repeat(WIDTH) + "┐");
    for (let y = 0; y < HEIGHT; y++) {
      let line = "│";
      for (let x = 0; x < WIDTH; x++) {
        const isHead = this.snake[0].x === x && this.snake[0].y === y;
        const isBody = !isHead && this.snake.some((p) => p.x === x && p.y === y);
        const isFood = this.food.x === x && this.food.y === y;
        line += isHead ? "@" : isBody ? "o" : isFood ? "*" : " ";
      }
      rows.push(line + "│");
    }
    rows.push("└" + "─".repeat(WIDTH) + "┘");
    rows.push(`score ${this.score}  best ${best}${this.over ? "  — game over (r restarts, q quits)" : ""}`);
    return rows;
  }
}

const KEY_TO_DIR: Record<string, Dir> = {
  up: "up", down: "down", left: "left", right: "right",
  w: "up", s: "down", a: "left", d: "right",
};

export default function (pi: ExtensionAPI) {
  pi.registerCommand("snake", {
    description: "Play snake while the agent works",
    handler: async () => {
      let best = (await pi.session.get<number>("snake/best")) ?? 0;
      let game = new Game(Date.now() & 0xffff);
      let loop: ReturnType<typeof setInterval> | undefined;

      const draw = () => pi.ui.setWidget("snake", game.render(best));
      const stop = async () => {
        if (loop) clearInterval(loop);
        pi.ui.setWidget("snake", []);
        unsubscribe();
        if (game.score > best) {
          best = game.score;
          await pi.session.set("snake/best", best);
        }
      };

      const unsubscribe = pi.ui.onKey((key: KeyEvent) => {
        if (key.name === "q" || key.name === "escape") {
          void stop();
          return true;
        }
        if (key.name === "r" && game.over) {
          game = new Game(Date.now() & 0xffff);
          return true;
        }
        const d = KEY_TO_DIR[key.name];
        if (d) {
          game.steer(d);
          return true;
        }
        return false;
      });

      loop = setInterval(() => {
        game.evaluate();
        draw();
      }, TICK_MS);
      draw();
    },
  });
}
