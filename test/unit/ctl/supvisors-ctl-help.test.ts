// Help texts (CTL-GEN-09) and the up-check (CTL-GEN-05) of the Supvisors application and process
// commands (CTL-SV-07..32). Help texts recorded from the Supvisors 0.19 ctl plugin run by
// supervisorctl 4.2.5 (Debian); the command list laid out by Python's cmd.columnize.

import { describe, expect, test } from "bun:test";
import { supvisorsCommands } from "../../../src/cli/ctl/commands/index.ts";
import { fakeServer } from "./fake-client.ts";
import { supvisorsServer } from "./supvisors-fixtures.ts";
import { oneShot } from "./run-helper.ts";

const TOPICS: Record<string, string[]> = {
  application_info: [
    "application_info <appli>\t\tGet the status of application named appli.",
    "application_info <appli> <appli>\tGet the status for multiple named application",
    "application_info\t\t\tGet the status of all applications.",
  ],
  application_rules: [
    "application_rules <appli>\t\t\tGet the rules of the application named appli.",
    "application_rules <appli> <appli>\t\tGet the rules for multiple named applications",
    "application_rules\t\t\t\tGet the rules of all applications.",
  ],
  sstatus: [
    "sstatus <proc>\t\t\t\tGet the status of the process named proc.",
    "sstatus <appli>:*\t\t\tGet the process status of application named appli.",
    "sstatus <proc> <proc>\t\t\tGet the status for multiple named processes",
    "sstatus\t\t\t\t\tGet the status of all processes.",
  ],
  local_status: [
    "local_status <proc>\t\t\tGet the local status of the process named proc.",
    "local_status <appli>:*\t\t\tGet the local status of all processes in the application named appli.",
    "local_status <proc> <proc>\t\tGet the local status for multiple named processes",
    "local_status\t\t\t\tGet the local status of all processes.",
  ],
  process_rules: [
    "process_rules <proc>\t\t\tGet the rules of the process named proc.",
    "process_rules <appli>:*\t\t\tGet the rules of all processes in the application named appli.",
    "process_rules <proc> <proc>\t\tGet the rules for multiple named processes",
    "process_rules\t\t\t\tGet the rules of all processes.",
  ],
  conflicts: [
    "conflicts\t\t\t\tGet the Supvisors conflicts.",
  ],
  start_application: [
    "start_application <strategy> <appli>\t\tStart the managed application named appli with strategy.",
    "start_application <strategy> <appli> <appli>\tStart multiple managed named applications with strategy",
    "start_application <strategy>\t\t\tStart all managed applications with strategy.",
  ],
  test_start_application: [
    "test_start_application <strategy> <appli>\t\tTest the starting of the managed application named appli with strategy.",
    "test_start_application <strategy>\t\t\tTest the starting of all managed applications with strategy.",
  ],
  stop_application: [
    "stop_application <appli>\t\t\tStop the managed application named appli.",
    "stop_application <appli> <appli>\t\tStop multiple managed named applications.",
    "stop_application\t\t\t\tStop all managed applications.",
  ],
  restart_application: [
    "restart_application <strategy> <appli>\t\tRestart the managed application named appli with strategy.",
    "restart_application <strategy> <appli> <appli>\tRestart multiple managed named applications with strategy",
    "restart_application <strategy> \t\t\tRestart all managed applications with strategy.",
  ],
  start_process: [
    "start_process <strategy> <proc>\t\t\tStart the process named proc with strategy.",
    "start_process <strategy> <proc> <proc>\t\tStart multiple named processes with strategy.",
    "start_process <strategy>\t\t\tStart all processes with strategy.",
  ],
  start_process_args: [
    "start_process <strategy> <proc> <arg_list>\tStart the process named proc with additional arguments arg_list.",
  ],
  start_any_process: [
    "start_any_process <strategy> <regex>\t\t\tStart a process whose namespec matches the regular expression and with a starting strategy.",
    "start_any_process <strategy> <regex> <regex>\t\tStart multiple processes whose namespec matches the regular expressions and with a starting strategy.",
  ],
  start_any_process_args: [
    "start_any_process_args <strategy> <regex> <arg_list>\tStart a process whose namespec matches the regular expression, using a starting strategy and additional arguments arg_list.",
  ],
  start_args: [
    "start_args <proc> <arg_list>\t\t\tStart the local process named proc with additional arguments arg_list.",
  ],
  all_start: [
    "all_start <proc>\t\t\tStart the process named proc on all RUNNING Supvisors instances.",
  ],
  all_start_args: [
    "all_start_args <proc> <arg_list>\t\tStart the process named proc on all RUNNING Supvisors instances with additional arguments arg_list.",
  ],
  test_start_process: [
    "test_start_process <strategy> <proc>\t\t\tStart the process named proc with strategy.",
    "test_start_process <strategy>\t\t\tStart all processes with strategy.",
  ],
  stop_process: [
    "stop_process <proc>\t\tStop the process named proc.",
    "stop_process <proc> <proc>\tStop multiple named processes.",
    "stop_process\t\t\tStop all named processes.",
  ],
  restart_process: [
    "restart_process <strategy> <proc>\t\tRestart the process named proc using strategy.",
    "restart_process <strategy> <proc> <proc>\tRestart multiple named processes using strategy.",
    "restart_process <strategy> \t\t\tRestart all processes using strategy.",
  ],
  update_numprocs: [
    "update_numprocs program_name numprocs\t\tUpdate the program numprocs.",
  ],
  lazy_update_numprocs: [
    "lazy_update_numprocs program_name numprocs\t\tUpdate the program numprocs (lazy mode).",
  ],
  enable: [
    "enable program_name\t\t\tEnable the program.",
  ],
  disable: [
    "disable program_name\t\t\tDisable the program.",
  ],
  conciliate: [
    "conciliate <strategy>\t\t\tConciliate process conflicts using strategy",
  ],
  restart_sequence: [
    "restart_sequence\t\t\t\t\tTrigger the whole start sequence",
  ],
};

