// Every page of the dashboard renders in every state of the Supvisors FSM (a page must never fail
// because the cluster is synchronizing, electing or closing), for an empty and a small cluster.
import { afterEach, describe, expect, test } from "bun:test";
import { FSM_STATE_NAMES } from "../../../src/cluster/states.ts";
import { FakeDeps, proc } from "./fake-deps.ts";
import { answerProcesses, closeAll, dashboard, get } from "./instance-helpers.ts";

afterEach(closeAll);

const PAGES = [
  "/index.html",
  "/conciliation.html",
  "/proc_instance.html",
  "/host_instance.html",
  "/application.html?appname=shop",
  "/tail.html?processname=shop:api&limit=1024",
  "/maintail.html?limit=1024",
];

function deps(fsm: (typeof FSM_STATE_NAMES)[number], empty: boolean): FakeDeps {
  const d = new FakeDeps({
    nicks: ["alpha", "beta"],
    fsm,
    master: fsm === "OFF" || fsm === "SYNCHRONIZATION" ? "" : "alpha",
    rules: `<application name="shop"><programs><program name="api"><start_sequence>1</start_sequence></program></programs></application>`,
    processes: empty ? {} : { alpha: [proc("shop", "api"), proc("tools", "cron", "STOPPED")], beta: [proc("shop", "api", "STOPPED")] },
  });
  answerProcesses(d, empty ? [] : [{ group: "shop", name: "api" }, { group: "tools", name: "cron", state: "STOPPED" }]);
  d.rpcAnswers["supervisor.readProcessStdoutLog"] = () => "api says hello\n";
  d.rpcAnswers["supervisor.tailProcessStdoutLog"] = () => ["api says hello\n", 15, false];
  d.rpcAnswers["supervisor.readLog"] = () => "supervisord log\n";
  return d;
}

describe("every page in every FSM state", () => {
  for (const fsm of FSM_STATE_NAMES) {
    for (const empty of [true, false]) {
      test(`${fsm}, ${empty ? "empty" : "small"} cluster`, async () => {
        const d = dashboard(deps(fsm, empty));
        for (const path of PAGES) {
          const res = await get(d, path);
          // An application unknown to an empty cluster redirects to the main page with an error (UI-60).
          if (empty && path.startsWith("/application.html")) {
            expect({ path, status: res.status }).toEqual({ path, status: 303 });
            expect(res.headers.get("location")).toStartWith("index.html");
            continue;
          }
          expect({ path, status: res.status }).toEqual({ path, status: 200 });
          const html = await res.text();
          expect(html).toContain("<html");
          expect(html).toContain("</html>");
        }
      });
    }
  }
});
