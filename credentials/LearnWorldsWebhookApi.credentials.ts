import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The value LearnWorlds puts in every webhook's `Learnworlds-Webhook-Signature` header. A
 * credential of its own: receiving webhooks needs no API access, and a school may give the n8n
 * admin this value without the API client secret.
 */
export class LearnWorldsWebhookApi implements ICredentialType {
	name = 'learnWorldsWebhookApi';

	displayName = 'LearnWorlds Webhook API';

	icon: Icon = { light: 'file:learnworlds.svg', dark: 'file:learnworlds.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-lms-provisioning#learnworlds';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook Signature',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'LearnWorlds → Settings → Developers → Webhooks: the webhook signature shown there (with or without its "v1=" prefix). LearnWorlds sends it with every webhook; a request without it is refused.',
		},
	];
}
