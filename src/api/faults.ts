// XML-RPC fault codes of Supervisor and Supvisors (RPC-FLT) and the error that carries one.

export const Faults = {
  UNKNOWN_METHOD: 1,
  INCORRECT_PARAMETERS: 2,
  BAD_ARGUMENTS: 3,
  SIGNATURE_UNSUPPORTED: 4,
  SHUTDOWN_STATE: 6,
  BAD_NAME: 10,
  BAD_SIGNAL: 11,
  NO_FILE: 20,
  NOT_EXECUTABLE: 21,
  FAILED: 30,
  ABNORMAL_TERMINATION: 40,
  SPAWN_ERROR: 50,
  ALREADY_STARTED: 60,
  NOT_RUNNING: 70,
  SUCCESS: 80,
  ALREADY_ADDED: 90,
  STILL_RUNNING: 91,
  CANT_REREAD: 92,
  SUPVISORS_CONF_ERROR: 100,
  BAD_SUPVISORS_STATE: 101,
  NOT_MANAGED: 102,
  DISABLED: 103,
  NOT_APPLICABLE: 104,
  NOT_INSTALLED: 105,
} as const;
export type FaultName = keyof typeof Faults;
export type FaultCode = (typeof Faults)[FaultName];

const faultNames = new Map<number, FaultName>(
  Object.entries(Faults).map(([name, code]) => [code, name as FaultName]),
);

export function faultName(code: number): FaultName | undefined {
  return faultNames.get(code);
}

/**
 * A fault as the API returns it. The string follows RPC-GEN-04: `NAME` or `NAME: detail`.
 * @example throw new RpcFault(Faults.BAD_NAME, "foo")  // faultString "BAD_NAME: foo"
 */
export class RpcFault extends Error {
  readonly faultString: string;
  constructor(
    readonly code: number,
    readonly detail: string = "",
  ) {
    const name = faultName(code) ?? "UNKNOWN";
    const text = detail === "" ? name : `${name}: ${detail}`;
    super(text);
    this.name = "RpcFault";
    this.faultString = text;
  }
}
