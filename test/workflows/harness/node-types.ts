import type {
	IExecuteFunctions,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

/** A node type as tests hand it over: the class (as n8n loads it) or an instance. */
export type NodeTypeInput =
	| INodeType
	| IVersionedNodeType
	| (new () => INodeType)
	| (new () => IVersionedNodeType);

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
export const MANUAL_TRIGGER_NAME = 'Manual Trigger';

/**
 * Stand-in for n8n's Manual Trigger. The real one waits for an emit in manual mode; this one
 * simply forwards the items the harness put on the execution stack, in every mode.
 */
class HarnessManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts the test workflow with the harness input items',
		defaults: { name: MANUAL_TRIGGER_NAME },
		inputs: [],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions) {
		return [this.getInputData()];
	}
}

export function instantiate(input: NodeTypeInput): INodeType | IVersionedNodeType {
	return typeof input === 'function' ? new input() : input;
}

function isVersioned(type: INodeType | IVersionedNodeType): type is IVersionedNodeType {
	return 'nodeVersions' in type;
}

/** The description of the version a node without `typeVersion` would get in the editor. */
export function latestDescription(type: INodeType | IVersionedNodeType): INodeTypeDescription {
	if (isVersioned(type)) {
		return type.nodeVersions[type.currentVersion].description;
	}
	return type.description;
}

export function latestVersion(type: INodeType | IVersionedNodeType): number {
	if (isVersioned(type)) return type.currentVersion;
	const { version } = type.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** In-memory INodeTypes over the types a test registered, plus the harness manual trigger. */
export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	constructor(input: Record<string, NodeTypeInput>) {
		this.types.set(MANUAL_TRIGGER_TYPE, new HarnessManualTrigger());
		for (const [name, type] of Object.entries(input)) this.types.set(name, instantiate(type));
	}

	has(name: string): boolean {
		return this.types.has(name);
	}

	getByName(name: string): INodeType | IVersionedNodeType {
		const type = this.types.get(name);
		if (!type) {
			throw new Error(
				`Unknown node type "${name}". Registered: ${[...this.types.keys()].join(', ')}`,
			);
		}
		return type;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes() {
		return {};
	}
}
