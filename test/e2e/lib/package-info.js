'use strict';
/**
 * What this package declares to n8n (package.json → n8n.nodes / n8n.credentials), read from the
 * built dist/ files: the node type names n8n must list and the credential type names to import.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');

function instances(file) {
	const mod = require(path.join(ROOT, file));
	return Object.values(mod)
		.filter((v) => typeof v === 'function')
		.map((Cls) => new Cls());
}

function packageInfo(root = ROOT) {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const declared = { nodes: pkg.n8n?.nodes ?? [], credentials: pkg.n8n?.credentials ?? [] };
	const missing = [...declared.nodes, ...declared.credentials].filter(
		(f) => !fs.existsSync(path.join(root, f)),
	);
	const nodes = [];
	const credentials = [];
	for (const file of declared.nodes) {
		if (!fs.existsSync(path.join(root, file))) continue;
		for (const inst of instances(file)) {
			// Versioned nodes keep the name on description (VersionedNodeType: .description).
			const name = inst.description?.name;
			if (name)
				nodes.push({
					file,
					name,
					type: `${pkg.name}.${name}`,
					displayName: inst.description.displayName,
				});
		}
	}
	for (const file of declared.credentials) {
		if (!fs.existsSync(path.join(root, file))) continue;
		for (const inst of instances(file)) {
			if (inst.name) credentials.push({ file, name: inst.name, displayName: inst.displayName });
		}
	}
	return { name: pkg.name, version: pkg.version, declared, missing, nodes, credentials };
}

module.exports = { packageInfo, ROOT };
