import { expect, test } from "bun:test";
import type { NetworkInterfaceInfo } from "node:os";
import { localNetworkInfo } from "../../../src/node/network-info.ts";

const nic = (address: string, mac: string, internal: boolean, family: "IPv4" | "IPv6" = "IPv4"): NetworkInterfaceInfo =>
  ({ address, mac, internal, family, netmask: family === "IPv4" ? "255.255.255.0" : "ffff::", cidr: null }) as NetworkInterfaceInfo;

test("machine id is the first real interface's MAC; every IPv4 interface is listed, IPv6-only ones are not", () => {
  const info = localNetworkInfo(
    {
      lo: [nic("127.0.0.1", "00:00:00:00:00:00", true)],
      eth0: [nic("10.1.2.3", "aa:bb:cc:dd:ee:ff", false), nic("10.1.2.4", "aa:bb:cc:dd:ee:ff", false)],
      wg0: [nic("fd00::1", "00:00:00:00:00:00", false, "IPv6")],
    },
    "node1",
  );
  expect(info.machine_id).toBe("aa:bb:cc:dd:ee:ff");
  expect(info.fqdn).toBe("node1");
  expect(Object.keys(info.addresses)).toEqual(["lo", "eth0"]);
  expect(info.addresses.eth0).toEqual({
    host_name: "node1",
    aliases: [],
    ipv4_addresses: ["10.1.2.3", "10.1.2.4"],
    nic_info: { nic_name: "eth0", ipv4_address: "10.1.2.3", netmask: "255.255.255.0" },
  });
});

test("a host with loopback only has the null machine id", () => {
  expect(localNetworkInfo({ lo: [nic("127.0.0.1", "00:00:00:00:00:00", true)] }, "h").machine_id).toBe("00:00:00:00:00:00");
});
