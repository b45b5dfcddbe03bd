import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The signing secret Plenum configures for a Grow webhook endpoint at onboarding. A credential of
 * its own: receiving webhooks needs no API access.
 */
export class GrowWebhookApi implements ICredentialType {
	name = 'growWebhookApi';

	displayName = 'Grow Webhook API';

	icon: Icon = { light: 'file:grow.svg', dark: 'file:grow.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-lms-provisioning#grow';

	properties: INodeProperties[] = [
		{
			displayName: 'Webhook Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The pre-shared webhook secret your Plenum engagement lead gives you when they subscribe this endpoint',
		},
		{
			displayName: 'Signature Check',
			name: 'signatureScheme',
			type: 'options',
			default: 'preShared',
			options: [
				{
					name: 'Pre-Shared Signature (as LearnWorlds)',
					value: 'preShared',
					description:
						'The Learnworlds-Webhook-Signature header carries "v1=" and the secret itself',
				},
				{
					name: 'HMAC-SHA256 of the Body',
					value: 'hmacSha256',
					description:
						'The header carries "v1=" and the hex HMAC-SHA256 of the request body under the secret',
				},
			],
			description:
				"Grow sends LearnWorlds' envelope and header; which of the two its signature is has to be confirmed with Plenum at onboarding",
		},
	];
}
