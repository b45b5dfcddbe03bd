/**
 * Every picker a node shows has its method: a resource locator's search or a dropdown's loader
 * missing from `methods` only fails when a user opens it in the editor.
 */
import * as path from 'node:path';

import type { INodeType } from 'n8n-workflow';

import packageJson from '../../../package.json';
import { VENDORS } from '../../../nodes/shared/vendors';

const root = path.resolve(__dirname, '../../..');

function nodeTypes(): Array<[string, INodeType]> {
	return packageJson.n8n.nodes.map((built: string) => {
		const source = path.join(root, built.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		const module = require(source) as Record<string, new () => INodeType>;
		const [name, NodeClass] = Object.entries(module).find(
			([, value]) => typeof value === 'function',
		)!;
		return [name, new NodeClass()];
	});
}

/** Every `key: value` under `node`, at any depth. */
function valuesOf(node: unknown, key: string, found: string[] = []): string[] {
	if (Array.isArray(node)) for (const child of node) valuesOf(child, key, found);
	else if (node && typeof node === 'object') {
		for (const [name, value] of Object.entries(node)) {
			if (name === key && typeof value === 'string') found.push(value);
			else valuesOf(value, key, found);
		}
	}
	return found;
}

describe('node methods', () => {
	const nodes = nodeTypes();

	it('finds every node the package declares', () => {
		expect(nodes.length).toBe(packageJson.n8n.nodes.length);
	});

	it.each(nodes)('%s has a method for every search and dropdown it shows', (_name, node) => {
		const properties = node.description.properties;
		for (const method of valuesOf(properties, 'searchListMethod'))
			expect([method, typeof node.methods?.listSearch?.[method]]).toEqual([method, 'function']);
		for (const method of valuesOf(properties, 'loadOptionsMethod'))
			expect([method, typeof node.methods?.loadOptions?.[method]]).toEqual([method, 'function']);
	});

	it.each(VENDORS.map((vendor) => [vendor.name, vendor] as const))(
		'%s has an action node and a polling trigger under the names its definition declares',
		(_name, vendor) => {
			const named = (name: string) => nodes.find(([, node]) => node.description.name === name);
			for (const name of [vendor.nodeName, `${vendor.nodeName}Trigger`]) {
				const [className, node] = named(name) ?? [];
				// n8n's convention: the type name is the class name in lower camel case.
				expect(className && className[0].toLowerCase() + className.slice(1)).toBe(name);
				expect(node?.description.credentials?.[0]?.name).toBe(vendor.credentialType);
			}
		},
	);
});
