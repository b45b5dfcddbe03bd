/**
 * Workflow-test harness: runs this package's nodes through n8n-core's real execution engine
 * (WorkflowExecute, PollContext/PollTriggerExecutor) inside jest, without a full n8n.
 */
export { runWorkflow } from './run-workflow';
export type { HarnessNode, RunWorkflowOptions, WorkflowRunResult } from './run-workflow';
export { createPollHarness } from './poll';
export type { PollHarness, PollHarnessOptions, PollOptions } from './poll';
export { createWebhookHarness } from './webhook';
export type { Delivery, DeliveryResult, WebhookHarness, WebhookHarnessOptions } from './webhook';
export { CredentialStore, HarnessCredentialsHelper, CredentialTypeRegistry } from './credentials';
export type { CredentialTypeInput, CredentialsInput } from './credentials';
export { MANUAL_TRIGGER_NAME, MANUAL_TRIGGER_TYPE } from './node-types';
export type { NodeTypeInput } from './node-types';
