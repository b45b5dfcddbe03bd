/**
 * LearnWorlds' published contract: its own OpenAPI 3.1 description of API v2
 * (docs/vendor-specs/learnworlds-api-v2.openapi.yaml, MIT per its `info`). Every API request to
 * the simulator is checked against it with ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1):
 * the path and method must be an operation of the spec, each query parameter one the operation
 * declares (with its type and enum), and the JSON body must validate against the operation's
 * request schema. The spec does not close its objects (`additionalProperties`), so refusing an
 * undeclared body property is our strict reading and is marked as a guess.
 *
 * Grow by Plenum publishes no spec: it runs this API (docs/grow.md), with an overlay for what
 * Plenum's provisioning guide (docs/grow.md, Sources) spells differently: `/usergroups` instead of
 * `/user_groups` (§4), programs instead of subscriptions (§3), its six role levels (§6), and the
 * bulk actions of §7 at paths that are confirmed at onboarding. Everything the overlay adds is a
 * guess and says so.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

import type { ContractViolation } from '../types';

export const SPEC_FILE = 'docs/vendor-specs/learnworlds-api-v2.openapi.yaml';
export const GROW_GUIDE = "Plenum's Grow provisioning guide";

type Json = Record<string, unknown>;
type Schema = Json;

interface Param {
	name: string;
	required: boolean;
	schema: Schema;
}

interface Operation {
	method: string;
	/** The spec's path, e.g. `/v2/users/{id}`. */
	template: string;
	regex: RegExp;
	operationId: string;
	query: Param[];
	/** Accepts `cf_<name>` query parameters (the spec's `cf_$field_name`). */
	customFieldQuery: boolean;
	body?: { schema: Schema; validate: ValidateFunction };
	/** Source to cite; set where the operation comes from Grow's overlay. */
	source?: string;
	guess?: boolean;
}

export interface ContractCheck {
	violation: ContractViolation;
	status: number;
	message: string;
}

function findRepoFile(relative: string): string {
	// The sandbox runs from sources (ts-jest) and from its build (.build/sandbox/…): walk up.
	let dir = __dirname;
	for (let i = 0; i < 6; i++) {
		const candidate = path.join(dir, relative);
		if (existsSync(candidate)) return candidate;
		dir = path.dirname(dir);
	}
	throw new Error(`Cannot find ${relative} above ${__dirname}`);
}

let cachedSpec: Json | undefined;

export function loadSpec(): Json {
	cachedSpec ??= parse(readFileSync(findRepoFile(SPEC_FILE), 'utf8')) as Json;
	return cachedSpec;
}

