// Log files of supervisord and its children: rotation, the activity log, reading logs back for the
// API, following them live, AUTO child log names, ANSI stripping and capture mode. This file is
// the folder's public face.

export { RotatingLogFile, LogFileError, type LogFileOperation, type RotatingLogFileOptions } from "./rotating-log-file.ts";
export { shouldRotate, rotationSteps, type RotationStep } from "./rotation.ts";
export { MainLogger, SYSLOG_TARGET, type MainLoggerOptions } from "./main-logger.ts";
export {
  LevelTags,
  levelNumber,
  formatLogLine,
  supvisorsLineFormat,
  type LineFormat,
  formatLogTimestamp,
  type LogLevel,
  type LogLevelNumber,
} from "./log-format.ts";
export { readLogRange, tailLogFile, decodeLogBytes } from "./read-log.ts";
export { LogFollower, type FollowSink, type FollowStart, type RestartReason } from "./log-follower.ts";
export { readWindow, tailWindow, type ReadWindow, type TailWindow } from "./log-window.ts";
export {
  autoChildLogPath,
  autoChildLogPrefix,
  cleanupAutoChildLogs,
  isAutoChildLogName,
  type AutoChildLogOptions,
  type LogChannel,
} from "./auto-child-logs.ts";
export { AnsiStripper, stripAnsi } from "./ansi.ts";
export { childOutputLogMessage, outputText, pyBytesRepr } from "./child-output.ts";
export {
  BoundBuffer,
  CAPTURE_BEGIN_TOKEN,
  CAPTURE_END_TOKEN,
  CaptureSplitter,
  findPrefixAtEnd,
  type CaptureAction,
} from "./capture-mode.ts";
