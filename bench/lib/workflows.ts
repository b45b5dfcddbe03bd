/**
 * The workflows the bench runs in real n8n, generated per vendor and size:
 *
 * - `package`: Hires → this package's Find or Create → Enroll → Add to Group.
 * - `http`: the way users build it today with n8n's HTTP Request node (v4.5, the default):
 *   Lookup (Never Error + full response, so "not found" is an answer) → IF found → Create →
 *   User ID (Set, joins both branches) → Enroll → Add to group, each HTTP node with
 *   "Retry On Fail" on at n8n's defaults (3 tries, 1 s apart). Raw API as docs/<vendor>.md describes it.
 * - `httpBatched`: the same plus the node's Batching option at the vendor's rate (the advice n8n
 *   gives in its own 429 message: "Try spacing your requests out using the batching settings").
 *
 * LearnWorlds and Grow take a bearer token and a client header: the HTTP workflows fetch the
 * token once in the workflow (first node after the trigger, client id and secret as body fields,
 * the way their docs show it) and send `Authorization: Bearer …` plus `Lw-Client`/`Pl-Client` on
 * every call. TalentLMS and LearnUpon use n8n's Basic Auth credential.
 */
import { learnWorldsProfile } from '../../nodes/shared/vendors/learnworlds/profile';
import { growProfile } from '../../nodes/shared/vendors/grow';
import type { VendorId } from '../../sandbox/types';
import type { Target } from './naive';

export type WorkflowKind = 'package' | 'http' | 'httpBatched';

export const HIRES_NODE = 'Hires';
export const PACKAGE_LAST_NODE = 'Add to group';
export const HTTP_LAST_NODE = 'HTTP Add to group';

type Json = Record<string, unknown>;
interface WfNode extends Json {
	name: string;
	type: string;
}

export interface HireSpec {
	tag: string;
	count: number;
}

export interface PackageSpec {
	nodeType: string;
	credential: { type: string; id: string; name: string };
	productType?: string;
}

export interface RawSpec {
	vendor: VendorId;
	baseUrl: string;
	basic?: { id: string; name: string };
	/** LearnWorlds/Grow: client id/secret and the client header's name. */
	oauth?: { clientId: string; clientSecret: string; header: string };
	/** Batching for `httpBatched`: items per second, per node. */
	itemsPerSecond?: number;
}

const hireEmail = (tag: string) => `'hire.${tag}.' + i + '@bench.example.com'`;

function hiresCode({ tag, count }: HireSpec): string {
	return [
		`return Array.from({ length: ${count} }, (_, i) => ({ json: {`,
		`  email: ${hireEmail(tag)},`,
		`  firstName: 'Hire' + i,`,
		`  lastName: 'Bench${tag}',`,
		`  login: 'hire_${tag}_' + i,`,
		`} }));`,
	].join('\n');
}

function base(id: string, name: string, nodes: WfNode[], chain: Array<[string, string, number?]>) {
	const connections: Json = {};
	for (const [from, to, output = 0] of chain) {
		const entry = (connections[from] ??= { main: [] }) as { main: Array<Array<Json>> };
		while (entry.main.length <= output) entry.main.push([]);
		entry.main[output].push({ node: to, type: 'main', index: 0 });
	}
	return {
		id,
		name,
		active: false,
		nodes: nodes.map((node, i) => ({
			id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
			position: [i * 220, 0],
			...node,
		})),
		connections,
		settings: { executionOrder: 'v1' },
	};
}

const startNode: WfNode = {
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	parameters: {},
};

const hiresNode = (hires: HireSpec): WfNode => ({
	name: HIRES_NODE,
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: { jsCode: hiresCode(hires) },
});

/** Find or create → Enroll in course → Add to group: this package's three action nodes. */
function packageNodes(spec: PackageSpec, target: Target, node: Json = {}): WfNode[] {
	const credentials = {
		[spec.credential.type]: { id: spec.credential.id, name: spec.credential.name },
	};
	const action = (name: string, parameters: Json): WfNode => ({
		name,
		type: spec.nodeType,
		typeVersion: 1,
		...node,
		parameters,
		credentials,
	});
	const byId = (value: string) => ({ __rl: true, mode: 'id', value });
	const userId = `={{ $('Find or create user').item.json.id }}`;
	// LearnUpon enrolls by email (an id costs a lookup): the way its docs (and ours) advise.
	const enrollee = spec.nodeType.endsWith('.learnUpon')
		? { __rl: true, mode: 'email', value: `={{ $('Find or create user').item.json.email }}` }
		: byId(userId);
	return [
		action('Find or create user', {
			resource: 'user',
			operation: 'findOrCreate',
			email: '={{ $json.email }}',
			firstName: '={{ $json.firstName }}',
			lastName: '={{ $json.lastName }}',
			additionalFields: { username: '={{ $json.login }}' },
		}),
		action('Enroll in course', {
			resource: 'enrollment',
			operation: 'enroll',
			user: enrollee,
			...(spec.productType ? { productType: spec.productType } : {}),
			course: byId(target.courseId),
			enrollOptions: {},
		}),
		action(PACKAGE_LAST_NODE, {
			resource: 'group',
			operation: 'addUser',
			user: byId(userId),
			group: byId(target.groupId),
		}),
	];
}