const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** Resolves a local `$ref` (`#/components/...`) of the spec. */
function deref(spec: Json, value: unknown): unknown {
	let v = value;
	for (let i = 0; i < 10 && isObj(v) && typeof v.$ref === 'string'; i++) {
		const pointer = v.$ref.replace(/^#\//, '').split('/');
		let at: unknown = spec;
		for (const raw of pointer)
			at = isObj(at) ? at[raw.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
		v = at;
	}
	return v;
}

const METHODS = ['get', 'post', 'put', 'delete', 'patch'];

/** Grow's overlay of the LearnWorlds spec. */
export interface Overlay {
	name: string;
	/** Spec path prefix → the vendor's own (e.g. `/v2/user_groups` → `/v2/usergroups`). */
	renamePaths: Record<string, string>;
	/** Replaces enum values everywhere in request schemas (e.g. `subscription` → `program`). */
	enumValues: Record<string, string>;
	/** Values added to the enum of a named query parameter. */
	queryEnums?: Record<string, string[]>;
	/** Operations the vendor adds, with their body schema (each a guess). */
	extra: Array<{
		method: string;
		template: string;
		operationId: string;
		query?: Param[];
		body?: Schema;
		source: string;
	}>;
}

export const GROW_OVERLAY: Overlay = {
	name: 'Grow',
	renamePaths: { '/v2/user_groups': '/v2/usergroups' },
	enumValues: { subscription: 'program' },
	queryEnums: { access_level: ['license_reporter'], role: ['seat_manager', 'license_reporter'] },
	extra: [
		{
			method: 'get',
			template: '/v2/programs',
			operationId: 'grow-get-programs',
			query: [{ name: 'page', required: false, schema: { type: 'integer' } }],
			source: `${GROW_GUIDE} §3 (programs are products; their listing path is not published)`,
		},
		{
			method: 'get',
			template: '/v2/programs/{id}',
			operationId: 'grow-get-programs-id',
			source: `${GROW_GUIDE} §3 (programs are products; their path is not published)`,
		},
		{
			method: 'post',
			template: '/v2/bulk-actions/enrollments',
			operationId: 'grow-post-bulk-enrollments',
			body: {
				type: 'object',
				required: ['items'],
				additionalProperties: false,
				properties: {
					items: {
						type: 'array',
						minItems: 1,
						maxItems: 1000,
						items: {
							type: 'object',
							// A missing price fails its item, not the batch (see the simulator).
							required: ['user', 'productId', 'productType'],
							additionalProperties: false,
							properties: {
								user: { type: 'string' },
								productId: { type: 'string' },
								productType: { enum: ['course', 'bundle', 'program'] },
								price: { type: 'number' },
								justification: { type: ['string', 'null'] },
							},
						},
					},
				},
			},
			source: `${GROW_GUIDE} §7 (an asynchronous-action handle; paths confirmed at onboarding)`,
		},
		{
			method: 'get',
			template: '/v2/bulk-actions/{id}',
			operationId: 'grow-get-bulk-action',
			source: `${GROW_GUIDE} §7 (poll a status endpoint until done; path confirmed at onboarding)`,
		},
	],
};

function templateRegex(template: string): RegExp {
	const body = template
		.split('/')
		.map((seg) => (/^\{[^}]+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
		.join('/');
	return new RegExp(`^${body}$`);
}

function replaceEnums(schema: unknown, map: Record<string, string>): unknown {
	if (Array.isArray(schema)) return schema.map((s) => replaceEnums(s, map));
	if (!isObj(schema)) return schema;
	const out: Json = {};
	for (const [k, v] of Object.entries(schema)) {
		if (k === 'enum' && Array.isArray(v))
			out[k] = v.map((x) => (typeof x === 'string' && map[x] ? map[x] : x));
		else out[k] = replaceEnums(v, map);
	}
	return out;
}

/** Inlines every `$ref`, so a schema stands alone (the spec has no recursive request schemas). */
function inline(spec: Json, schema: unknown, depth = 0): unknown {
	if (depth > 20) return schema;
	const resolved = deref(spec, schema);
	if (Array.isArray(resolved)) return resolved.map((s) => inline(spec, s, depth + 1));
	if (!isObj(resolved)) return resolved;
	const out: Json = {};
	for (const [k, v] of Object.entries(resolved)) {
		// Documentation-only keywords of OpenAPI / Stoplight carry examples that are not schemas.
		if (k === 'examples' || k === 'example' || k.startsWith('x-')) continue;
		out[k] = inline(spec, v, depth + 1);
	}
	return out;
}

export class LearnWorldsContract {
	private readonly ops: Operation[] = [];
	private readonly ajv: Ajv2020;
	/** Query parameter schemas, compiled once each. */
	private readonly compiled = new WeakMap<Schema, ValidateFunction>();

	constructor(readonly overlay?: Overlay) {
		this.ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
		addFormats(this.ajv);
		// OpenAPI's numeric formats are annotations, not string formats.
		for (const f of ['float', 'double', 'int32', 'int64']) this.ajv.addFormat(f, true);
		const spec = loadSpec();
		const paths = spec.paths as Record<string, Json>;
		for (const [specPath, item] of Object.entries(paths)) {
			const template = this.rename(specPath);
			const shared = (Array.isArray(item.parameters) ? item.parameters : []).map((p) =>
				deref(spec, p),
			);
			for (const method of METHODS) {
				const op = item[method];
				if (!isObj(op)) continue;
				const own = (Array.isArray(op.parameters) ? op.parameters : []).map((p) => deref(spec, p));
				const query = [...shared, ...own]
					.filter((p): p is Json => isObj(p) && p.in === 'query')
					.map((p) => this.param(spec, p));
				const bodySchema = deref(spec, (deref(spec, op.requestBody) as Json | undefined)?.content);
				const json = isObj(bodySchema)
					? (bodySchema['application/json'] as Json | undefined)
					: undefined;
				let body: Operation['body'];
				if (isObj(json?.schema)) {
					let schema = inline(spec, json.schema) as Schema;
					if (overlay) schema = replaceEnums(schema, overlay.enumValues) as Schema;
					body = { schema, validate: this.ajv.compile(schema) };
				}
				this.ops.push({
					method: method.toUpperCase(),
					template,
					regex: templateRegex(template),
					operationId: String(op.operationId ?? `${method} ${specPath}`),
					query: query.filter((p) => !p.name.includes('$')),
					customFieldQuery: query.some((p) => p.name === 'cf_$field_name'),
					body,
					...(template !== specPath
						? { source: `${GROW_GUIDE} §4 spells ${template}`, guess: true }
						: {}),
				});
			}
		}
		for (const extra of overlay?.extra ?? []) {
			this.ops.push({
				method: extra.method.toUpperCase(),
				template: extra.template,
				regex: templateRegex(extra.template),
				operationId: extra.operationId,
				query: extra.query ?? [],
				customFieldQuery: false,
				body: extra.body
					? { schema: extra.body, validate: this.ajv.compile(extra.body) }
					: undefined,
				source: extra.source,
				guess: true,
			});
		}
	}

	/** Every operation as `METHOD /v2/path` (for docs and tests). */
	operations(): string[] {
		return this.ops.map((o) => `${o.method} ${o.template}`);
	}

	private rename(specPath: string): string {
		for (const [from, to] of Object.entries(this.overlay?.renamePaths ?? {})) {
			if (specPath === from || specPath.startsWith(from + '/'))
				return to + specPath.slice(from.length);
		}
		return specPath;
	}

	private param(spec: Json, p: Json): Param {
		let schema = (inline(spec, p.schema) as Schema | undefined) ?? {};
		const name = String(p.name);
		const added = this.overlay?.queryEnums?.[name];
		if (added && Array.isArray(schema.enum))
			schema = { ...schema, enum: [...(schema.enum as unknown[]), ...added] };
		return { name, required: p.required === true, schema };
	}

	private source(op: Operation): string {
		return op.source ?? `${SPEC_FILE} › ${op.operationId}`;
	}

	/**
	 * Checks one request; `apiPath` is below `/admin/api` (e.g. `/v2/users/abc`), still encoded.
	 * Returns the violation and the answer to give, or undefined when the request keeps the contract.
	 */
	check(
		method: string,
		apiPath: string,
		query: Record<string, string>,
		rawBody: string,
	): ContractCheck | undefined {
		const candidates = this.ops.filter((o) => o.regex.test(apiPath));
		// A literal segment wins over a parameter (`/users/segments` before `/users/{id}`).
		candidates.sort((a, b) => literalCount(b.template) - literalCount(a.template));
		if (candidates.length === 0) {
			const renamed = Object.entries(this.overlay?.renamePaths ?? {}).find(
				([from]) => apiPath.startsWith(from + '/') || apiPath === from,
			);
			const source = renamed ? `${GROW_GUIDE} §4 spells ${renamed[1]}` : SPEC_FILE;
			return fail(
				'operation.unknown',
				`${method} ${apiPath}: no such operation`,
				source,
				404,
				'Sorry the resource your trying to access does not exist.',
				Boolean(renamed),
			);
		}
		const op = candidates.find((o) => o.method === method);
		if (!op) {
			const allowed = candidates.map((o) => o.method).join(', ');
			return fail(
				'operation.method',
				`${method} ${candidates[0].template}: the spec has ${allowed} only`,
				this.source(candidates[0]),
				404,
				'Sorry the resource your trying to access does not exist.',
				candidates[0].guess,
			);
		}
		const where = `${op.method} ${op.template}`;
		for (const [name, value] of Object.entries(query)) {
			const param = op.query.find((p) => p.name === name);
			if (!param) {
				if (op.customFieldQuery && /^cf_\w+$/.test(name)) continue;
				return fail(
					'query.unknown',
					`${where}: query parameter "${name}" is not in the spec`,
					this.source(op),
					400,
					`Unknown query parameter ${name}`,
					op.guess,
				);
			}
			const problem = this.checkValue(param.schema, value);
			if (problem)
				return fail(
					Array.isArray(param.schema.enum) ? 'query.enum' : 'query.type',
					`${where}: query parameter "${name}"=${JSON.stringify(value)} ${problem}`,
					this.source(op),
					422,
					`You need to provide a valid ${name} query parameters value`,
					op.guess,
				);
		}
		for (const param of op.query) {
			if (param.required && query[param.name] === undefined)
				return fail(
					'query.required',
					`${where}: query parameter "${param.name}" is required`,
					this.source(op),
					422,
					`The ${param.name} query parameter is required`,
					op.guess,
				);
		}
		const text = rawBody.trim();
		if (!op.body) {
			if (text !== '' && text !== '{}')
				return fail(
					'body.unexpected',
					`${where}: the operation takes no request body`,
					this.source(op),
					400,
					'This request takes no body',
					true,
				);
			return undefined;
		}
		let body: unknown = {};
		if (text !== '') {
			try {
				body = JSON.parse(text);
			} catch {
				return fail(
					'body.json',
					`${where}: the body is not JSON`,
					this.source(op),
					400,
					'The request body is not valid JSON',
					op.guess,
				);
			}
		}
		if (!op.body.validate(body)) {
			const errors = op.body.validate.errors ?? [];
			return fail(
				errors.some((e) => e.keyword === 'required') ? 'body.required' : 'body.schema',
				`${where}: ${describe(errors)}`,
				this.source(op),
				422,
				describe(errors),
				op.guess,
			);
		}
		const unknown = unknownProperties(body, op.body.schema, '');
		if (unknown.length)
			return fail(
				'body.unknownProperty',
				`${where}: ${unknown.map((p) => `"${p}"`).join(', ')} not in the request schema`,
				this.source(op),
				422,
				`Unknown field ${unknown[0]}`,
				true,
			);
		return undefined;
	}

	private checkValue(schema: Schema, value: string): string | undefined {
		const type = schema.type;
		let v: unknown = value;
		if (type === 'number' || type === 'integer') {
			if (!/^-?\d+(\.\d+)?$/.test(value)) return `is not a ${String(type)}`;
			v = Number(value);
		}
		if (type === 'array') v = value.split(',');
		let validate = this.compiled.get(schema);
		if (!validate) this.compiled.set(schema, (validate = this.ajv.compile(schema)));
		return validate(v) ? undefined : describe(validate.errors ?? []);
	}
}

function literalCount(template: string): number {
	return template.split('/').filter((s) => s !== '' && !s.startsWith('{')).length;
}

function fail(
	rule: string,
	detail: string,
	source: string,
	status: number,
	message: string,
	guess?: boolean,
): ContractCheck {
	return {
		violation: { rule, detail, source, ...(guess ? { guess: true } : {}) },
		status,
		message,
	};
}

function describe(errors: ErrorObject[]): string {
	return errors
		.slice(0, 3)
		.map((e) => {
			const at = e.instancePath || '(body)';
			if (e.keyword === 'required')
				return `${at}: "${String((e.params as { missingProperty?: string }).missingProperty)}" is required`;
			if (e.keyword === 'enum')
				return `${at} must be one of ${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)}`;
			return `${at} ${e.message ?? 'is invalid'}`;
		})
		.join('; ');
}

/**
 * Body properties the request schema does not declare. A user's `fields` may also carry the
 * school's custom profile fields, `cf_<name>` (the spec filters users by `cf_$field_name`).
 */
function unknownProperties(value: unknown, schema: Schema, at: string): string[] {
	if (Array.isArray(value) && isObj(schema.items))
		return value.flatMap((v, i) => unknownProperties(v, schema.items as Schema, `${at}[${i}]`));
	if (!isObj(value) || !isObj(schema.properties)) return [];
	const props = schema.properties as Record<string, Schema>;
	const out: string[] = [];
	for (const [key, v] of Object.entries(value)) {
		const name = at ? `${at}.${key}` : key;
		if (props[key]) out.push(...unknownProperties(v, props[key], name));
		else if (!(at === 'fields' && /^cf_\w+$/.test(key))) out.push(name);
	}
	return out;
}
