// Process groups (CFG-GR, CFG-PG-28): each `[group:x]` gathers the processes of its `programs`;
// every program listed in no group forms a group of its own name. A program may be listed in several
// groups (each gets its own copy, with that group's `group_name`). Groups sort by (priority, name).
// `[eventlistener:x]` sections are listener pools (eventlisteners.ts). An `[fcgi-program:x]`
// forms a group of its own name whose processes share one listening socket as stdin (fcgi.ts);
// listed in a `[group:x]`, it is read as a plain program there and gets no socket, as supervisord does.

import type { LoadContext } from "./context.ts";
import { checkProcessOrGroupName, parseInteger, parseListOfStrings } from "./datatypes.ts";
import { listenerPoolFromSection } from "./eventlisteners.ts";
import { fcgiSocketFromSection } from "./fcgi.ts";
import type { IniDocument } from "./ini.ts";
import type { GroupConfig, ProcessConfig } from "./model.ts";
import { compareText, processesFromSection, programNameOf } from "./programs.ts";
import { SectionReader, type Names } from "./section.ts";

function groupNameOf(reader: SectionReader): string {
  const name = reader.convertValue(null, reader.section.slice(reader.section.indexOf(":") + 1), checkProcessOrGroupName);
  if (name === "") throw reader.error("the section name has no group name; write [group:name]");
  return name;
}

function warnDuplicateProcesses(group: GroupConfig, ctx: LoadContext): void {
  const seen = new Set<string>();
  for (const p of group.processes) {
    if (seen.has(p.name)) {
      ctx.warnings.push(
        `group '${group.name}' has two processes named '${p.name}': only one of them can run; ` +
          `give the programs distinct process_name values`,
      );
    }
    seen.add(p.name);
  }
}

/** Reads all group, program, eventlistener and fcgi-program sections of `doc`. */
export function readGroups(doc: IniDocument, ctx: LoadContext): GroupConfig[] {
  const sections = [...doc.sections.keys()];
  const reader = (name: string): SectionReader => new SectionReader(doc, name);
  const common: Names = { ...ctx.envNames, here: ctx.here };
  const inGroups = new Set<string>();
  const groups: GroupConfig[] = [];

  for (const section of sections.filter((s) => s.startsWith("group:"))) {
    const r = reader(section);
    const name = groupNameOf(r);
    const programs = parseListOfStrings(r.string("programs", common) ?? "");
    const priority = r.convert("priority", common, "999", parseInteger);
    const processes: ProcessConfig[] = [];
    for (const program of programs) {
      const asProgram = `program:${program}`;
      const asFcgi = `fcgi-program:${program}`;
      const hasProgram = doc.sections.has(asProgram);
      const hasFcgi = doc.sections.has(asFcgi);
      if (!hasProgram && !hasFcgi) {
        throw r.error(
          `program '${program}' is not defined; add a [program:${program}] section or remove it from programs`,
          "programs",
        );
      }
      if (hasProgram && hasFcgi) {
        throw r.error(
          `'${program}' is ambiguous: both [program:${program}] and [fcgi-program:${program}] exist; rename one`,
          "programs",
        );
      }
      const section = hasFcgi ? asFcgi : asProgram;
      inGroups.add(section);
      processes.push(...processesFromSection(reader(section), name, ctx));
    }
    if (programs.length === 0) {
      ctx.warnings.push(`[${section}] (${r.source.file}:${r.source.line}) lists no programs: the group is empty`);
    }
    groups.push({ name, priority, processes, source: r.source });
  }

  for (const section of sections.filter((s) => s.startsWith("program:") && !inGroups.has(s))) {
    const r = reader(section);
    const name = programNameOf(r);
    // supervisord reads the group's priority with `here` and ENV_* only, before the program's options.
    const priority = r.convert("priority", common, "999", parseInteger);
    groups.push({ name, priority, processes: processesFromSection(r, name, ctx), source: r.source });
  }

  // After the programs, as supervisord reads them.
  for (const section of sections.filter((s) => s.startsWith("eventlistener:"))) {
    groups.push(listenerPoolFromSection(reader(section), ctx));
  }

  for (const section of sections.filter((s) => s.startsWith("fcgi-program:") && !inGroups.has(s))) {
    const r = reader(section);
    const name = programNameOf(r);
    const priority = r.convert("priority", common, "999", parseInteger);
    const fcgiSocket = fcgiSocketFromSection(r, name, ctx);
    groups.push({ name, priority, processes: processesFromSection(r, name, ctx), source: r.source, fcgiSocket });
  }

  groups.sort((a, b) => a.priority - b.priority || compareText(a.name, b.name));
  const result: GroupConfig[] = [];
  for (const group of groups) {
    const first = result.find((g) => g.name === group.name);
    if (first) {
      ctx.warnings.push(
        `two groups are named '${group.name}' (${first.source.file}:${first.source.line} and ` +
          `${group.source.file}:${group.source.line}): only the first is used, as supervisord does; rename one`,
      );
      continue;
    }
    warnDuplicateProcesses(group, ctx);
    result.push(group);
  }
  return result;
}
