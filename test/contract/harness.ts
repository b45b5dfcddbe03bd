/**
 * Contract tests: every operation and trigger event a vendor's nodes offer, run through n8n-core's
 * engine against that vendor's simulator, which refuses what the vendor's published contract does
 * not allow and records why (`SimResponse.violation`). A suite fails when
 * - an offered operation or event has no case (so a new operation cannot skip the contract),
 * - a case names an operation the node does not offer,
 * - any request of a case broke the contract, or a case's items came out as errors.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { VendorDefinition } from '../../nodes/shared/core';
import { offeredOperations } from '../../nodes/shared/n8n/description';
import { offeredTriggerEvents } from '../../nodes/shared/n8n/triggerDescription';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { LoggedRequest, SeedOptions, VendorId } from '../../sandbox/types';
import {
	createPollHarness,
	runWorkflow,
	type CredentialTypeInput,
	type CredentialsInput,
	type NodeTypeInput,
} from '../workflows/harness';

export interface ContractContext {
	sb: Sandbox;
	/** Control action on this vendor's simulator (complete a course, …). */
	control(action: string, args?: Record<string, unknown>): unknown;
	/** The simulator's state snapshot. */
	state<T = unknown>(): T;
}

export interface ActionCase {
	/** Shown in the test name when an operation has several cases. */
	name?: string;
	/** Node parameters besides resource and operation. */
	parameters: INodeParameters;
	/** Input items (default one empty item); may depend on the seeded state. */
	input?: IDataObject[] | ((ctx: ContractContext) => IDataObject[] | Promise<IDataObject[]>);
	/** Runs before the node, e.g. to make an enrollment exist for Unenroll. */
	before?(ctx: ContractContext): unknown;
	/** Extra checks on the node's output items. */
	check?(items: INodeExecutionData[], ctx: ContractContext): unknown;
}

export interface TriggerCase {
	parameters?: INodeParameters;
	/** Makes the event happen (between the first poll, which sets the cursor, and the second). */
	happen(ctx: ContractContext): unknown;
	/** At least this many items from the second poll (default 1). */
	minItems?: number;
}

export interface ContractSuiteOptions {
	vendor: VendorDefinition;
	/** The simulator to run (Grow runs its own). */
	simulator: VendorId;
	action: { type: string; node: NodeTypeInput };
	trigger: { type: string; node: NodeTypeInput };
	credentialTypes: CredentialTypeInput[];
	credentials(sb: Sandbox): CredentialsInput;
	seed?: SeedOptions;
	/** Keyed `resource.operation` (e.g. `user.create`); every offered operation needs one. */
	actions: Record<string, ActionCase | ActionCase[]>;
	/** Keyed by trigger event value (e.g. `courseCompleted`); every offered event needs one. */
	triggers: Record<string, TriggerCase>;
}

const opKey = (resource: string, operation: string) => `${resource}.${operation}`;

/** `resource.operation` for everything the vendor's action node offers. */
export function offeredActionKeys(vendor: VendorDefinition): string[] {
	return offeredOperations(vendor).map((operation) => opKey(operation.resource, operation.value));
}

export function offeredTriggerKeys(vendor: VendorDefinition): string[] {
	return offeredTriggerEvents(vendor).map((event) => event.option.value);
}

function describeViolations(entries: LoggedRequest[]): string {
	return entries
		.map(
			(e) =>
				`${e.method} ${e.url ?? e.path} → ${e.status}: [${e.violation?.rule}] ${e.violation?.detail}` +
				` (${e.violation?.source}${e.violation?.guess ? ', a guess' : ''})`,
		)
		.join('\n');
}

/** Fails with every contract violation the simulator recorded since `since` (a log length). */
export function expectNoViolations(sb: Sandbox, vendor: VendorId, since: number): void {
	const fresh = sb
		.requestLog(vendor)
		.slice(since)
		.filter((entry) => entry.violation);
	if (fresh.length) throw new Error(`Contract violations:\n${describeViolations(fresh)}`);
}

export function contractSuite(options: ContractSuiteOptions): void {
	const { vendor, simulator } = options;
	let sb: Sandbox;
	const ctx: ContractContext = {
		get sb() {
			return sb;
		},
		control: (action, args = {}) => sb.simulators[simulator]!.control!(action, args, Date.now()),
		state: <T>() => sb.state(simulator) as T,
	};

	beforeAll(async () => {
		sb = await startSandbox({ vendors: [simulator], seed: options.seed });
	});
	afterAll(() => sb?.close());
	beforeEach(() => {
		sb.reset(options.seed);
		sb.clearFaults();
		// Contract cases check shapes, not pacing; the vendor limit is tested elsewhere.
		sb.setFaults(simulator, { enforceRateLimit: false });
	});

	describe(`${vendor.name} contract`, () => {
		it('has a case for every operation and trigger event the nodes offer, and none besides', () => {
			expect(Object.keys(options.actions).sort()).toEqual(offeredActionKeys(vendor).sort());
			expect(Object.keys(options.triggers).sort()).toEqual(offeredTriggerKeys(vendor).sort());
		});

		for (const [key, value] of Object.entries(options.actions)) {
			const cases = Array.isArray(value) ? value : [value];
			for (const actionCase of cases) {
				it(`action ${key}${actionCase.name ? ` (${actionCase.name})` : ''}`, async () => {
					const [resource, operation] = key.split('.');
					await actionCase.before?.(ctx);
					const input =
						typeof actionCase.input === 'function'
							? await actionCase.input(ctx)
							: (actionCase.input ?? [{}]);
					const since = sb.requestLog(simulator).length;
					const result = await runWorkflow({
						nodeTypes: { [options.action.type]: options.action.node },
						credentialTypes: options.credentialTypes,
						credentials: options.credentials(sb),
						nodes: [
							{
								name: 'Node',
								type: options.action.type,
								parameters: { resource, operation, ...actionCase.parameters },
							},
						],
						input,
					});
					expectNoViolations(sb, simulator, since);
					if (result.error) throw result.error;
					const items = result.output('Node');
					// An `error` of null is an item saying it has none (roster audit items do).
					const failed = items.filter(
						(item) => item.json.error !== undefined && item.json.error !== null,
					);
					expect(failed.map((item) => item.json)).toEqual([]);
					expect(sb.requestLog(simulator).length).toBeGreaterThan(since);
					await actionCase.check?.(items, ctx);
				});
			}
		}

		for (const [event, triggerCase] of Object.entries(options.triggers)) {
			it(`trigger ${event}`, async () => {
				const poller = createPollHarness({
					nodeType: options.trigger.node,
					credentialTypes: options.credentialTypes,
					credentials: options.credentials(sb),
					parameters: { event, ...triggerCase.parameters },
				});
				const since = sb.requestLog(simulator).length;
				await poller.poll();
				await triggerCase.happen(ctx);
				const items = await poller.poll();
				expectNoViolations(sb, simulator, since);
				expect(items.length).toBeGreaterThanOrEqual(triggerCase.minItems ?? 1);
			});
		}
	});
}
