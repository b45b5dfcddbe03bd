/**
 * Scenario 5: per-item overhead. Latency and rate limits off; the same onboarding work per item
 * (find-or-create, enroll, add to group) through the adapter + core stack (no pacer: the pacer's
 * job is to wait, which is not overhead) versus plain HTTP calls of the same requests.
 */
import { findOrCreateUser } from '../../nodes/shared/core';
import { wallAfter, type RealN8n } from '../lib/n8nStack';
import { HIRES_NODE, type WorkflowKind } from '../lib/workflows';
import { lastNodeOf, prepareVendor, runWorkflow, workflowFor } from './onboarding';
import { nodeItems, nodeTimes } from '../lib/n8nStack';
import { AxiosTransport } from '../../sandbox/client/axiosTransport';
import { setLimits } from '../lib/limits';
import { statsOf } from '../lib/measure';
import { naiveRecipe, pickTarget, type NaiveRecipe, type Person, type Target } from '../lib/naive';
import { settings } from '../lib/settings';
import { buildStack, plainAuthorizer, type BenchVendor } from '../lib/vendors';

export interface OverheadRun {
	vendor: string;
	/** Where it ran: real n8n (action node vs HTTP Request node) or the adapter outside n8n. */
	where: 'n8n' | 'outside n8n';
	items: number;
	stackPerSecond: number;
	stackCallsPerItem: number;
	plainPerSecond: number;
	plainCallsPerItem: number;
}

const person = (tag: string, i: number): Person => ({
	email: `ovh.${tag}.${i}@bench.example.com`,
	firstName: `O${i}`,
	lastName: tag,
	login: `ovh_${tag}_${i}`,
});

async function plainItems(
	recipe: NaiveRecipe,
	http: AxiosTransport,
	target: Target,
	tag: string,
	n: number,
): Promise<void> {
	for (let i = 0; i < n; i++) {
		const p = person(tag, i);
		const found = await http.send(recipe.lookup(p.email));
		let userId = recipe.foundId(found);
		if (!userId) userId = recipe.createdId(await http.send(recipe.create(p)));
		if (!userId) throw new Error(`plain create failed for ${p.email}`);
		await http.send(recipe.enroll(userId, target, p));
		await http.send(recipe.addToGroup(userId, target));
	}
}

async function stackItems(
	vendor: BenchVendor,
	target: Target,
	tag: string,
	n: number,
): Promise<void> {
	const { adapter } = buildStack(vendor, { paced: false });
	const type = adapter.productTypes[0] ?? 'course';
	for (let i = 0; i < n; i++) {
		const p = person(tag, i);
		const { user } = await findOrCreateUser(adapter, {
			email: p.email,
			firstName: p.firstName,
			lastName: p.lastName,
			username: p.login,
		});
		const ref = { by: 'id' as const, value: user.id };
		await adapter.enroll?.(ref, { id: target.courseId, type }, { price: 0 });
		await adapter.addToGroup?.(ref, target.groupId);
	}
}

