import * as fs from 'node:fs';
import * as path from 'node:path';

import type { ICredentialDataDecryptedObject, ICredentialType, INodeType } from 'n8n-workflow';

import { GrowApi } from '../../credentials/GrowApi.credentials';
import { LearningPoolApi } from '../../credentials/LearningPoolApi.credentials';
import { LearnUponApi } from '../../credentials/LearnUponApi.credentials';
import { LearnWorldsApi } from '../../credentials/LearnWorldsApi.credentials';
import { TalentLmsApi } from '../../credentials/TalentLmsApi.credentials';
import { GrowTrigger } from '../../nodes/Grow/GrowTrigger.node';
import { LearningPoolTrigger } from '../../nodes/LearningPool/LearningPoolTrigger.node';
import { LearnUponTrigger } from '../../nodes/LearnUpon/LearnUponTrigger.node';
import { LearnWorldsTrigger } from '../../nodes/LearnWorlds/LearnWorldsTrigger.node';
import { TalentLmsTrigger } from '../../nodes/TalentLms/TalentLmsTrigger.node';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { CredentialStore, createPollHarness } from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { addFreshCompletions } = require('../../scripts/demo-events.js') as {
	addFreshCompletions(sandbox: Record<string, { url: string }>): Promise<Record<string, number>>;
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fill } = require('../e2e/lib/templates.js') as {
	fill(value: unknown, vars: unknown, where: string): ICredentialDataDecryptedObject;
};

jest.setTimeout(60_000);

/**
 * `npm start`'s promise: after it completes open enrollments, a Course Completed trigger's
 * "Fetch Test Event" (manual mode) shows them, with the demo credentials as they are imported.
 */
const VENDORS: Array<{
	vendor: string;
	credentialType: string;
	credential: new () => ICredentialType;
	trigger: new () => INodeType;
}> = [
	{
		vendor: 'talentlms',
		credentialType: 'talentLmsApi',
		credential: TalentLmsApi,
		trigger: TalentLmsTrigger,
	},
	{
		vendor: 'learnupon',
		credentialType: 'learnUponApi',
		credential: LearnUponApi,
		trigger: LearnUponTrigger,
	},
	{
		vendor: 'learnworlds',
		credentialType: 'learnWorldsApi',
		credential: LearnWorldsApi,
		trigger: LearnWorldsTrigger,
	},
	{ vendor: 'grow', credentialType: 'growApi', credential: GrowApi, trigger: GrowTrigger },
	{
		vendor: 'learningpool',
		credentialType: 'learningPoolApi',
		credential: LearningPoolApi,
		trigger: LearningPoolTrigger,
	},
];

const demoCredentials = JSON.parse(
	fs.readFileSync(path.join(__dirname, '../../demo/credentials.json'), 'utf8'),
) as Record<string, { data: Record<string, string> }>;

describe("npm start's fresh completions", () => {
	let sandbox: Sandbox;
	let made: Record<string, number>;
	const startedAt = Date.now();

	beforeAll(async () => {
		sandbox = await startSandbox({ vendors: VENDORS.map((v) => v.vendor) as never });
		const urls = Object.fromEntries(
			Object.entries(sandbox.urls).map(([vendor, url]) => [vendor, { url: url as string }]),
		);
		made = await addFreshCompletions(urls);
	});
	afterAll(() => sandbox.close());

	/** The demo credential's data with its sandbox placeholders filled in, as npm start does. */
	function demoData(credentialType: string, vendor: string): ICredentialDataDecryptedObject {
		const simulator = sandbox.simulators[vendor as keyof typeof sandbox.simulators]!;
		const vars = {
			sandbox: {
				[vendor]: {
					url: sandbox.urls[vendor as keyof typeof sandbox.urls],
					credentials: simulator.credentials,
				},
			},
		};
		return fill(demoCredentials[credentialType].data, vars, 'demo/credentials.json');
	}

	it.each(VENDORS)(
		'$vendor: Fetch Test Event shows the two completions made at start-up',
		async ({ vendor, credentialType, credential, trigger }) => {
			expect(made[vendor]).toBe(2);
			const poller = createPollHarness({
				nodeType: trigger,
				credentialTypes: [credential],
				credentials: new CredentialStore({ [credentialType]: demoData(credentialType, vendor) }),
				parameters: {
					event: 'courseCompleted',
					course: { __rl: true, mode: 'list', value: '' },
					options: {},
				},
			});
			const sample = await poller.poll({ mode: 'manual' });
			const recent = sample.filter((item) => {
				const at = Date.parse(String(item.json.completedAt));
				return at >= startedAt - 1_000;
			});
			expect(recent).toHaveLength(2);
		},
	);
});
