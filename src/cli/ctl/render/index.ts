// The ctl's output layer: records commands report, and the text (supervisorctl) and JSON
// (--json) renderers that show them.

export { jsonText, type JsonSource } from "./json-text.ts";
export { JsonRenderer } from "./json-renderer.ts";
export {
  failureOf,
  failureStruct,
  faultError,
  outcomeStruct,
  type Failure,
  type FailureKind,
  type Outcome,
  type TargetError,
} from "./records.ts";
export { TextRenderer, type Renderer } from "./renderer.ts";
