// Debian's python3 for the tests that check Flotilla with real Python clients (libzmq through
// python3-zmq, python3-websockets, Prometheus' parser). Always /usr/bin/python3: a python3 earlier
// on PATH (pyenv, a virtualenv) does not see the Debian packages `.ci/run` installs.

import { existsSync } from "node:fs";

export const PYTHON = "/usr/bin/python3";

/**
 * Why `module` cannot be imported, or null when it can: the tests that need it are skipped with
 * this reason.
 * @example const missing = pythonModuleMissing("zmq", "python3-zmq")
 */
export function pythonModuleMissing(module: string, debianPackage: string): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} is not installed (install python3 and ${debianPackage})`;
  const probe = Bun.spawnSync([PYTHON, "-c", `import ${module}`], { stdout: "ignore", stderr: "ignore" });
  return probe.exitCode === 0 ? null : `${PYTHON} cannot import ${module} (install the Debian package ${debianPackage})`;
}
