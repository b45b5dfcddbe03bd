/**
 * Scenario 5: per-item overhead. Latency and rate limits off; the same onboarding work per item
 * (find-or-create, enroll, add to group) through the adapter + core stack (no pacer: the pacer's
 * job is to wait, which is not overhead) versus plain HTTP calls of the same requests.
 */
import { findOrCreateUser } from '../../nodes/shared/core';
import { AxiosTransport } from '../../sandbox/client/axiosTransport';
import { setLimits } from '../lib/limits';
import { statsOf } from '../lib/measure';
import { naiveRecipe, pickTarget, type NaiveRecipe, type Person, type Target } from '../lib/naive';
import { settings } from '../lib/settings';
import { buildStack, plainAuthorizer, type BenchVendor } from '../lib/vendors';

export interface OverheadRun {
	vendor: string;
	items: number;
	stackPerSecond: number;
	stackCallsPerItem: number;
	plainPerSecond: number;
	plainCallsPerItem: number;
}

const person = (tag: string, i: number): Person => ({ email: `ovh.${tag}.${i}@bench.example.com`, firstName: `O${i}`, lastName: tag, login: `ovh_${tag}_${i}` });

async function plainItems(recipe: NaiveRecipe, http: AxiosTransport, target: Target, tag: string, n: number): Promise<void> {
	for (let i = 0; i < n; i++) {
		const p = person(tag, i);
		const found = await http.send(recipe.lookup(p.email));
		let userId = recipe.foundId(found);
		if (!userId) userId = recipe.createdId(await http.send(recipe.create(p)));
		if (!userId) throw new Error(`plain create failed for ${p.email}`);
		await http.send(recipe.enroll(userId, target));
		await http.send(recipe.addToGroup(userId, target));
	}
}

async function stackItems(vendor: BenchVendor, target: Target, tag: string, n: number): Promise<void> {
	const { adapter } = buildStack(vendor, { paced: false });
	const type = adapter.productTypes[0] ?? 'course';
	for (let i = 0; i < n; i++) {
		const p = person(tag, i);
		const { user } = await findOrCreateUser(adapter, { email: p.email, firstName: p.firstName, lastName: p.lastName, username: p.login });
		const ref = { by: 'id' as const, value: user.id };
		await adapter.enroll?.(ref, { id: target.courseId, type }, { price: 0 });
		await adapter.addToGroup?.(ref, target.groupId);
	}
}

export async function overhead(vendor: BenchVendor, log: (line: string) => void): Promise<OverheadRun | undefined> {
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
	const best = (runs: Array<{ ms: number; calls: number }>) => runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
	const p = best(plain);
	const s = best(stack);
	log(`  ${vendor.name}: plain ${(n / (p.ms / 1000)).toFixed(0)}/s, stack ${(n / (s.ms / 1000)).toFixed(0)}/s`);
	return {
		vendor: vendor.name,
		items: n,
		stackPerSecond: n / (s.ms / 1000),
		stackCallsPerItem: s.calls / n,
		plainPerSecond: n / (p.ms / 1000),
		plainCallsPerItem: p.calls / n,
	};
}
