// The interactive shell (CTL-GEN-01): shows the status first, then reads `<prompt>> ` lines until
// quit, exit or end of input. Ctrl-C at the prompt, or during a command that does not catch it
// (only tail -f, maintail -f and fg do), leaves the shell after an empty line, as supervisorctl
// does on KeyboardInterrupt.

import type { Controller } from "./controller.ts";

/** Resolves when `signal` aborts. */
function aborted(signal: AbortSignal): Promise<"interrupted"> {
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve("interrupted"), { once: true }));
}

/** Runs the shell; its exit status is always 0, whatever the commands set. */
export async function runShell(ctl: Controller): Promise<number> {
  const queued = ["status"];
  const prompt = `${ctl.settings.prompt}> `;
  for (;;) {
    let line = queued.shift() ?? null;
    if (line === null) {
      const interrupt = new AbortController();
      const unlisten = ctl.interrupts.listen(() => interrupt.abort());
      try {
        line = await ctl.readLineOrNull(prompt, interrupt.signal);
      } finally {
        unlisten();
      }
      if (interrupt.signal.aborted) {
        ctl.note("");
        return 0;
      }
      line ??= "EOF";
    }
    const interrupt = new AbortController();
    const unlisten = ctl.interrupts.listen(() => interrupt.abort());
    let outcome: boolean | "interrupted";
    try {
      outcome = await Promise.race([ctl.onecmd(line), aborted(interrupt.signal)]);
    } finally {
      unlisten();
    }
    if (outcome === "interrupted") {
      ctl.note("");
      return 0;
    }
    if (outcome) return 0;
  }
}
