/**
 * The simulators' outgoing webhooks over the sandbox's HTTP control API, checked against the
 * vendors' documented envelopes and signatures with digests computed here, independently of the
 * simulator's own code: LearnWorlds' pre-shared header, LearnUpon v2's batches and HMAC header,
 * LearnUpon v1's signed body.
 */
import { createHash, createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { startSandbox, type Sandbox } from '../../sandbox/server';

interface Received {
	path: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

let sandbox: Sandbox;
let receiver: http.Server;
let base: string;
let received: Received[] = [];
let answerStatus = 200;

const control = async (vendor: string, action: string, args: object = {}) => {
	const res = await fetch(`${sandbox.urls[vendor as 'learnupon']}/__sandbox/control/${action}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(args),
	});
	return { status: res.status, body: (await res.json()) as { result: any; error?: string } };
};

beforeAll(async () => {
	sandbox = await startSandbox({
		vendors: ['learnupon', 'learnworlds'],
		seed: { users: 30, courses: 3, groups: 1, completions: 0 },
	});
	receiver = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			received.push({ path: req.url ?? '', headers: req.headers, body });
			res.writeHead(answerStatus, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await sandbox.close();
	await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(async () => {
	received = [];
	answerStatus = 200;
	for (const vendor of ['learnupon', 'learnworlds']) await control(vendor, 'unregisterWebhooks');
	sandbox.reset();
});

describe('sandbox webhooks', () => {
	it('the webhook secret is part of each simulator’s demo credentials', async () => {
		const info = (await (await fetch(`${sandbox.urls.learnworlds}/__sandbox/info`)).json()) as {
			credentials: Record<string, string>;
		};
		expect(info.credentials.webhookSecret).toMatch(/^v1=/);
		expect(sandbox.simulators.learnupon!.credentials.webhookSecret).toBeTruthy();
	});

	it('sends nothing until a URL is registered, then what happens, signed as LearnWorlds documents', async () => {
		const state = sandbox.state('learnworlds') as {
			progress: Array<{ userId: string; course_id: string; status: string }>;
		};
		const open = state.progress.find((p) => p.status !== 'completed')!;
		const other = state.progress.filter((p) => p.status !== 'completed')[1];
		await control('learnworlds', 'completeCourse', {
			userId: other.userId,
			courseId: other.course_id,
		});
		await control('learnworlds', 'registerWebhook', { url: `${base}/lw` });
		await control('learnworlds', 'completeCourse', {
			userId: open.userId,
			courseId: open.course_id,
		});
		const { body } = await control('learnworlds', 'webhookDeliveries');
		expect(body.result.deliveries.map((d: { status: number }) => d.status)).toEqual([200]);
		expect(received).toHaveLength(1);
		const [delivery] = received;
		expect(delivery.headers['learnworlds-webhook-signature']).toBe(
			sandbox.simulators.learnworlds!.credentials.webhookSecret,
		);
		expect(JSON.parse(delivery.body)).toMatchObject({
			version: 2,
			type: 'courseCompleted',
			trigger: 'course_completed',
			data: { course: { id: open.course_id }, user: { id: open.userId } },
		});
	});

	it('LearnUpon v2: the type and an HMAC-SHA256 of the exact body in headers, the events under `data`', async () => {
		const secret = 'test-secret';
		await control('learnupon', 'registerWebhook', { url: `${base}/lu`, secret });
		const state = sandbox.state('learnupon') as {
			enrollments: Array<{ id: number; status: string }>;
		};
		const open = state.enrollments.filter(
			(e) => !['completed', 'passed', 'failed'].includes(e.status),
		);
		// Each completion is its own delivery, sent after the call that made it.
		for (const e of open.slice(0, 3))
			await control('learnupon', 'completeEnrollment', { enrollmentId: e.id });
		await control('learnupon', 'webhookDeliveries');
		expect(received.length).toBe(3);
		for (const delivery of received) {
			expect(delivery.headers['x-webhook-type']).toBe('course_completion');
			expect(delivery.headers['x-webhook-signature']).toBe(
				createHmac('sha256', secret).update(delivery.body).digest('hex'),
			);
			expect(JSON.parse(delivery.body).data).toHaveLength(1);
		}
		received = [];
		const forged = await control('learnupon', 'sendWebhook', {
			type: 'course_completion',
			enrollmentId: open[0].id,
			signature: 'forged',
		});
		expect(forged.body.result.deliveries).toHaveLength(1);
		expect(received[0].headers['x-webhook-signature']).not.toBe(
			createHmac('sha256', secret).update(received[0].body).digest('hex'),
		);
	});

	it('LearnUpon v1: the MD5 signature inside the body; none when asked for an unsigned one', async () => {
		await control('learnupon', 'registerWebhook', {
			url: `${base}/v1`,
			secret: 's1',
			variant: 'v1',
		});
		const state = sandbox.state('learnupon') as { enrollments: Array<{ id: number }> };
		await control('learnupon', 'sendWebhook', {
			type: 'course_completion',
			enrollmentId: state.enrollments[0].id,
		});
		await control('learnupon', 'sendWebhook', {
			type: 'course_completion',
			enrollmentId: state.enrollments[0].id,
			signature: 'none',
		});
		const [signed, unsigned] = received.map((r) => JSON.parse(r.body));
		const { signature, ...header } = signed.header;
		expect(header).toEqual({ version: '1.0', webHookType: 'course_completion' });
		const text = JSON.stringify({ ...signed, header });
		expect(signature).toBe(createHash('md5').update(`${text}:s1`).digest('hex'));
		expect(unsigned.header.signature).toBeUndefined();
	});

	it('answers what the receiver answered, repeats a delivery on request, and refuses bad arguments', async () => {
		answerStatus = 401;
		await control('learnupon', 'registerWebhook', { url: `${base}/lu` });
		const state = sandbox.state('learnupon') as { enrollments: Array<{ id: number }> };
		const sent = await control('learnupon', 'sendWebhook', {
			type: 'course_completion',
			enrollmentId: state.enrollments[0].id,
			times: 2,
		});
		expect(sent.body.result.deliveries.map((d: { status: number }) => d.status)).toEqual([
			401, 401,
		]);
		expect(received[0].body).toBe(received[1].body);
		expect(
			(await control('learnupon', 'sendWebhook', { type: 'course_completion', times: 0 })).status,
		).toBe(400);
		expect((await control('learnupon', 'registerWebhook', { url: 'ftp://x' })).status).toBe(400);
		expect(
			(await control('learnupon', 'registerWebhook', { url: base, variant: 'v3' })).status,
		).toBe(400);
		await control('learnupon', 'unregisterWebhooks');
		expect(
			(await control('learnupon', 'sendWebhook', { type: 'course_completion' })).body.error,
		).toMatch(/no webhook URL/);
	});
});
