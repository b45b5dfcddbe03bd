/**
 * n8n serving webhooks, two ways: one `n8n start` (regular mode, SQLite: the bench's own user
 * folder), and queue mode as n8n documents it for production (PostgreSQL, Redis, a main that
 * receives the webhooks and `n8n worker` processes that run them), started by the e2e tier's
 * test/e2e/lib/queueStack.js rather than a copy of it.
 */
import * as path from 'node:path';

import type { CredentialEntry, RealN8n } from './n8nStack';

const ROOT = path.resolve(__dirname, '..', '..', '..');

export type BurstMode = 'single' | 'queue';

interface Server {
	url: string;
	output(): string;
	stop(): Promise<void>;
}

interface QueueRuntime {
	n8nCli(
		userFolder: string,
		args: string[],
	): Promise<{ code: number | null; stdout: string; stderr: string }>;
	activationArgs(id: string, active: boolean): string[];
	startN8nServer(userFolder: string, options: { env?: Record<string, string> }): Promise<Server>;
}

interface QueueStackModule {
	missingPieces(): string | undefined;
	startQueueStack(options: {
		sourceUserFolder: string;
		credentials: CredentialEntry[];
		workflows: Array<Record<string, unknown>>;
		workers?: number;
	}): Promise<{
		main: Server;
		workers: Array<{ output(): string }>;
		stop(): Promise<void>;
	}>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtime = require(path.join(ROOT, 'scripts', 'n8n-runtime.js')) as QueueRuntime;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const queueStack = require(
	path.join(ROOT, 'test', 'e2e', 'lib', 'queueStack.js'),
) as QueueStackModule;

/**
 * n8n activates published workflows while it starts, not always before it reports ready. A GET
 * to a POST-only webhook answers "... Did you mean to make a POST request?" once it is
 * registered (and "is not registered" before), without starting an execution.
 */
async function waitForWebhooks(
	url: string,
	hookPaths: string[],
	timeoutMs = 90_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (const hookPath of hookPaths) {
		for (;;) {
			const r = await fetch(`${url}/webhook/${hookPath}`);
			const text = await r.text();
			if (/make a POST request/i.test(text)) break;
			if (Date.now() > deadline)
				throw new Error(
					`webhook ${hookPath} not registered after ${timeoutMs} ms: ${text.slice(0, 200)}`,
				);
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}
}

const hookPathsOf = (workflows: Array<Record<string, unknown>>) =>
	workflows.flatMap((w) =>
		(w.nodes as Array<{ type: string; parameters: { path?: string } }>)
			.filter((n) => n.type === 'n8n-nodes-base.webhook' && n.parameters.path)
			.map((n) => String(n.parameters.path)),
	);

export interface WebhookN8n {
	mode: BurstMode;
	url: string;
	/** Executions each process ran so far (queue mode: per worker, from its log). */
	executionsPerWorker(): number[];
	stop(): Promise<void>;
}

/** Why queue mode cannot run on this machine (missing PostgreSQL or Redis), or undefined. */
export const queueModeMissing = (): string | undefined => queueStack.missingPieces();

/** Workers in queue mode: the "two workers on one credential". */
export const QUEUE_WORKERS = 2;

/**
 * Starts n8n with `workflows` published. Single: imported into the bench's user folder, one
 * `n8n start`. Queue: a fresh PostgreSQL + Redis, the package copied from the bench's user
 * folder, `credentials` and `workflows` imported there, a main and QUEUE_WORKERS workers.
 */
export async function startWebhookN8n(
	mode: BurstMode,
	n8n: RealN8n,
	credentials: CredentialEntry[],
	workflows: Array<Record<string, unknown>>,
): Promise<WebhookN8n> {
	if (mode === 'queue') {
		const queue = await queueStack.startQueueStack({
			sourceUserFolder: n8n.userFolder,
			credentials,
			workflows,
			workers: QUEUE_WORKERS,
		});
		try {
			await waitForWebhooks(queue.main.url, hookPathsOf(workflows));
		} catch (error) {
			await queue.stop();
			throw error;
		}
		return {
			mode,
			url: queue.main.url,
			executionsPerWorker: () =>
				queue.workers.map((w) => (w.output().match(/started execution/gi) ?? []).length),
			stop: () => queue.stop(),
		};
	}
	await n8n.importWorkflows(workflows as Array<{ id: string }>);
	for (const workflow of workflows) {
		const r = await runtime.n8nCli(
			n8n.userFolder,
			runtime.activationArgs(String(workflow.id), true),
		);
		if (r.code !== 0)
			throw new Error(
				`publishing ${String(workflow.id)} failed (${r.code}): ${r.stderr.slice(-1000)}`,
			);
	}
	const server = await runtime.startN8nServer(n8n.userFolder, {});
	try {
		await waitForWebhooks(server.url, hookPathsOf(workflows));
	} catch (error) {
		await server.stop();
		throw error;
	}
	return {
		mode,
		url: server.url,
		executionsPerWorker: () => [],
		stop: async () => {
			await server.stop();
			// Leave the shared user folder as the other scenarios expect it: no active webhooks.
			for (const workflow of workflows)
				await runtime.n8nCli(n8n.userFolder, runtime.activationArgs(String(workflow.id), false));
		},
	};
}