export async function overhead(
	vendor: BenchVendor,
	log: (line: string) => void,
): Promise<OverheadRun | undefined> {
	const recipe = naiveRecipe(vendor.id, vendor.sandbox.url);
	if (!recipe || !vendor.definition) return undefined;
	const n = settings.overheadItems;
	await vendor.sandbox.reset({ users: 200, courses: 5, groups: 3, completions: 0 });
	await setLimits(vendor, { on: false, latencyMs: 0 });
	const target = pickTarget(await vendor.sandbox.state());
	if (!target) throw new Error('no course or group');
	const http = new AxiosTransport(plainAuthorizer(vendor));
	// Warm both paths up (JIT, sockets) before timing.
	await plainItems(recipe, http, target, 'warmplain', 20);
	await stackItems(vendor, target, 'warmstack', 20);

	const timed = async (fn: () => Promise<void>) => {
		await vendor.sandbox.clearLog();
		const started = process.hrtime.bigint();
		await fn();
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		return { ms, calls: statsOf(await vendor.sandbox.log()).calls };
	};
	// Alternate, best of two each, so a hiccup on the 2-core machine does not decide the result.
	const plain = [await timed(() => plainItems(recipe, http, target, 'plain1', n))];
	const stack = [await timed(() => stackItems(vendor, target, 'stack1', n))];
	plain.push(await timed(() => plainItems(recipe, http, target, 'plain2', n)));
	stack.push(await timed(() => stackItems(vendor, target, 'stack2', n)));
	const best = (runs: Array<{ ms: number; calls: number }>) =>
		runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
	const p = best(plain);
	const s = best(stack);
	log(
		`  ${vendor.name}: plain ${(n / (p.ms / 1000)).toFixed(0)}/s, stack ${(n / (s.ms / 1000)).toFixed(0)}/s`,
	);
	return {
		vendor: vendor.name,
		where: 'outside n8n',
		items: n,
		stackPerSecond: n / (s.ms / 1000),
		stackCallsPerItem: s.calls / n,
		plainPerSecond: n / (p.ms / 1000),
		plainCallsPerItem: p.calls / n,
	};
}

/**
 * In real n8n: the package's three nodes vs the HTTP Request workflow making the same calls, on N
 * items, latency and limits off, the package credential's pacing raised out of the way. Best of
 * two alternating runs each. Undefined where the vendor's pacing is fixed (no unpaced credential)
 * or there is no HTTP recipe.
 */
export async function overheadInN8n(
	vendor: BenchVendor,
	n8n: RealN8n,
	log: (line: string) => void,
): Promise<OverheadRun | undefined> {
	const credential = n8n.unpacedCredential(vendor);
	if (!credential || !naiveRecipe(vendor.id, vendor.sandbox.url)) return undefined;
	const n = settings.overheadItems;
	const unpaced: RealN8n = { ...n8n, packageCredential: () => credential };
	const once = async (kind: WorkflowKind, round: number) => {
		const target = await prepareVendor(vendor, { on: false, latencyMs: 0 });
		const tag = `o${kind === 'package' ? 'p' : 'h'}${round}`;
		const workflow = workflowFor(
			kind,
			vendor,
			unpaced,
			target,
			{ tag, count: n },
			`benchOvh${vendor.id.slice(0, 6)}${tag}`,
		);
		if (!workflow) throw new Error(`no ${kind} workflow`);
		const { run, error } = await runWorkflow(n8n, workflow, settings.maxRunMs);
		const done = run ? nodeItems(run, lastNodeOf(kind)).length : 0;
		const ms = run && wallAfter(run, HIRES_NODE);
		if (!run || !ms || done < n || run.status !== 'success')
			throw new Error(
				`${kind} run did not finish all ${n} items (${done}): ${error ?? run?.data?.resultData?.error?.message ?? run?.status}`,
			);
		log(`    ${kind}: ${(ms / 1000).toFixed(2)} s (${nodeTimes(run)})`);
		return { ms, calls: statsOf(await vendor.sandbox.log()).calls };
	};
	const pkg = [await once('package', 1)];
	const http = [await once('http', 1)];
	pkg.push(await once('package', 2));
	http.push(await once('http', 2));
	const best = (runs: Array<{ ms: number; calls: number }>) =>
		runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
	const p = best(pkg);
	const h = best(http);
	log(
		`  ${vendor.name} in n8n: package ${(n / (p.ms / 1000)).toFixed(0)}/s, HTTP Request ${(n / (h.ms / 1000)).toFixed(0)}/s`,
	);
	return {
		vendor: vendor.name,
		where: 'n8n',
		items: n,
		stackPerSecond: n / (p.ms / 1000),
		stackCallsPerItem: p.calls / n,
		plainPerSecond: n / (h.ms / 1000),
		plainCallsPerItem: h.calls / n,
	};
}
