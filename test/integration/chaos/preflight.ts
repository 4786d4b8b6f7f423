// Whether the chaos tests can run on this machine, and if not, why: they need root, `ip`
// (iproute2), `nft` (nftables) and `timeout` (coreutils), and a kernel that lets them create a
// network namespace and load a firewall table inside it. The answer is a sentence for the skip
// line, or null.

import { command, tryCommand, which } from "./command.ts";

let cached: string | null | undefined;

function probe(): string | null {
  if (process.platform !== "linux") return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return "network namespaces and nftables need root";
  for (const [tool, pkg] of [["ip", "iproute2"], ["nft", "nftables"], ["timeout", "coreutils"]] as const) {
    if (which(tool) === null) return `\`${tool}\` is not installed (apt-get install -y ${pkg})`;
  }
  const ns = `flc-${process.pid}-probe`;
  const add = tryCommand(["ip", "netns", "add", ns]);
  if (add.code !== 0) return `cannot create a network namespace: ${add.stderr.trim()}`;
  try {
    const nft = tryCommand(["ip", "netns", "exec", ns, "nft", "add", "table", "inet", "probe"]);
    if (nft.code !== 0) return `cannot load an nftables table in a namespace: ${nft.stderr.trim()}`;
    return null;
  } finally {
    command(["ip", "netns", "del", ns]);
  }
}

/** Null when the chaos tests can run here; else why not (asked once per process). */
export function chaosUnavailable(): string | null {
  if (cached === undefined) cached = probe();
  return cached;
}
