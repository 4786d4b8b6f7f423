// The applications every chaos cluster declares (same programs on every instance, all `sleep`,
// never started automatically: the tests and the benchmark start them once the cluster has formed):
//   - `ha_first` / `ha_last`: HA_PROCESSES required processes with RESTART_PROCESS, placed by CONFIG
//     on the first instance (the expected Master) or on the last one first, so that losing that
//     instance moves them elsewhere;
//   - `load`: LOAD_PROCESSES processes spread by LESS_LOADED, started and stopped as a workload.

export const HA_PROCESSES = 3;
export const LOAD_PROCESSES = 50;

function haApplication(name: string, order: readonly string[]): string {
  return `
  <application name="${name}">
    <starting_strategy>CONFIG</starting_strategy>
    <programs>
      <program pattern="${name}_">
        <identifiers>${order.join(",")}</identifiers>
        <start_sequence>1</start_sequence>
        <required>true</required>
        <running_failure_strategy>RESTART_PROCESS</running_failure_strategy>
      </program>
    </programs>
  </application>`;
}

/** The rules file for a cluster of `nicks` (in supvisors_list order). */
export function rulesXml(nicks: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<root>${haApplication("ha_first", nicks)}${haApplication("ha_last", [...nicks].reverse())}
  <application name="load">
    <starting_strategy>LESS_LOADED</starting_strategy>
    <programs>
      <program pattern="load_">
        <start_sequence>1</start_sequence>
        <expected_loading>1</expected_loading>
      </program>
    </programs>
  </application>
</root>
`;
}

function program(name: string, count: number, dir: string): string {
  return [
    `[program:${name}]`,
    "command = sleep 3600",
    "process_name = %(program_name)s_%(process_num)02d",
    `numprocs = ${count}`,
    "startsecs = 0",
    "autostart = false",
    "autorestart = false",
    "stopsignal = KILL",
    `stdout_logfile = ${dir}/%(program_name)s_%(process_num)02d.log`,
    "redirect_stderr = true",
    "",
  ].join("\n");
}

/** The [program:x] sections of one instance (logs in its directory). */
export function programSections(dir: string): string {
  return [program("ha_first", HA_PROCESSES, dir), program("ha_last", HA_PROCESSES, dir), program("load", LOAD_PROCESSES, dir)].join("\n");
}

/** `group:name` of every process of application `app` (as getAllProcessInfo names them). */
export function processKeys(app: "ha_first" | "ha_last" | "load"): string[] {
  const count = app === "load" ? LOAD_PROCESSES : HA_PROCESSES;
  return Array.from({ length: count }, (_, i) => `${app}:${app}_${String(i).padStart(2, "0")}`);
}
