'use strict';
// The runtime itself: n8n executes a plain workflow, loads this package from its tarball
// install, and the sandbox answers. Vendor files build on this.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./lib/harness');
const { checkLoadedTypes } = require('./lib/stack');

test('n8n executes a manual trigger + Set workflow', async () => {
	const res = await h.execute('smoke-set');
	assert.equal(res.status, 'success', res.describe());
	assert.deepEqual(res.items('Set'), [{ greeting: 'hello from e2e', answer: 42 }]);
});

test('a failed run comes back as data, with the node and message', async () => {
	const res = await h.execute('smoke-error');
	assert.equal(res.status, 'error', res.describe());
	assert.equal(res.lastNode, 'Fail');
	assert.match(res.error.message, /deliberate failure \{with braces\}/);
});

test('the package is installed as files, not a link', () => {
	const dir = path.join(h.ctx.userFolder, '.n8n', 'nodes', 'node_modules', h.ctx.package.name);
	assert.ok(fs.existsSync(path.join(dir, 'package.json')), `${dir} missing`);
	assert.equal(fs.lstatSync(dir).isSymbolicLink(), false);
});

test('n8n lists every node and credential type the package declares', async (t) => {
	const { nodes, credentials, missing } = h.ctx.package;
	if (nodes.length === 0 && credentials.length === 0) {
		t.skip(
			`package.json n8n.nodes/credentials has nothing built in dist/ yet${missing.length ? ` (${missing.length} declared file(s) missing)` : ''}`,
		);
		return;
	}
	const owner = { email: 'e2e@example.com', password: 'E2e-password-1' };
	const server = await h.runtime.startN8nServer(h.ctx.userFolder, { owner });
	try {
		const api = await server.login();
		const { absentNodes, absentCredentials, loadErrors } = await checkLoadedTypes(
			server,
			api,
			h.ctx.package,
		);
		const hint = missing.length
			? `; package.json declares ${missing.length} file(s) dist/ lacks`
			: '';
		assert.deepEqual(
			absentNodes,
			[],
			`n8n did not load node types; load errors: ${loadErrors.join(' | ') || 'none logged'}${hint}`,
		);
		assert.deepEqual(absentCredentials, [], 'n8n did not load credential types');
		if (missing.length) t.diagnostic(`declared but not built: ${missing.join(', ')}`);
	} finally {
		await server.stop();
	}
});

test('every sandbox vendor answers its inspection API', async () => {
	const vendors = Object.keys(h.ctx.sandbox);
	assert.ok(vendors.length > 0, 'no sandbox vendors running');
	for (const v of vendors) {
		const info = await h.sandbox(v).info();
		assert.equal(info.vendor, v);
	}
});
