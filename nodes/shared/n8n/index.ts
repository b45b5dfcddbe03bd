export {
	buildActionDescription,
	findOperation,
	offeredOperations,
	type NodeIdentity,
} from './description';
export { buildMethods } from './listSearch';
export { runActionNode } from './itemRunner';
export { pollEvents } from './poller';
export { triggerProperties } from './triggerDescription';
export { buildTriggerDescription } from './triggerDescription';
export { connect, n8nClock } from './connect';
export {
	buildWebhookTriggerDescription,
	receiveWebhook,
	webhookCredentialTest,
	type WebhookTriggerIdentity,
} from './webhookTrigger';
