import type {
	IDataObject,
	INodeParameters,
	IWorkflowBase,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { createAdditionalData, nextExecutionId } from './additional-data';
import type { CredentialStore, CredentialTypeInput, CredentialsInput } from './credentials';
import {
	CredentialTypeRegistry,
	HarnessCredentialsHelper,
	resolveCredentialStore,
} from './credentials';
import type { NodeTypeInput } from './node-types';
import { HarnessNodeTypes, instantiate, latestDescription, latestVersion } from './node-types';
import { initRuntime } from './runtime';

/** A trigger node alone in a workflow, as the poll and webhook harnesses run it. */
export interface SingleNodeOptions {
	nodeType: NodeTypeInput;
	credentialTypes?: CredentialTypeInput[];
	credentials?: CredentialsInput | CredentialStore;
	parameters?: INodeParameters;
	/** Default: the node type's default name. */
	nodeName?: string;
	typeVersion?: number;
	/** Workflow static data to start from, as if loaded from the database. */
	staticData?: IDataObject;
	timezone?: string;
}

// Drops ObservableObject bookkeeping so snapshots equal what n8n persists.
const persistable = (data: object): IDataObject =>
	JSON.parse(
		JSON.stringify(data, (key, value: unknown) => (key === '__dataChanged' ? undefined : value)),
	) as IDataObject;

/**
 * Builds the one-node workflow anew for every call from the static data the previous call
 * persisted (JSON round trip, as through n8n's database), so state that would not survive a
 * save/restart fails the test too.
 */
export function singleNodeHost(options: SingleNodeOptions, workflowId: string) {
	initRuntime();
	const type = instantiate(options.nodeType);
	const description = latestDescription(type);
	const typeName = `harness.${description.name}`;
	const nodeTypes = new HarnessNodeTypes({ [typeName]: type });
	const store = resolveCredentialStore(options.credentials);
	const credentialsHelper = new HarnessCredentialsHelper(
		store,
		new CredentialTypeRegistry(options.credentialTypes),
	);
	const nodeName = options.nodeName ?? description.defaults.name ?? description.displayName;
	const credentialRefs = Object.fromEntries(
		(description.credentials ?? [])
			.filter(({ name }) => store.has(name))
			.map(({ name }) => [name, { id: `harness-${name}`, name }]),
	);
	let staticData = persistable(options.staticData ?? {});

	function build(mode: WorkflowExecuteMode, active: boolean) {
		const node = {
			id: `${workflowId}-node`,
			name: nodeName,
			type: typeName,
			typeVersion: options.typeVersion ?? latestVersion(type),
			position: [0, 0] as [number, number],
			parameters: structuredClone(options.parameters ?? {}),
			credentials: credentialRefs,
			webhookId: `${workflowId}-webhook`,
		};
		const workflowData: IWorkflowBase = {
			id: workflowId,
			name: `Harness ${workflowId}`,
			active,
			isArchived: false,
			nodes: [node],
			connections: {},
			settings: options.timezone ? { timezone: options.timezone } : {},
			staticData,
			createdAt: new Date(),
			updatedAt: new Date(),
			activeVersionId: null,
		};
		const workflow = new Workflow({
			id: workflowData.id,
			name: workflowData.name,
			nodes: [node],
			connections: {},
			nodeTypes,
			active,
			settings: workflowData.settings,
			staticData: structuredClone(staticData),
		});
		const additionalData = createAdditionalData({
			credentialsHelper,
			mode,
			executionId: nextExecutionId(),
			workflowData,
		});
		// Node parameters resolved by the Workflow constructor (defaults filled in).
		const workflowNode = workflow.getNode(nodeName)!;
		additionalData.currentNodeParameters = workflowNode.parameters;
		return { workflow, workflowNode, additionalData };
	}

	return {
		type,
		description,
		typeName,
		nodeTypes,
		nodeName,
		store,
		build,
		/** Keeps what n8n would have saved of this run's static data. */
		save(workflow: Workflow) {
			staticData = persistable(workflow.staticData);
		},
		get staticData() {
			return structuredClone(staticData);
		},
		get nodeStaticData() {
			return structuredClone((staticData[`node:${nodeName}`] as IDataObject | undefined) ?? {});
		},
	};
}
