import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import {
	buildWebhookTriggerDescription,
	receiveWebhook,
	webhookCredentialTest,
} from '../shared/n8n';
import { learnWorldsWebhooks } from '../shared/vendors/learnworlds/webhooks';

// LearnWorlds offers no API to register a webhook endpoint, so there is no webhookMethods
// lifecycle: the user pastes the URL into the school (setup steps below).
export class LearnWorldsWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		...buildWebhookTriggerDescription(learnWorldsWebhooks, {
			displayName: 'LearnWorlds Webhook Trigger',
			name: 'learnWorldsWebhookTrigger',
			icon: { light: 'file:learnworlds.svg', dark: 'file:learnworlds.dark.svg' },
			description:
				'Starts the workflow the moment LearnWorlds sends a webhook: course completed, user enrolled or unenrolled, user registered or updated',
			setupSteps: [
				'Activate this workflow, then copy the Production URL from Webhook URLs above.',
				'In LearnWorlds, open Settings › Developers › Webhooks and add a webhook for the event picked below, with that URL.',
				'On the same page, copy the webhook signature (it starts with "v1=") into this node\'s LearnWorlds Webhook credential.',
			],
		}),
		// Repeated as literals: n8n's lint reads these from the class, not from the builder.
		icon: { light: 'file:learnworlds.svg', dark: 'file:learnworlds.dark.svg' },
		subtitle:
			'={{ {"courseCompleted": "Course completed", "userEnrolled": "User enrolled", "userUnenrolled": "User unenrolled", "userUpdated": "User registered or updated"}[$parameter["event"]] }}',
		credentials: [
			{ name: 'learnWorldsWebhookApi', required: true, testedBy: 'checkWebhookSecret' },
		],
	};

	methods = { credentialTest: { checkWebhookSecret: webhookCredentialTest(learnWorldsWebhooks) } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveWebhook.call(this, learnWorldsWebhooks);
	}
}
