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
import { learnUponWebhooks } from '../shared/vendors/learnupon/webhooks';

// LearnUpon offers no API to register a webhook endpoint, so there is no webhookMethods
// lifecycle: support switches webhooks on, the admin pastes the URL into the portal.
export class LearnUponWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		...buildWebhookTriggerDescription(learnUponWebhooks, {
			displayName: 'LearnUpon Webhook Trigger',
			name: 'learnUponWebhookTrigger',
			icon: { light: 'file:learnupon.svg', dark: 'file:learnupon.dark.svg' },
			description:
				'Starts the workflow the moment LearnUpon sends a webhook: course, module, exam or learning path completed',
			setupSteps: [
				'Ask LearnUpon support to switch webhooks on for your portal (version 2.0 unless you already consume version 1).',
				'Activate this workflow, then copy the Production URL from Webhook URLs above.',
				"In the portal's webhook settings (see LearnUpon's Knowledge Base for the exact page), paste that URL as the destination; with version 2.0 also pick the event chosen below.",
				"Copy the portal's webhook signing secret into this node's LearnUpon Webhook credential and pick the same webhook version there.",
			],
		}),
		// Repeated as literals: n8n's lint reads these from the class, not from the builder.
		icon: { light: 'file:learnupon.svg', dark: 'file:learnupon.dark.svg' },
		subtitle:
			'={{ {"courseCompleted": "Course completed", "moduleCompleted": "Module completed", "examCompleted": "Exam completed", "learningPathCompleted": "Learning path completed"}[$parameter["event"]] }}',
		credentials: [{ name: 'learnUponWebhookApi', required: true, testedBy: 'checkWebhookSecret' }],
	};

	methods = { credentialTest: { checkWebhookSecret: webhookCredentialTest(learnUponWebhooks) } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveWebhook.call(this, learnUponWebhooks);
	}
}