/** One valid line per command: what would reach the server if the up-check passed. */
const VALID_LINES: Record<string, string> = {
  application_info: "application_info",
  application_rules: "application_rules",
  sstatus: "sstatus",
  local_status: "local_status",
  process_rules: "process_rules",
  conflicts: "conflicts",
  start_application: "start_application CONFIG",
  test_start_application: "test_start_application CONFIG web",
  stop_application: "stop_application",
  restart_application: "restart_application CONFIG",
  start_process: "start_process CONFIG",
  start_process_args: "start_process_args CONFIG p a",
  start_any_process: "start_any_process CONFIG a",
  start_any_process_args: "start_any_process_args CONFIG a b",
  start_args: "start_args p a",
  all_start: "all_start p",
  all_start_args: "all_start_args p a",
  test_start_process: "test_start_process CONFIG p",
  stop_process: "stop_process",
  restart_process: "restart_process CONFIG",
  update_numprocs: "update_numprocs p 2",
  lazy_update_numprocs: "lazy_update_numprocs p 2",
  enable: "enable p",
  disable: "disable p",
  conciliate: "conciliate USER",
  restart_sequence: "restart_sequence",
};

/** Lines the arguments checks reject: the server is still checked first. */
const BAD_LINES = [
  "start_application", "start_application x", "test_start_application", "restart_application x", "start_process",
  "start_process_args CONFIG", "start_any_process CONFIG", "start_any_process_args x a b", "start_args p", "all_start",
  "all_start_args p", "test_start_process CONFIG", "restart_process", "update_numprocs p 0", "lazy_update_numprocs",
  "enable", "disable", "conciliate", "conciliate x",
];

describe("help of the application and process commands (CTL-GEN-09)", () => {
  test("every command of CTL-SV-07..32 is registered in the supvisors section", () => {
    const names = new Set(supvisorsCommands.map((c) => c.name));
    for (const name of Object.keys(TOPICS)) expect({ name, registered: names.has(name) }).toEqual({ name, registered: true });
    for (const c of supvisorsCommands) expect({ name: c.name, section: c.section, listed: c.listed }).toEqual({ name: c.name, section: "supvisors", listed: true });
  });
  for (const [name, lines] of Object.entries(TOPICS)) {
    test(`help ${name}`, async () => {
      const s = fakeServer();
      expect(await oneShot(s, `help ${name}`)).toEqual({ code: 0, out: `*** No help on ${name}\n` + lines.map((l) => l + "\n").join(""), err: "" });
      expect(s.calls).toEqual([]);
    });
  }
  test("the supvisors section of `help`", async () => {
    const run = await oneShot(fakeServer(), "help");
    expect(run.out).toEndWith(
      "\nsupvisors commands (type help <topic>):\n=======================================\n" +
        "all_start             local_status            start_application     \n" +
        "all_start_args        loglevel                start_args            \n" +
        "application_info      master                  start_process         \n" +
        "application_rules     process_rules           start_process_args    \n" +
        "conciliate            restart_application     stats_period          \n" +
        "conflicts             restart_process         stats_status          \n" +
        "disable               restart_sequence        stop_application      \n" +
        "disable_stats         sreload                 stop_process          \n" +
        "enable                sshutdown               strategies            \n" +
        "enable_stats          sstate                  sversion              \n" +
        "end_sync              sstatus                 test_start_application\n" +
        "instance_status       start_any_process       test_start_process    \n" +
        "lazy_update_numprocs  start_any_process_args  update_numprocs       \n\n",
    );
  });
});

describe("up-check before anything else (CTL-GEN-05)", () => {
  const MISMATCH = "ERROR: this version of supvisorsctl expects to talk to a server with API version 0.19, but the remote version is 0.18.\n";
  test("a server of another version: exit 5, nothing else called", async () => {
    for (const line of [...Object.values(VALID_LINES), ...BAD_LINES]) {
      const s = fakeServer({ "supvisors.get_api_version": "0.18" });
      expect({ line, ...(await oneShot(s, line)) }).toEqual({ line, code: 5, out: MISMATCH, err: "" });
      expect(s.calls.map((c) => c.method)).toEqual(["supvisors.get_api_version"]);
    }
  });
  test("a server without the supvisors namespace: exit 3", async () => {
    for (const line of Object.values(VALID_LINES)) {
      const run = await oneShot(fakeServer(), line);
      expect({ line, code: run.code }).toEqual({ line, code: 3 });
      expect(run.out).toStartWith("ERROR: supervisord responded but did not recognize the supvisors namespace commands");
    }
  });
  test("with the right version, each valid line reaches the server", async () => {
    for (const [name, line] of Object.entries(VALID_LINES)) {
      const s = supvisorsServer();
      await oneShot(s, line);
      expect({ name, calls: s.calls.length > 1 }).toEqual({ name, calls: true });
    }
  });
});
