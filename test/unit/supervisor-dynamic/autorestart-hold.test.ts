// RULE-39b on the LocalSupervisor: a process whose crash its application answers (the predicate the
// daemon builds from the rules) runs with autorestart false — whether `true` or `unexpected` was
// configured —, other processes keep theirs, explicit starts still work, the configuration the API
// reports is unchanged, and processes created later (numprocs increase) are held as well.
import { describe, expect, test } from "bun:test";
import type { AutoRestart } from "../../../src/config/model.ts";
import { TemplateExpander, group, processConfig, rig, states } from "./helpers.ts";

const held = (app: string, process: string) => app === "app" && process !== "free";

function app(autorestart: AutoRestart) {
  return group("app", [
    processConfig({ name: "held", programName: "held", command: "/bin/sleep 1000", startsecs: 0, autorestart }),
    processConfig({ name: "free", programName: "free", command: "/bin/sleep 1000", startsecs: 0, autorestart }),
  ]);
}

describe("RULE-39b autorestart held by the application's strategy", () => {
  test.each([
    // configured, exit (code, signal), whether "free" is restarted, whether "held" logs its hold
    ["true", [0, null], true, true],
    ["true", [null, "SIGKILL"], true, true],
    ["unexpected", [null, "SIGKILL"], true, true],
    ["unexpected", [0, null], false, true],
    ["false", [null, "SIGKILL"], false, false],
  ] as const)("autorestart=%s, exit %p: the held process stays EXITED", (autorestart, [code, signal], freeRestarts, warned) => {
    const r = rig([app(autorestart)], { holdsAutorestart: held });
    r.sup.start();
    const [heldChild, freeChild] = r.spawner.children;
    heldChild!.exit(code, signal);
    freeChild!.exit(code, signal);
    r.clock.advance(10_000);
    // Only "free" may have been spawned again, by its own autorestart.
    expect(r.spawner.children.length).toBe(2 + (freeRestarts ? 1 : 0));
    expect(states(r.sup)["app:held"]).toBe("EXITED");
    const warnings = r.logs.filter((l) => l.startsWith("warn autorestart disabled"));
    expect(warnings).toEqual(warned ? ["warn autorestart disabled for app:held: its running failure strategy stops or restarts the application"] : []);
    // What was configured is still what the API shows (getAllConfigInfo, `flotilla check`).
    expect(r.sup.process("app:held").config.autorestart).toBe(autorestart);
  });

  test("an explicit start still starts a held process; autostart is untouched", async () => {
    const r = rig([app("true")], { holdsAutorestart: held });
    r.sup.start();
    expect(states(r.sup)).toEqual({ "app:free": "RUNNING", "app:held": "RUNNING" });
    r.spawner.children[0]!.exit(null, "SIGKILL");
    expect(states(r.sup)["app:held"]).toBe("EXITED");
    await r.call("supervisor.startProcess", "app:held", false);
    expect(states(r.sup)["app:held"]).toBe("RUNNING");
  });

  test("without the predicate nothing is held (no rules file)", () => {
    const r = rig([app("true")]);
    r.sup.start();
    r.spawner.children[0]!.exit(null, "SIGKILL");
    expect(r.spawner.children).toHaveLength(3);
    expect(states(r.sup)["app:held"]).toBe("RUNNING");
  });

  test("processes added by a numprocs increase are held too", () => {
    const expander = new TemplateExpander({ startsecs: 0, autorestart: "true" });
    const w = group("w", [processConfig({ name: "w_0", programName: "w", processNum: 0, command: "/bin/sleep 1000", startsecs: 0, autorestart: "true" })]);
    const r = rig([w], { expander, holdsAutorestart: (g) => g === "w" });
    r.sup.start();
    r.sup.updateNumprocs("w", 2);
    expect(states(r.sup)).toEqual({ "w:w_0": "RUNNING", "w:w_1": "RUNNING" });
    for (const child of r.spawner.children) child.exit(null, "SIGKILL");
    r.clock.advance(10_000);
    expect(r.spawner.children).toHaveLength(2);
    expect(states(r.sup)).toEqual({ "w:w_0": "EXITED", "w:w_1": "EXITED" });
  });
});
