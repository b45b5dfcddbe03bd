import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	INodeProperties,
	INodeType,
} from 'n8n-workflow';

import { GrowWebhookTrigger } from '../../../nodes/Grow/GrowWebhookTrigger.node';
import { LearnUponWebhookTrigger } from '../../../nodes/LearnUpon/LearnUponWebhookTrigger.node';
import { LearnWorldsWebhookTrigger } from '../../../nodes/LearnWorlds/LearnWorldsWebhookTrigger.node';
import { learnUponWebhooks } from '../../../nodes/shared/vendors/learnupon/webhooks';
import { growWebhooks } from '../../../nodes/shared/vendors/grow';
import { learnWorldsWebhooks } from '../../../nodes/shared/vendors/learnworlds/webhooks';

const NODES = [
	{
		node: new LearnWorldsWebhookTrigger(),
		vendor: learnWorldsWebhooks,
		where: 'Settings › Developers › Webhooks',
	},
	{ node: new GrowWebhookTrigger(), vendor: growWebhooks, where: 'Plenum' },
	{ node: new LearnUponWebhookTrigger(), vendor: learnUponWebhooks, where: 'LearnUpon support' },
];

const property = (node: INodeType, name: string) =>
	node.description.properties.find((p) => p.name === name) as INodeProperties;

describe.each(NODES)('$vendor.name Webhook Trigger description', ({ node, vendor, where }) => {
	it('listens on one POST endpoint and uses its own webhook credential, tested by the node', () => {
		expect(node.description.webhooks).toEqual([
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		]);
		expect(node.description.credentials).toEqual([
			{ name: vendor.credentialType, required: true, testedBy: 'checkWebhookSecret' },
		]);
		expect(node.description.polling).toBeUndefined();
		expect(node.description.inputs).toEqual([]);
	});

	it('offers exactly the vendor’s events, and the canvas subtitle names each of them', () => {
		const options = (property(node, 'event').options ?? []) as Array<{ value: string }>;
		expect(options.map((o) => o.value)).toEqual(vendor.events.map((e) => e.name));
		expect(property(node, 'event').default).toBe(options[0].value);
		for (const event of vendor.events)
			expect(node.description.subtitle).toContain(`"${event.name}"`);
	});

	it('tells step by step where the URL goes and where the secret is, and that polling backfills', () => {
		const notice = property(node, 'setupNotice');
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toContain(where);
		expect(notice.displayName).toMatch(/1\. .*<br>2\. .*<br>3\. /);
		expect(notice.displayName).toMatch(/Production URL/);
		expect(notice.displayName).toMatch(/secret|signature/i);
		expect(notice.displayName).toContain(`polling ${vendor.name} Trigger`);
	});

	it("the credential's Test button checks the secret is there and whole", async () => {
		const test = node.methods!.credentialTest!.checkWebhookSecret;
		const run = (data: ICredentialDataDecryptedObject) =>
			test.call({} as ICredentialTestFunctions, {
				id: '1',
				name: 'c',
				type: vendor.credentialType,
				data,
			});
		expect(await run({ signingSecret: '' })).toMatchObject({ status: 'Error' });
		expect(await run({ signingSecret: 'a b' })).toMatchObject({ status: 'Error' });
		expect(await run({ signingSecret: 'v1=abcdef' })).toMatchObject({ status: 'OK' });
	});
});
