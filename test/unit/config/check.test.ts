// renderCheckReport: what `flotilla check` prints.
import { afterAll, expect, test } from "bun:test";
import { renderCheckReport } from "../../../src/cli/check.ts";
import { formatByteSize } from "../../../src/config/datatypes.ts";
import { header, load, TempDir } from "./helpers.ts";

const dir = new TempDir();
afterAll(() => dir.remove());

test("formatByteSize keeps exact values", () => {
  expect([0, 1024, 1536, 52428800, 2 * 1024 ** 3].map(formatByteSize)).toEqual(["0", "1KB", "1536", "50MB", "2GB"]);
});

test("report lists servers, groups, processes and warnings", () => {
  const c = load(
    dir,
    `${header(dir)}[inet_http_server]\nport=127.0.0.1:9001\nusername=u\npassword=p\n` +
      `[program:web]\ncommand=/bin/web --port 80\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)d\nstopsignal=QUIT\nuser=alice\nredirect_stderr=true\nstdout_logfile=NONE\n` +
      `[program:db]\ncommand=/bin/db\npriority=1\nautorestart=true\nstdout_logfile=${dir.path}/db.log\nstderr_logfile=AUTO\ndirectory=/srv\n` +
      `[programs:ev]\ncommand=x\n`,
  );
  const text = renderCheckReport(c);
  expect(text).toStartWith(`Configuration file: ${c.file}\n`);
  for (const fragment of [
    "  inet  127.0.0.1:9001 (user 'u') [",
    "Groups: 2, processes: 3",
    "  db  (priority 1, 1 process) [",
    "    db  (program db, priority 1)",
    "      command       /bin/db",
    "      autorestart   true",
    `      stdout log    ${dir.path}/db.log, maxbytes 50MB, backups 10`,
    "      stderr log    AUTO, maxbytes 50MB, backups 10",
    "      directory     /srv",
    "    web:web_1  (program web, priority 999)",
    "      stopsignal    QUIT",
    "      startsecs     1",
    "      startretries  3",
    "      autostart     true",
    "      stdout log    NONE",
    "      stderr log    redirected to stdout",
    "      user          alice (uid 1000)",
    "Warnings (1):",
    "  - section [programs:ev] (",
  ]) {
    expect(text).toContain(fragment);
  }
  expect(text.indexOf("  db  (priority 1")).toBeLessThan(text.indexOf("  web  (priority 999"));
});

test("no servers and no warnings are said so", () => {
  const text = renderCheckReport(load(dir, header(dir)));
  expect(text).toContain("(none: supervisorctl and the API cannot reach this supervisord)");
  expect(text).toEndWith("Warnings: none\n");
});

test("an event listener pool shows its events and buffer size", () => {
  const text = renderCheckReport(load(dir, `${header(dir)}[eventlistener:watch]\ncommand=cat\nevents=PROCESS_STATE,TICK_60\nbuffer_size=20\n`));
  expect(text).toContain("  watch  (event listener pool, priority -1, 1 process) [");
  expect(text).toContain("    events        PROCESS_STATE, TICK_60\n    buffer_size   20\n");
});
