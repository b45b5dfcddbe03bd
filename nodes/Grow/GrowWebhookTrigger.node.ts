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
import { growWebhooks } from '../shared/vendors/grow';

// Plenum subscribes the endpoint at onboarding (no API to register one), so there is no
// webhookMethods lifecycle.
export class GrowWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		...buildWebhookTriggerDescription(growWebhooks, {
			displayName: 'Grow Webhook Trigger',
			name: 'growWebhookTrigger',
			icon: { light: 'file:grow.svg', dark: 'file:grow.dark.svg' },
			description:
				'Starts the workflow the moment Grow sends a webhook: course completed, user enrolled or unenrolled, user registered or updated',
			setupSteps: [
				'Activate this workflow, then copy the Production URL from Webhook URLs above.',
				'Send it to your Plenum engagement lead and ask them to subscribe it to the event picked below for your environment (Plenum does this once, at onboarding).',
				"Put the webhook secret Plenum gives you into this node's Grow Webhook credential, and ask them whether the signature is the secret itself or an HMAC of the body (the credential's Signature Check).",
			],
		}),
		// Repeated as literals: n8n's lint reads these from the class, not from the builder.
		icon: { light: 'file:grow.svg', dark: 'file:grow.dark.svg' },
		subtitle:
			'={{ {"courseCompleted": "Course completed", "userEnrolled": "User enrolled", "userUnenrolled": "User unenrolled", "userUpdated": "User registered or updated"}[$parameter["event"]] }}',
		credentials: [{ name: 'growWebhookApi', required: true, testedBy: 'checkWebhookSecret' }],
	};

	methods = { credentialTest: { checkWebhookSecret: webhookCredentialTest(growWebhooks) } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveWebhook.call(this, growWebhooks);
	}
}
