// The values XML-RPC carries, as TypeScript sees them.
//
// Mapping: integer number -> <int> (or <i8> beyond 32 bits), Double -> <double> (also any
// non-integer number), string, boolean, Date -> <dateTime.iso8601> (UTC), Uint8Array ->
// <base64>, array, plain object -> <struct>, null -> <nil/>.

/** Forces <double> for a whole number: Python clients see 2.0, not 2. */
export class Double {
  constructor(readonly value: number) {}

  /** JSON doors (events, REST) carry the number itself. */
  toJSON(): number {
    return this.value;
  }
}

export type XmlRpcValue =
  | number
  | bigint
  | Double
  | string
  | boolean
  | Date
  | Uint8Array
  | null
  | XmlRpcValue[]
  | { [key: string]: XmlRpcValue };

export interface XmlRpcCall {
  method: string;
  params: XmlRpcValue[];
}