const packageChain = (from: string): Array<[string, string]> => [
	[from, 'Find or create user'],
	['Find or create user', 'Enroll in course'],
	['Enroll in course', PACKAGE_LAST_NODE],
];

export function packageWorkflow(
	id: string,
	hires: HireSpec,
	spec: PackageSpec,
	target: Target,
): Json {
	return base(
		id,
		`bench: onboarding, package nodes (${hires.count})`,
		[startNode, hiresNode(hires), ...packageNodes(spec, target)],
		[['Start', HIRES_NODE], ...packageChain(HIRES_NODE)],
	);
}

/**
 * The HRIS pattern: a webhook receives `{ hires: [...] }`, one item per hire, then the package's
 * three nodes with Continue On Fail (On Error: Continue), answering with the last node's items.
 */
export function webhookPackageWorkflow(
	id: string,
	hookPath: string,
	spec: PackageSpec,
	target: Target,
): Json {
	return base(
		id,
		`bench: burst of webhook onboardings (${spec.nodeType})`,
		[
			{
				name: 'New hires',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId: `00000000-0000-4000-8000-${hookId(hookPath)}`,
				parameters: {
					httpMethod: 'POST',
					path: hookPath,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				name: 'One item a hire',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				parameters: { fieldToSplitOut: 'body.hires', options: {} },
			},
			...packageNodes(spec, target, { onError: 'continueRegularOutput' }),
		],
		[['New hires', 'One item a hire'], ...packageChain('One item a hire')],
	);
}

/** 12 hex digits from a webhook path, for the node's webhookId (a UUID). */
function hookId(hookPath: string): string {
	let hash = 0;
	for (const ch of hookPath) hash = (hash * 31 + ch.charCodeAt(0)) % 0xffffffffffff;
	return hash.toString(16).padStart(12, '0');
}

/** One HTTP Request call as its node parameters sees it. */
interface RawCall {
	method: 'GET' | 'POST' | 'PUT';
	url: string;
	query?: Array<[string, string]>;
	form?: Array<[string, string]>;
	jsonBody?: string;
}

interface RawRecipe {
	lookup: RawCall;
	/** Expression (without braces) for the user id in the lookup's full response. */
	foundId: string;
	create: RawCall;
	/** Expression for the user id in the create answer. */
	createdId: string;
	enroll: RawCall;
	addToGroup: RawCall;
}

/** Inside expressions: the joined user id and the hire the item descends from. */
const UID = `$('User ID').item.json.userId`;
const HIRE = `$('${HIRES_NODE}').item.json`;

function talentLmsRecipe(api: string, target: Target): RawRecipe {
	const segment = (expr: string) => `encodeURIComponent(${expr}).replace(/%40/g, '@')`;
	return {
		lookup: { method: 'GET', url: `=${api}/users/email:{{ ${segment('$json.email')} }}` },
		foundId: '$json.body.id',
		create: {
			method: 'POST',
			url: `${api}/usersignup`,
			form: [
				['first_name', '={{ $json.firstName }}'],
				['last_name', '={{ $json.lastName }}'],
				['email', '={{ $json.email }}'],
				['login', '={{ $json.login }}'],
				['password', 'Bench-Passw0rd!'],
			],
		},
		createdId: '$json.id',
		enroll: {
			method: 'POST',
			url: `${api}/addusertocourse`,
			form: [
				['user_id', `={{ $json.userId }}`],
				['course_id', target.courseId],
				['role', 'learner'],
			],
		},
		addToGroup: {
			method: 'GET',
			url: `=${api}/addusertogroup/user_id:{{ ${UID} }},group_key:{{ ${segment(`'${target.groupKey ?? ''}'`)} }}`,
		},
	};
}

function learnUponRecipe(api: string, target: Target): RawRecipe {
	return {
		lookup: { method: 'GET', url: `${api}/users/search`, query: [['email', '={{ $json.email }}']] },
		foundId: '$json.body.user[0].id',
		create: {
			method: 'POST',
			url: `${api}/users`,
			// LearnUpon's docs make a password (6+ characters) mandatory on create.
			jsonBody: `={{ JSON.stringify({ User: { email: $json.email, password: 'Bench-Passw0rd!', first_name: $json.firstName, last_name: $json.lastName, user_type: 'learner' } }) }}`,
		},
		createdId: '$json.id',
		enroll: {
			method: 'POST',
			url: `${api}/enrollments`,
			// Enrollments are by email or username in LearnUpon's docs, never user_id.
			jsonBody: `={{ JSON.stringify({ Enrollment: { email: ${HIRE}.email, course_id: ${Number(target.courseId)} } }) }}`,
		},
		addToGroup: {
			method: 'POST',
			url: `${api}/group_memberships`,
			jsonBody: `={{ JSON.stringify({ GroupMembership: { group_id: ${Number(target.groupId)}, user_id: Number(${UID}) } }) }}`,
		},
	};
}

function learnWorldsRecipe(api: string, target: Target, groupsPath: string): RawRecipe {
	const enc = (expr: string) => `encodeURIComponent(${expr})`;
	return {
		lookup: { method: 'GET', url: `=${api}/users/{{ ${enc('$json.email')} }}` },
		foundId: '($json.body.id ?? $json.body.data.id)',
		create: {
			method: 'POST',
			url: `${api}/users`,
			jsonBody: `={{ JSON.stringify({ email: $json.email, username: $json.login }) }}`,
		},
		createdId: '($json.id ?? $json.data.id)',
		enroll: {
			method: 'POST',
			url: `=${api}/users/{{ ${enc('$json.userId')} }}/enrollment`,
			jsonBody: `={{ JSON.stringify({ productId: '${target.courseId}', productType: 'course', price: 0 }) }}`,
		},
		addToGroup: {
			method: 'POST',
			url: `=${api}${groupsPath}/${encodeURIComponent(target.groupId)}/users/{{ ${enc(UID)} }}`,
		},
	};
}

/**
 * The plain-HTTP workflow's calls, per vendor whose raw API is known well enough to write it
 * (Learning Pool's paths are unknown, so it has none). Grow's groups are at /usergroups, as
 * Plenum's guide spells them.
 */
const RAW_RECIPES: Partial<Record<VendorId, (baseUrl: string, target: Target) => RawRecipe>> = {
	talentlms: (baseUrl, target) => talentLmsRecipe(`${baseUrl}/api/v1`, target),
	learnupon: (baseUrl, target) => learnUponRecipe(`${baseUrl}/api/v1`, target),
	learnworlds: (baseUrl, target) =>
		learnWorldsRecipe(`${baseUrl}/admin/api/v2`, target, learnWorldsProfile.defaultUserGroupsPath),
	grow: (baseUrl, target) =>
		learnWorldsRecipe(`${baseUrl}/admin/api/v2`, target, growProfile.defaultUserGroupsPath),
};

function rawRecipe(spec: RawSpec, target: Target): RawRecipe | undefined {
	return RAW_RECIPES[spec.vendor]?.(spec.baseUrl, target);
}

/** Whether the bench has a raw-API recipe for a vendor. */
export const hasRawRecipe = (vendor: VendorId) => RAW_RECIPES[vendor] !== undefined;

const TOKEN_NODE = 'Get token';

function httpNode(
	name: string,
	call: RawCall,
	spec: RawSpec,
	options: { neverErrorFullResponse?: boolean; batched: boolean },
): WfNode {
	const parameters: Json = { method: call.method, url: call.url };
	if (spec.basic) {
		parameters.authentication = 'genericCredentialType';
		parameters.genericAuthType = 'httpBasicAuth';
	}
	if (call.query) {
		parameters.sendQuery = true;
		parameters.queryParameters = {
			parameters: call.query.map(([name, value]) => ({ name, value })),
		};
	}
	if (spec.oauth) {
		parameters.sendHeaders = true;
		parameters.headerParameters = {
			parameters: [
				{ name: spec.oauth.header, value: spec.oauth.clientId },
				{
					name: 'Authorization',
					value: `=Bearer {{ $('${TOKEN_NODE}').first().json.tokenData.access_token }}`,
				},
			],
		};
	}
	if (call.form) {
		parameters.sendBody = true;
		parameters.contentType = 'form-urlencoded';
		parameters.bodyParameters = { parameters: call.form.map(([name, value]) => ({ name, value })) };
	} else if (call.jsonBody) {
		parameters.sendBody = true;
		parameters.contentType = 'json';
		parameters.specifyBody = 'json';
		parameters.jsonBody = call.jsonBody;
	}
	const opts: Json = {};
	if (options.neverErrorFullResponse)
		opts.response = { response: { neverError: true, fullResponse: true } };
	if (options.batched && spec.itemsPerSecond)
		opts.batching = { batch: { batchSize: spec.itemsPerSecond, batchInterval: 1000 } };
	parameters.options = opts;
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.5,
		parameters,
		retryOnFail: true,
		...(spec.basic
			? { credentials: { httpBasicAuth: { id: spec.basic.id, name: spec.basic.name } } }
			: {}),
	};
}

