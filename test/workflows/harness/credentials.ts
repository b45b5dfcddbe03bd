/**
 * Credentials for workflow tests: an in-memory "credentials table" plus an ICredentialsHelper that
 * applies credential types the way n8n's CLI does (defaults for hidden fields, generic
 * `authenticate` with `={{$credentials.x}}` expressions, `preAuthentication` filling an
 * `expirable` property and persisting it, parent types via `extends`).
 */
import { getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentials, ICredentialsHelper, NodeHelpers, isExpression } from 'n8n-workflow';

export type CredentialTypeInput = ICredentialType | (new () => ICredentialType);

/** Credential data by credential *type* name (one credential per type and test). */
export type CredentialsInput = Record<string, ICredentialDataDecryptedObject>;

const clone = <T>(value: T): T => structuredClone(value);

/**
 * What n8n keeps in its database. `preAuthentication` writes refreshed tokens here, so the next
 * execution starts with them, exactly as a stored credential would.
 */
export class CredentialStore {
	private readonly data = new Map<string, ICredentialDataDecryptedObject>();

	/** How many times a credential was written back (e.g. a token refreshed), by type. */
	readonly writes: Record<string, number> = {};

	constructor(initial: CredentialsInput = {}) {
		for (const [type, value] of Object.entries(initial)) this.data.set(type, clone(value));
	}

	has(type: string): boolean {
		return this.data.has(type);
	}

	types(): string[] {
		return [...this.data.keys()];
	}

	get(type: string): ICredentialDataDecryptedObject {
		const value = this.data.get(type);
		if (!value) {
			throw new Error(
				`The harness has no credentials of type "${type}" (has: ${this.types().join(', ') || 'none'})`,
			);
		}
		return clone(value);
	}

	set(type: string, value: ICredentialDataDecryptedObject): void {
		this.data.set(type, clone(value));
		this.writes[type] = (this.writes[type] ?? 0) + 1;
	}

	snapshot(): CredentialsInput {
		return Object.fromEntries([...this.data].map(([type, value]) => [type, clone(value)]));
	}
}

// Stores are per credentials object *and* per jest test: a module-level `credentials` constant
// shared by several tests still starts every test from its original values, while two executions
// inside one test share refreshed tokens.
const storesByInput = new WeakMap<object, { test: string | undefined; store: CredentialStore }>();

function currentTestName(): string | undefined {
	const jestExpect = (globalThis as { expect?: { getState?: () => { currentTestName?: string } } })
		.expect;
	return jestExpect?.getState?.().currentTestName;
}

export function resolveCredentialStore(input: CredentialsInput | CredentialStore | undefined) {
	if (input instanceof CredentialStore) return input;
	const key = input ?? {};
	const test = currentTestName();
	const known = storesByInput.get(key);
	if (known && known.test === test) return known.store;
	const store = new CredentialStore(key);
	storesByInput.set(key, { test, store });
	return store;
}

export class CredentialTypeRegistry {
	private readonly types = new Map<string, ICredentialType>();

	constructor(input: CredentialTypeInput[] = []) {
		for (const type of input) this.add(type);
	}

	add(input: CredentialTypeInput): void {
		const type = typeof input === 'function' ? new input() : input;
		this.types.set(type.name, type);
	}

	getByName(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) {
			throw new Error(
				`Unknown credential type "${name}": pass it in credentialTypes (known: ${[...this.types.keys()].join(', ') || 'none'})`,
			);
		}
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}
}

/** ICredentials over the store, for code paths that read or write "the stored credential". */
class StoredCredentials extends ICredentials {
	constructor(
		details: INodeCredentialsDetails,
		type: string,
		private readonly store: CredentialStore,
	) {
		super(details, type);
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return this.store.get(this.type);
	}

	getDataToSave(): ICredentialsEncrypted {
		return {
			id: this.id,
			name: this.name,
			type: this.type,
			data: JSON.stringify(this.store.get(this.type)),
		};
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.store.set(this.type, data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: string[] = [],
	): Promise<void> {
		const data = { ...this.store.get(this.type), ...toUpdate } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete data[key];
		this.store.set(this.type, data);
	}
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		readonly store: CredentialStore,
		readonly credentialTypes: CredentialTypeRegistry,
	) {
		super();
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		let type: ICredentialType;
		try {
			type = this.credentialTypes.getByName(credentialType);
		} catch {
			return true; // let the later lookup raise the real error
		}
		if (!type.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).some(
			(supported) => nodeType === supported || nodeType.endsWith(`.${supported}`),
		);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.credentialTypes.getByName(type);
		if (!credentialType.extends) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		// The child's own properties win, as in n8n.
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.credentialTypes.getByName(typeName);
		if (!authenticate) return requestOptions as IHttpRequestOptions;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate.type !== 'generic') return requestOptions as IHttpRequestOptions;
		if (!workflow || !node) {
			throw new Error('Declarative credential authentication needs the workflow and the node');
		}

		const resolve = (value: unknown): string => {
			if (typeof value !== 'string' || !isExpression(value)) return String(value);
			const resolved = workflow.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
			return resolved ? String(resolved) : '';
		};

		const target = requestOptions as unknown as Record<string, Record<string, string> | undefined>;
		target.headers ??= {};
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			const bucket = (target[section] ??= {});
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				bucket[resolve(key)] = resolve(value);
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirable = this.getCredentialsProperties(typeName).find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof credentialType.preAuthentication !== 'function') return undefined;

		// n8n only asks for a new token when the field is empty or the server said 401.
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		const output = (await credentialType.preAuthentication.call(helpers, credentials)) as
			| ICredentialDataDecryptedObject
			| undefined;
		if (output?.[expirable.name] === undefined) return undefined;

		// Persist like n8n: the fresh token always, other returned fields unless stored as expressions.
		const stored = this.store.get(typeName);
		for (const [key, value] of Object.entries(output)) {
			if (key === expirable.name || !isExpression(stored[key])) stored[key] = value;
		}
		this.store.set(typeName, stored);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = this.credentialTypes.getByName(typeName);
		if (typeof preAuthentication !== 'function') return undefined;
		const output = await preAuthentication.call(helpers, credentials);
		return (output as ICredentialDataDecryptedObject | undefined) ?? undefined;
	}

	async getCredentials(details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		return new StoredCredentials(details, type, this.store);
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		_details: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.store.get(type);
		if (raw === true) return stored;

		// Defaults fill hidden fields such as an expirable token ('' until fetched).
		let data = (NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			stored as INodeParameters,
			true,
			false,
			null,
			null,
		) ?? {}) as ICredentialDataDecryptedObject;
		if (stored.oauthTokenData !== undefined) data.oauthTokenData = stored.oauthTokenData;

		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			data = workflow.expression.getParameterValue(
				data as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				getAdditionalKeys(additionalData, mode, null, { isCredential: true }),
				executeData,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		}
		return data;
	}

	async updateCredentials(
		_details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(type, data);
	}

	async updateCredentialsOauthTokenData(
		_details: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(type, { ...this.store.get(type), oauthTokenData: data.oauthTokenData });
	}
}
