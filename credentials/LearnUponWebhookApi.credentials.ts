import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The secret a LearnUpon portal signs its webhooks with, and which webhook version it sends. A
 * credential of its own: receiving webhooks needs no API username and password.
 */
export class LearnUponWebhookApi implements ICredentialType {
	name = 'learnUponWebhookApi';

	displayName = 'LearnUpon Webhook API';

	icon: Icon = { light: 'file:learnupon.svg', dark: 'file:learnupon.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-lms-provisioning#learnupon';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook Version',
			name: 'webhookVersion',
			type: 'options',
			default: 'v2',
			options: [
				{
					name: 'Version 2.0',
					value: 'v2',
					description: 'Signed in the X-Webhook-Signature header (HMAC-SHA256 of the body)',
				},
				{
					name: 'Version 1',
					value: 'v1',
					description: 'Signed inside the body, in header.signature (MD5)',
				},
			],
			description:
				'The webhook version your portal sends. LearnUpon verifies the two differently; you can run both, each with its own URL.',
		},
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"The secret shown in your portal's webhook settings (LearnUpon support switches webhooks on for the portal first)",
		},
	];
}