export function httpWorkflow(
	id: string,
	hires: HireSpec,
	spec: RawSpec,
	target: Target,
	batched: boolean,
): Json | undefined {
	const recipe = rawRecipe(spec, target);
	if (!recipe) return undefined;
	const node = (name: string, call: RawCall, neverErrorFullResponse = false) =>
		httpNode(name, call, spec, { neverErrorFullResponse, batched });
	const nodes: WfNode[] = [startNode];
	const chain: Array<[string, string, number?]> = [];
	let first = 'Start';
	if (spec.oauth) {
		// One token for the run, fetched before the items exist.
		nodes.push({
			name: TOKEN_NODE,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.5,
			retryOnFail: true,
			parameters: {
				method: 'POST',
				url: `${spec.baseUrl}/admin/api/oauth2/access_token`,
				sendHeaders: true,
				headerParameters: { parameters: [{ name: spec.oauth.header, value: spec.oauth.clientId }] },
				sendBody: true,
				contentType: 'form-urlencoded',
				bodyParameters: {
					parameters: [
						{ name: 'client_id', value: spec.oauth.clientId },
						{ name: 'client_secret', value: spec.oauth.clientSecret },
						{ name: 'grant_type', value: 'client_credentials' },
					],
				},
				options: {},
			},
		});
		chain.push(['Start', TOKEN_NODE]);
		first = TOKEN_NODE;
	}
	nodes.push(
		hiresNode(hires),
		node('HTTP Lookup user', recipe.lookup, true),
		{
			name: 'User found?',
			type: 'n8n-nodes-base.if',
			typeVersion: 2.2,
			parameters: {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
					conditions: [
						{
							id: 'found',
							leftValue: '={{ $json.statusCode }}',
							rightValue: 200,
							operator: { type: 'number', operation: 'equals' },
						},
					],
					combinator: 'and',
				},
				options: {},
			},
		},
		node('HTTP Create user', { ...recipe.create, ...withHire(recipe.create) }),
		{
			name: 'User ID',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				assignments: {
					assignments: [
						{
							id: 'userId',
							name: 'userId',
							type: 'string',
							value: `={{ String($json.statusCode === 200 && $json.body ? ${recipe.foundId} : ${recipe.createdId}) }}`,
						},
						{ id: 'email', name: 'email', type: 'string', value: `={{ ${HIRE}.email }}` },
					],
				},
				options: {},
			},
		},
		node('HTTP Enroll', recipe.enroll),
		node(HTTP_LAST_NODE, recipe.addToGroup),
	);
	chain.push(
		[first, HIRES_NODE],
		[HIRES_NODE, 'HTTP Lookup user'],
		['HTTP Lookup user', 'User found?'],
		['User found?', 'User ID', 0],
		['User found?', 'HTTP Create user', 1],
		['HTTP Create user', 'User ID'],
		['User ID', 'HTTP Enroll'],
		['HTTP Enroll', HTTP_LAST_NODE],
	);
	return base(
		id,
		`bench: onboarding, HTTP Request nodes${batched ? ', batched' : ''} (${hires.count})`,
		nodes,
		chain,
	);
}

/** The create call reads the hire through the IF node, so its expressions name the Hires node. */
function withHire(call: RawCall): Partial<RawCall> {
	const swap = (value: string) => value.replace(/\$json\./g, `${HIRE}.`);
	return {
		url: swap(call.url),
		form: call.form?.map(([name, value]) => [name, swap(value)] as [string, string]),
		jsonBody: call.jsonBody && swap(call.jsonBody),
	};
}
