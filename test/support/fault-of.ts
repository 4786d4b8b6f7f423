// The RpcFault an XML-RPC handler's promise rejects with, for tests that check fault codes.
import { RpcFault } from "../../src/api/faults.ts";

/** The RpcFault `p` rejects with; fails the test when it resolves or throws something else. */
export async function faultOf(p: Promise<unknown>): Promise<RpcFault> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RpcFault) return err;
    throw err;
  }
  throw new Error("expected a fault, the call succeeded");
}
