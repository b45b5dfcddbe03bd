'use strict';
/**
 * Workflow and credential files are templates: they name sandbox endpoints and secrets with
 * placeholders that are filled per run, because sandbox ports are picked at run time.
 *
 *   @@SANDBOX_URL:<vendor>@@          base URL of that vendor's simulator, e.g. http://127.0.0.1:4101
 *   @@SANDBOX_CRED:<vendor>:<key>@@   a value from the simulator's demo credentials (GET /__sandbox/info)
 *   @@RUN_ID@@                        unique per run, for unique emails / names
 *
 * The @@ form cannot collide with n8n expressions ({{ }}) or JS template strings (${ }).
 */
const fs = require('node:fs');
const path = require('node:path');

const PLACEHOLDER = /@@(SANDBOX_URL|SANDBOX_CRED|RUN_ID)(?::([a-z]+))?(?::([A-Za-z0-9_]+))?@@/g;

/** vars: { sandbox: { <vendor>: { url, credentials } }, runId } */
function fill(value, vars, where = 'template') {
	if (typeof value === 'string') {
		return value.replace(PLACEHOLDER, (m, kind, vendor, key) => {
			if (kind === 'RUN_ID') return vars.runId;
			const sb = vars.sandbox?.[vendor];
			if (!sb) throw new MissingVendorError(vendor, where);
			if (kind === 'SANDBOX_URL') return sb.url;
			const v = sb.credentials?.[key];
			if (v === undefined)
				throw new Error(
					`${where}: the ${vendor} sandbox has no credential "${key}" (has: ${Object.keys(sb.credentials ?? {}).join(', ')})`,
				);
			return String(v);
		});
	}
	if (Array.isArray(value)) return value.map((v) => fill(v, vars, where));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars, where)]));
	}
	return value;
}

class MissingVendorError extends Error {
	constructor(vendor, where) {
		super(`${where}: no sandbox running for "${vendor}"`);
		this.vendor = vendor;
	}
}

/** Vendors a template mentions (so a runner can skip what the sandbox does not simulate yet). */
function vendorsIn(value) {
	const found = new Set();
	for (const m of JSON.stringify(value).matchAll(PLACEHOLDER)) if (m[2]) found.add(m[2]);
	return [...found];
}

/** All *.json workflow templates in a folder, with their file names. */
function readWorkflowDir(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => ({
			file: path.join(dir, f),
			workflow: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')),
		}));
}

module.exports = { fill, vendorsIn, readWorkflowDir, MissingVendorError };
