/**
 * TalentLMS's hourly call quota as a budget: the node reads GET /ratelimit (free) before the first
 * call and, when a run needs more calls than are left, stops with the numbers before spending any
 * (or warns and runs, as the user chooses). Find or Create spends one call on a new hire.
 */
import type { IDataObject } from 'n8n-workflow';

import { TalentLmsApi } from '../../credentials/TalentLmsApi.credentials';
import { TalentLms } from '../../nodes/TalentLms/TalentLms.node';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { TALENTLMS_API_KEY } from '../../sandbox/talentlms/simulator';
import { runWorkflow } from './harness';

jest.setTimeout(60_000);

const TYPE = 'n8n-nodes-lms-provisioning.talentLms';
let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({
		vendors: ['talentlms'],
		seed: { users: 5, courses: 1, groups: 0, completions: 0 },
	});
});
afterAll(() => sb.close());
beforeEach(() => {
	sb.reset({ users: 5, courses: 1, groups: 0, completions: 0 });
	sb.clearFaults();
});

const setQuota = (quota: number | null) =>
	sb.simulators.talentlms!.control!('setHourlyQuota', { quota }, Date.now());
const hires = (count: number): IDataObject[] =>
	Array.from({ length: count }, (_, n) => ({ email: `quota-${n}@example.com` }));

function findOrCreate(input: IDataObject[], quotaCheck?: string, maxWaitMinutes?: number) {
	return runWorkflow({
		nodeTypes: { [TYPE]: TalentLms },
		credentialTypes: [TalentLmsApi],
		credentials: { talentLmsApi: { domain: sb.urls.talentlms, apiKey: TALENTLMS_API_KEY } },
		nodes: [
			{
				name: 'TalentLMS',
				type: TYPE,
				parameters: {
					resource: 'user',
					operation: 'findOrCreate',
					email: '={{ $json.email }}',
					firstName: 'Quota',
					lastName: 'Test',
					...(quotaCheck ? { quotaCheck } : {}),
					...(maxWaitMinutes === undefined ? {} : { maxWaitMinutes }),
				},
				onError: 'continueRegularOutput',
			},
		],
		input,
	});
}

const spent = () =>
	sb.requestLog('talentlms').filter((entry) => !entry.path.endsWith('/ratelimit'));

describe('TalentLMS hourly quota', () => {
	it('stops before any call when the run needs more calls than are left, naming the numbers', async () => {
		setQuota(10);
		const result = await findOrCreate(hires(12));
		expect(result.error?.message).toMatch(
			/needs at least 12 TalentLMS calls \(one per item\), and 10 of the hourly call quota of 10 are left/,
		);
		expect(spent()).toEqual([]);
	});

	it('runs when what is left covers it, one call per new hire (the create)', async () => {
		setQuota(10);
		const result = await findOrCreate(hires(8));
		if (result.error) throw result.error;
		expect(result.output('TalentLMS').map((item) => item.json.action)).toEqual(
			Array(8).fill('created'),
		);
		expect(spent().map((entry) => `${entry.method} ${entry.path}`)).toEqual(
			Array(8).fill('POST /api/v1/usersignup'),
		);
	});

	it('warns and runs when the user chose so: what the quota covers is done, the rest says 429', async () => {
		setQuota(10);
		const result = await findOrCreate(hires(12), 'warn', 0);
		if (result.error) throw result.error;
		const out = result.output('TalentLMS').map((item) => item.json);
		expect(out.filter((item) => item.action === 'created')).toHaveLength(10);
		const failed = out.filter((item) => item.error !== undefined);
		expect(failed).toHaveLength(2);
		for (const item of failed) expect(String(item.error)).toMatch(/429/);
	});
});
