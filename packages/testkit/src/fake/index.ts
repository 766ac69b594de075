export { STATE_CHANGE_IN_PROGRESS } from './errors.js';
export { DEFAULT_UNKNOWN_STATE } from './fault-effects.js';
export type {
  Fault,
  FaultHandle,
  FaultRule,
  HangFault,
  LatencyFault,
  MalformedJsonFault,
  MissingFieldFault,
  MissingStateFault,
  ResetFault,
  StatusFault,
  UnknownStateFault,
} from './faults.js';
export type { LifecycleTiming } from './lifecycle.js';
export type { RecordedRequest, RecordedResponse } from './request-log.js';
export {
  DEFAULT_FAKE_API_KEY,
  DEFAULT_FAKE_ORGANIZATION_ID,
  DEFAULT_TRANSITION_DELAY_MS,
  type FakeDaytona,
  type FakeDaytonaOptions,
  type FakeFaults,
  type SetStateDetails,
  startFakeDaytona,
} from './server.js';
export {
  startValidatedFakeDaytona,
  type ValidatedFakeDaytona,
  type ValidatedFakeDaytonaOptions,
} from './validated.js';
export type {
  OperationId,
  SandboxDesiredState,
  SandboxState,
  WireError,
  WireListPage,
  WireSandbox,
  WireSandboxListItem,
} from './wire.js';
export { SANDBOX_STATES } from './wire.js';
